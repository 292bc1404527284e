import { Construct } from 'constructs';
import { IntOrString, KubeDeployment, type KubeDeploymentProps } from '../../../charts/imports/k8s.js';
import { OCI_REPOSITORY, SHA256_DIGEST } from '../../artifacts.js';
import { isTemplated } from './helm-template.js';
import { CONFIG_DIR, CONFIG_KEY, HEALTH_PORT, METRICS_PORT, OBJECT_LABELS, OS_METAL_NAME, SELECTOR_LABELS } from './labels.js';

/** Requests and limits as Helm values carry them: resource name → quantity. */
export interface ResourceRequirementsValues {
  readonly requests?: Readonly<Record<string, string | number>>;
  readonly limits?: Readonly<Record<string, string | number>>;
}

/**
 * Informers over every OSC and Secret of a seed dominate the memory; no CPU limit (Gardener's
 * extensions set none: throttling a controller only delays reconciles).
 */
export const DEFAULT_RESOURCES: ResourceRequirementsValues = { requests: { cpu: '50m', memory: '128Mi' }, limits: { memory: '512Mi' } };

/** The UID/GID the image runs as (COMMON contract: non-root 65532, distroless' `nonroot`). */
export const OS_METAL_UID = 65532;

export interface ControllerDeploymentProps {
  readonly namespace: string;
  /** `repository@sha256:<digest>`: the image pinned by digest. */
  readonly image: string;
  readonly serviceAccountName: string;
  /** The ControllerConfigMap's name, mounted at /etc/os-metal/. */
  readonly configMapName: string;
  /** sha256 of the configuration text, as pod annotation `checksum/config`: a changed configuration rolls the pods. */
  readonly configChecksum: string;
  /** Default: 2 (one leader, one standby). */
  readonly replicas?: number;
  /** Default: `DEFAULT_RESOURCES`. */
  readonly resources?: ResourceRequirementsValues;
  /** `LOG_LEVEL` of the process. Default: `info`. */
  readonly logLevel?: string;
  /** Default: `IfNotPresent` (the image is pinned by digest). */
  readonly imagePullPolicy?: string;
  /** Default: `gardener-system-900`, the class gardenlet creates in seeds for extensions. */
  readonly priorityClassName?: string;
  /** Default: `gardener-extension-os-metal`. */
  readonly name?: string;
}

/** The arguments of the os-metal process (COMMON contract); the image's entrypoint runs the bundle. */
export const OS_METAL_ARGS: readonly string[] = [
  `--config=${CONFIG_DIR}/${CONFIG_KEY}`,
  '--leader-elect=true',
  '--leader-election-namespace=$(POD_NAMESPACE)',
  `--metrics-bind-address=:${METRICS_PORT}`,
  `--health-probe-bind-address=:${HEALTH_PORT}`,
];

function check(props: ControllerDeploymentProps): void {
  if (!isTemplated(props.image)) {
    const [repository, digest, ...rest] = props.image.split('@');
    if (!repository || !digest || rest.length > 0 || !OCI_REPOSITORY.test(repository) || !SHA256_DIGEST.test(digest)) {
      throw new Error(`ControllerDeployment: image ${JSON.stringify(props.image)} must be pinned by digest: <repository>@sha256:<64 hex digits>, without tag`);
    }
  }
  const replicas = props.replicas;
  if (replicas !== undefined && !isTemplated(replicas) && (!Number.isInteger(replicas) || replicas < 1)) {
    throw new Error(`ControllerDeployment: replicas ${replicas} must be an integer of at least 1`);
  }
}

/**
 * The generated binding maps requests and limits through its typed Quantity class, which would drop
 * plain Helm values and template tokens; this one writes the container's resources verbatim.
 */
class DeploymentWithResources extends KubeDeployment {
  constructor(
    scope: Construct,
    id: string,
    props: KubeDeploymentProps,
    private readonly resources: ResourceRequirementsValues,
  ) {
    super(scope, id, props);
  }

  override toJson(): Record<string, unknown> {
    const json = super.toJson() as { spec: { template: { spec: { containers: Record<string, unknown>[] } } } };
    for (const container of json.spec.template.spec.containers) container['resources'] = this.resources;
    return json;
  }
}

/**
 * The os-metal Deployment: leader-elected replicas, restricted pod security (non-root 65532, read-only
 * root filesystem, no capabilities, RuntimeDefault seccomp), probes on the health port, scrape
 * annotations for the seed Prometheus (its `extensions` PodMonitor keeps pods in `extension-*`
 * namespaces with `prometheus.io/scrape`/`port`, and names the job after `prometheus.io/name`).
 */
export class ControllerDeployment extends Construct {
  readonly deployment: KubeDeployment;

  constructor(scope: Construct, id: string, props: ControllerDeploymentProps) {
    super(scope, id);
    check(props);
    const name = props.name ?? OS_METAL_NAME;
    this.deployment = new DeploymentWithResources(
      this,
      'resource',
      {
        metadata: { name, namespace: props.namespace, labels: { ...OBJECT_LABELS } },
        spec: {
          replicas: props.replicas ?? 2,
          revisionHistoryLimit: 2,
          selector: { matchLabels: { ...SELECTOR_LABELS } },
          template: {
            metadata: {
              labels: {
                ...OBJECT_LABELS,
                // Gardener's seed network policies: egress to the seed's API server and DNS only.
                'networking.gardener.cloud/to-runtime-apiserver': 'allowed',
                'networking.gardener.cloud/to-dns': 'allowed',
              },
              annotations: {
                'checksum/config': props.configChecksum,
                'prometheus.io/scrape': 'true',
                'prometheus.io/port': String(METRICS_PORT),
                'prometheus.io/name': 'os-metal',
              },
            },
            spec: {
              serviceAccountName: props.serviceAccountName,
              priorityClassName: props.priorityClassName ?? 'gardener-system-900',
              securityContext: {
                runAsNonRoot: true,
                runAsUser: OS_METAL_UID,
                runAsGroup: OS_METAL_UID,
                seccompProfile: { type: 'RuntimeDefault' },
              },
              // Leader and standby on different nodes when the seed has them; never blocks scheduling.
              topologySpreadConstraints: [
                {
                  maxSkew: 1,
                  topologyKey: 'kubernetes.io/hostname',
                  whenUnsatisfiable: 'ScheduleAnyway',
                  labelSelector: { matchLabels: { ...SELECTOR_LABELS } },
                },
              ],
              containers: [
                {
                  name: 'os-metal',
                  image: props.image,
                  imagePullPolicy: props.imagePullPolicy ?? 'IfNotPresent',
                  args: [...OS_METAL_ARGS],
                  env: [
                    { name: 'POD_NAME', valueFrom: { fieldRef: { fieldPath: 'metadata.name' } } },
                    { name: 'POD_NAMESPACE', valueFrom: { fieldRef: { fieldPath: 'metadata.namespace' } } },
                    { name: 'LOG_LEVEL', value: props.logLevel ?? 'info' },
                  ],
                  ports: [
                    { name: 'metrics', containerPort: METRICS_PORT, protocol: 'TCP' },
                    { name: 'health', containerPort: HEALTH_PORT, protocol: 'TCP' },
                  ],
                  livenessProbe: {
                    httpGet: { path: '/healthz', port: IntOrString.fromString('health') },
                    initialDelaySeconds: 10,
                    periodSeconds: 10,
                    failureThreshold: 3,
                  },
                  readinessProbe: {
                    httpGet: { path: '/readyz', port: IntOrString.fromString('health') },
                    initialDelaySeconds: 5,
                    periodSeconds: 10,
                    failureThreshold: 3,
                  },
                  securityContext: {
                    allowPrivilegeEscalation: false,
                    readOnlyRootFilesystem: true,
                    runAsNonRoot: true,
                    capabilities: { drop: ['ALL'] },
                  },
                  volumeMounts: [{ name: 'config', mountPath: CONFIG_DIR, readOnly: true }],
                },
              ],
              volumes: [{ name: 'config', configMap: { name: props.configMapName } }],
            },
          },
        },
      },
      props.resources ?? DEFAULT_RESOURCES,
    );
  }
}
