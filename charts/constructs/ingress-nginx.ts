import { Construct } from 'constructs';
import { FluxHelmRelease } from './helm-release.js';

export const INGRESS_NGINX_REPOSITORY = 'https://kubernetes.github.io/ingress-nginx';
/** Helm release name (and chart name) of ingress-nginx; the controller pods' labels derive from it. */
export const INGRESS_NGINX_RELEASE = 'ingress-nginx';

/**
 * Labels of the ingress-nginx controller pods as the chart sets them (`ingress-nginx.selectorLabels`
 * plus `app.kubernetes.io/component: controller`), for network policies that must reach them.
 */
export function ingressNginxControllerPodLabels(): Readonly<Record<string, string>> {
  return {
    'app.kubernetes.io/component': 'controller',
    'app.kubernetes.io/instance': INGRESS_NGINX_RELEASE,
    'app.kubernetes.io/name': 'ingress-nginx',
  };
}

/** The IngressClass ingress-nginx serves; the default class of the runtime cluster. */
export const INGRESS_CLASS = 'nginx';

/** A TCP port the ingress controller forwards as-is to a Service (ingress-nginx `tcp:` values). */
export interface TcpExposure {
  /** Port on the ingress load balancer. */
  readonly port: number;
  readonly namespace: string;
  readonly service: string;
  readonly servicePort: number;
}

export interface IngressNginxProps {
  /** Namespace of the release (must exist). */
  readonly namespace: string;
  /** Pinned chart version, e.g. `4.13.3`. */
  readonly version: string;
  /** Controller replicas. Default: 2. */
  readonly replicas?: number;
  /** Static IP of the LoadBalancer Service. Default: assigned by the cloud. */
  readonly loadBalancerIP?: string;
  /** Raw TCP ports to expose. Default: none. */
  readonly tcp?: readonly TcpExposure[];
  /**
   * Pass TLS through to backends that terminate it themselves (the virtual garden's kube-apiserver
   * behind `nginx.ingress.kubernetes.io/ssl-passthrough`). Default: true.
   */
  readonly sslPassthrough?: boolean;
}

/** The chart's `tcp:` map: `"<port>": "<namespace>/<service>:<port>"`, keys sorted; a port used twice is rejected. */
export function tcpServicesValues(exposures: readonly TcpExposure[]): Record<string, string> {
  const map: Record<string, string> = {};
  for (const exposure of [...exposures].sort((a, b) => a.port - b.port)) {
    for (const port of [exposure.port, exposure.servicePort]) {
      if (!Number.isInteger(port) || port < 1 || port > 65535) throw new Error(`ingress-nginx: TCP port ${port} of ${exposure.service} is not a port number`);
    }
    const key = String(exposure.port);
    if (map[key]) throw new Error(`ingress-nginx: TCP port ${key} is exposed twice (${map[key]} and ${exposure.namespace}/${exposure.service})`);
    map[key] = `${exposure.namespace}/${exposure.service}:${exposure.servicePort}`;
  }
  return map;
}

export function ingressNginxValues(props: Omit<IngressNginxProps, 'namespace' | 'version'>): Record<string, unknown> {
  const replicas = props.replicas ?? 2;
  if (!Number.isInteger(replicas) || replicas < 1) throw new Error(`ingress-nginx: replicas ${replicas} must be a positive integer`);
  const tcp = tcpServicesValues(props.tcp ?? []);
  return {
    controller: {
      replicaCount: replicas,
      // The flag takes no value; the chart renders `--enable-ssl-passthrough` for an empty string.
      ...(props.sslPassthrough === false ? {} : { extraArgs: { 'enable-ssl-passthrough': '' } }),
      ingressClassResource: { name: INGRESS_CLASS, default: true },
      service: {
        type: 'LoadBalancer',
        // Keep client source IPs (metal-api and nsq see the partition's addresses).
        externalTrafficPolicy: 'Local',
        ...(props.loadBalancerIP ? { loadBalancerIP: props.loadBalancerIP } : {}),
      },
      resources: { requests: { cpu: '100m', memory: '128Mi' } },
      // Replicas on different nodes and zones where the cluster has them (the chart's own
      // PodDisruptionBudget, minAvailable 1, exists from two replicas on).
      topologySpreadConstraints: ['kubernetes.io/hostname', 'topology.kubernetes.io/zone'].map((topologyKey) => ({
        maxSkew: 1,
        topologyKey,
        whenUnsatisfiable: 'ScheduleAnyway',
        labelSelector: { matchLabels: ingressNginxControllerPodLabels() },
      })),
    },
    ...(Object.keys(tcp).length > 0 ? { tcp } : {}),
  };
}

/** ingress-nginx as a Flux HelmRelease: HTTP(S) ingress, raw TCP ports, ssl-passthrough. */
export class IngressNginx extends Construct {
  readonly helmRelease: FluxHelmRelease;

  constructor(scope: Construct, id: string, props: IngressNginxProps) {
    super(scope, id);
    this.helmRelease = new FluxHelmRelease(this, 'release', {
      name: INGRESS_NGINX_RELEASE,
      namespace: props.namespace,
      source: { repository: INGRESS_NGINX_REPOSITORY, chart: 'ingress-nginx', version: props.version },
      values: ingressNginxValues(props),
    });
  }
}
