import { Construct } from 'constructs';
import { KubeClusterRole, KubeClusterRoleBinding, type PolicyRule } from '../../../charts/imports/k8s.js';
import { OBJECT_LABELS, OS_METAL_NAME } from './labels.js';

/**
 * What os-metal may do cluster-wide, and nothing more: shoot namespaces come and go, so OSCs and their
 * userdata Secrets are watched in every namespace. Leases are namespaced (LeaderElectionAccess).
 */
export const OS_METAL_CLUSTER_RULES: readonly PolicyRule[] = [
  { apiGroups: ['extensions.gardener.cloud'], resources: ['operatingsystemconfigs'], verbs: ['get', 'list', 'watch', 'update', 'patch'] },
  { apiGroups: ['extensions.gardener.cloud'], resources: ['operatingsystemconfigs/status'], verbs: ['update', 'patch'] },
  // The userdata Secret's owner reference blocks the OSC's deletion; API servers that enforce
  // owner-reference permissions (OwnerReferencesPermissionEnforcement) require this for it.
  { apiGroups: ['extensions.gardener.cloud'], resources: ['operatingsystemconfigs/finalizers'], verbs: ['update'] },
  // Gardener's Clusters (cached by an informer, as Gardener's extensions do): a failed shoot is
  // skipped, a forced deletion forced.
  { apiGroups: ['extensions.gardener.cloud'], resources: ['clusters'], verbs: ['get', 'list', 'watch'] },
  // The userdata Secret is written by server-side apply (create + patch) and garbage-collected with
  // its OSC (no delete); the Secrets `secretRef` files point to are read one by one (no list/watch,
  // so no Secret of the seed is cached in the controller).
  { apiGroups: [''], resources: ['secrets'], verbs: ['get', 'create', 'patch'] },
  // Events go through events.k8s.io/v1 only (controllers/runtime/events.ts); a series is a patch.
  { apiGroups: ['events.k8s.io'], resources: ['events'], verbs: ['create', 'patch'] },
];

export interface ControllerClusterAccessProps {
  /** The ServiceAccount to bind. */
  readonly serviceAccount: { readonly name: string; readonly namespace: string };
  /** Name of the ClusterRole and ClusterRoleBinding. Default: `gardener-extension-os-metal`. */
  readonly name?: string;
}

/** ClusterRole with `OS_METAL_CLUSTER_RULES`, bound to the controller's ServiceAccount. */
export class ControllerClusterAccess extends Construct {
  constructor(scope: Construct, id: string, props: ControllerClusterAccessProps) {
    super(scope, id);
    const name = props.name ?? OS_METAL_NAME;
    const labels = { ...OBJECT_LABELS };
    new KubeClusterRole(this, 'role', { metadata: { name, labels }, rules: OS_METAL_CLUSTER_RULES.map((rule) => ({ ...rule })) });
    new KubeClusterRoleBinding(this, 'binding', {
      metadata: { name, labels },
      roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'ClusterRole', name },
      subjects: [{ kind: 'ServiceAccount', name: props.serviceAccount.name, namespace: props.serviceAccount.namespace }],
    });
  }
}
