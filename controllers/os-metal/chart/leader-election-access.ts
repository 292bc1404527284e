import { Construct } from 'constructs';
import { KubeRole, KubeRoleBinding, type PolicyRule } from '../../../charts/imports/k8s.js';
import { OBJECT_LABELS, OS_METAL_NAME } from './labels.js';

/** The Lease verbs client-go's leader election needs (read, create on first start, renew): only in the controller's namespace. */
export const OS_METAL_LEASE_RULES: readonly PolicyRule[] = [{ apiGroups: ['coordination.k8s.io'], resources: ['leases'], verbs: ['get', 'create', 'update'] }];

export interface LeaderElectionAccessProps {
  /** Namespace of the installation: the Lease lives there (`--leader-election-namespace=$(POD_NAMESPACE)`). */
  readonly namespace: string;
  readonly serviceAccount: { readonly name: string; readonly namespace: string };
  /** Name of the Role and RoleBinding. Default: `gardener-extension-os-metal-leader-election`. */
  readonly name?: string;
}

/** Role + RoleBinding for the leader-election Lease, in the controller's own namespace. */
export class LeaderElectionAccess extends Construct {
  constructor(scope: Construct, id: string, props: LeaderElectionAccessProps) {
    super(scope, id);
    const name = props.name ?? `${OS_METAL_NAME}-leader-election`;
    const metadata = { name, namespace: props.namespace, labels: { ...OBJECT_LABELS } };
    new KubeRole(this, 'role', { metadata, rules: OS_METAL_LEASE_RULES.map((rule) => ({ ...rule })) });
    new KubeRoleBinding(this, 'binding', {
      metadata,
      roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'Role', name },
      subjects: [{ kind: 'ServiceAccount', name: props.serviceAccount.name, namespace: props.serviceAccount.namespace }],
    });
  }
}
