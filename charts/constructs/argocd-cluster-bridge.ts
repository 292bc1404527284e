import { Construct } from 'constructs';
import { IntOrString, KubeDeployment, KubeRole, KubeRoleBinding, KubeServiceAccount, type PolicyRule } from '../imports/k8s.js';
import { OCI_REPOSITORY, SHA256_DIGEST } from '../../controllers/artifacts.js';
import { ARGOCD_CLUSTER_BRIDGE_NAME, HEALTH_PORT, METRICS_PORT } from '../../controllers/argocd-cluster-bridge/names.js';
import { nonRootContainer, resources } from './pod-security.js';

/** The UID/GID the controller image runs as (controllers/build: user `nonroot`, 65532). */
export const CONTROLLER_UID = 65532;

export interface ArgoCdClusterBridgeProps {
  /** Namespace the controller runs in; the token-requestor Secret is there too. Default: `garden`. */
  readonly namespace?: string;
  /** The token-requestor Secret in `namespace` and its kubeconfig key. */
  readonly source: { readonly name: string; readonly key: string };
  /** Argo CD's namespace, where the cluster Secret is written (`spec.delivery.argocd.namespace`). */
  readonly argocdNamespace: string;
  /** The cluster's name in Argo CD, `<landscape>-virtual-garden` (virtualGardenClusterName). */
  readonly clusterName: string;
  /** The cluster Secret's name. Default: `clusterName`. */
  readonly clusterSecretName?: string;
  /** `repository@sha256:<digest>` (controllers/artifacts.json, in the landscape's registry). */
  readonly image: string;
  /** `LOG_LEVEL`. Default: `info`. */
  readonly logLevel?: string;
}

/** Labels of every object; the Deployment selects on the first. */
const SELECTOR_LABELS = { 'app.kubernetes.io/name': ARGOCD_CLUSTER_BRIDGE_NAME } as const;
const OBJECT_LABELS = { ...SELECTOR_LABELS, 'app.kubernetes.io/component': 'controller', 'app.kubernetes.io/part-of': 'metal-garden' } as const;

/**
 * The Role in the controller's namespace: read the one token-requestor Secret, record events.
 * list and watch by `resourceNames` are honoured because the controller's informer lists and
 * watches with `fieldSelector=metadata.name=<name>` (the authorizer takes the name from it).
 * Events go through events.k8s.io/v1 only; a repeat patches the first event's series.
 */
export function sourceRules(sourceName: string): PolicyRule[] {
  return [
    { apiGroups: [''], resources: ['secrets'], resourceNames: [sourceName], verbs: ['get', 'list', 'watch'] },
    { apiGroups: ['events.k8s.io'], resources: ['events'], verbs: ['create', 'patch'] },
  ];
}

/**
 * The Role in Argo CD's namespace: the one cluster Secret, by name, and nothing else; no `delete`.
 * `create` is limited by name too, which works only because the controller creates the Secret by
 * server-side apply: a PATCH to `.../secrets/<name>` of a missing object is authorized as `create`
 * with the name from the URL, so `resourceNames` apply (checked against kube-apiserver v1.36: the
 * apply of another name and any POST are refused). A controller that created by POST could not be
 * limited by name (the authorizer sees no name on a POST) and would need `create` on all Secrets
 * of the namespace.
 */
export function targetRules(clusterSecretName: string): PolicyRule[] {
  return [{ apiGroups: [''], resources: ['secrets'], resourceNames: [clusterSecretName], verbs: ['get', 'list', 'watch', 'create', 'update', 'patch'] }];
}

/** The container's arguments (besides nothing: every name is explicit, so the Deployment says what it touches). */
export function bridgeArgs(props: ArgoCdClusterBridgeProps, namespace: string): string[] {
  return [
    `--source-namespace=${namespace}`,
    `--source-name=${props.source.name}`,
    `--source-key=${props.source.key}`,
    `--argocd-namespace=${props.argocdNamespace}`,
    `--cluster-name=${props.clusterName}`,
    `--cluster-secret-name=${props.clusterSecretName ?? props.clusterName}`,
    `--metrics-bind-address=:${METRICS_PORT}`,
    `--health-probe-bind-address=:${HEALTH_PORT}`,
  ];
}

/**
 * argocd-cluster-bridge (controllers/argocd-cluster-bridge): keeps Argo CD's cluster Secret for the
 * virtual garden current with the token-requestor's rotating token. ServiceAccount, Roles and
 * RoleBindings in the controller's namespace and Argo CD's, and a one-replica Deployment (every
 * write is an idempotent server-side apply, so no leader election). The pod talks to the runtime
 * kube-apiserver only: Gardener's network policies in `garden` admit that with the label
 * `networking.gardener.cloud/to-runtime-apiserver`; nothing connects to it but the kubelet's probes.
 */
export class ArgoCdClusterBridge extends Construct {
  readonly deployment: KubeDeployment;
  readonly serviceAccountName: string;

  constructor(scope: Construct, id: string, props: ArgoCdClusterBridgeProps) {
    super(scope, id);
    const namespace = props.namespace ?? 'garden';
    const name = ARGOCD_CLUSTER_BRIDGE_NAME;
    const [repository, digest, ...rest] = props.image.split('@');
    if (!repository || !digest || rest.length > 0 || !OCI_REPOSITORY.test(repository) || !SHA256_DIGEST.test(digest)) {
      throw new Error(`ArgoCdClusterBridge: image ${JSON.stringify(props.image)} must be pinned by digest: <repository>@sha256:<64 hex digits>, without tag`);
    }
    this.serviceAccountName = name;
    const labels = { ...OBJECT_LABELS };
    new KubeServiceAccount(this, 'service-account', { metadata: { name, namespace, labels } });

    const roleName = `metal-garden:${name}`;
    const bind = (id: string, roleNamespace: string, rules: PolicyRule[]): void => {
      new KubeRole(this, `${id}-role`, { metadata: { name: roleName, namespace: roleNamespace, labels }, rules });
      new KubeRoleBinding(this, `${id}-binding`, {
        metadata: { name: roleName, namespace: roleNamespace, labels },
        roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'Role', name: roleName },
        subjects: [{ kind: 'ServiceAccount', name, namespace }],
      });
    };
    bind('source', namespace, sourceRules(props.source.name));
    bind('target', props.argocdNamespace, targetRules(props.clusterSecretName ?? props.clusterName));

    this.deployment = new KubeDeployment(this, 'deployment', {
      metadata: { name, namespace, labels },
      spec: {
        replicas: 1,
        revisionHistoryLimit: 2,
        selector: { matchLabels: { ...SELECTOR_LABELS } },
        template: {
          metadata: {
            // Gardener's network policies in `garden`: egress to the runtime kube-apiserver.
            labels: { ...labels, 'networking.gardener.cloud/to-runtime-apiserver': 'allowed' },
          },
          spec: {
            serviceAccountName: name,
            securityContext: { runAsNonRoot: true, runAsUser: CONTROLLER_UID, runAsGroup: CONTROLLER_UID, seccompProfile: { type: 'RuntimeDefault' } },
            containers: [
              nonRootContainer({
                name,
                image: props.image,
                imagePullPolicy: 'IfNotPresent',
                args: bridgeArgs(props, namespace),
                env: [
                  { name: 'POD_NAME', valueFrom: { fieldRef: { fieldPath: 'metadata.name' } } },
                  { name: 'POD_NAMESPACE', valueFrom: { fieldRef: { fieldPath: 'metadata.namespace' } } },
                  // Events about a missing source Secret name the pod; `kubectl describe pod` matches them by uid.
                  { name: 'POD_UID', valueFrom: { fieldRef: { fieldPath: 'metadata.uid' } } },
                  { name: 'LOG_LEVEL', value: props.logLevel ?? 'info' },
                ],
                ports: [
                  { name: 'metrics', containerPort: METRICS_PORT, protocol: 'TCP' },
                  { name: 'health', containerPort: HEALTH_PORT, protocol: 'TCP' },
                ],
                livenessProbe: { httpGet: { path: '/healthz', port: IntOrString.fromString('health') }, periodSeconds: 10, failureThreshold: 3 },
                readinessProbe: { httpGet: { path: '/readyz', port: IntOrString.fromString('health') }, periodSeconds: 10, failureThreshold: 3 },
                resources: resources('10m', '64Mi', '256Mi'),
              }),
            ],
          },
        },
      },
    });
  }
}
