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
  // userdata Secrets it owns, and the Secrets `secretRef` files point to
  { apiGroups: [''], resources: ['secrets'], verbs: ['get', 'list', 'watch', 'create', 'update', 'patch', 'delete'] },
  { apiGroups: [''], resources: ['events'], verbs: ['create', 'patch'] },
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
