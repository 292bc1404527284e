// The GitOps identity's RBAC as gardener-resource-manager applies it, and copies of it that each
// lack one rule: a test binds every copy to its own ServiceAccount and shows that each rule is
// needed by some request Flux makes for dist/ (and that the full set is enough).
import type { KubeObject } from '../envtest/kube-rest.js';

interface PolicyRule {
  apiGroups?: string[];
  resources?: string[];
  verbs: string[];
  resourceNames?: string[];
}

interface RoleObject extends KubeObject {
  rules: PolicyRule[];
}

interface BindingObject extends KubeObject {
  roleRef: { apiGroup: string; kind: string; name: string };
  subjects: { kind: string; name: string; namespace?: string }[];
}

/** `verbs on group/resource [names] (where)`, how a test names a rule. */
export function describeRule(rule: PolicyRule, namespace: string | undefined): string {
  const resources = (rule.resources ?? []).map((r) => `${rule.apiGroups?.[0] ? `${rule.apiGroups[0]}/` : ''}${r}`).join(',');
  const names = rule.resourceNames ? ` [${rule.resourceNames.join(',')}]` : '';
  return `${rule.verbs.join(',')} on ${resources}${names} (${namespace ? `namespace ${namespace}` : 'cluster-wide'})`;
}

/** One ServiceAccount with all rules but one. */
export interface RbacVariant {
  /** The rule it lacks, as describeRule names it. */
  readonly without: string;
  readonly serviceAccount: { readonly namespace: string; readonly name: string };
  /** ServiceAccount, roles and bindings to apply (as gardener-resource-manager would). */
  readonly objects: readonly KubeObject[];
}

const isRole = (o: KubeObject): o is RoleObject => o.kind === 'ClusterRole' || o.kind === 'Role';
const isBinding = (o: KubeObject): o is BindingObject => o.kind === 'ClusterRoleBinding' || o.kind === 'RoleBinding';

/**
 * For each rule of the roles among `rbacObjects` (the ManagedResource's content), a variant bound
 * to ServiceAccount `<name>-without-<n>` in the original's namespace, whose roles are copies
 * (`<role>-without-<n>`) with that one rule left out.
 */
export function ruleVariants(rbacObjects: readonly KubeObject[]): RbacVariant[] {
  const account = rbacObjects.find((o) => o.kind === 'ServiceAccount');
  if (!account?.metadata.namespace) throw new Error('the RBAC objects contain no ServiceAccount');
  const roles = rbacObjects.filter(isRole);
  const bindings = rbacObjects.filter(isBinding);
  const variants: RbacVariant[] = [];
  for (const role of roles) {
    role.rules.forEach((rule, index) => {
      const n = variants.length + 1;
      const suffix = `-without-${n}`;
      const serviceAccount = { namespace: account.metadata.namespace!, name: `${account.metadata.name}${suffix}` };
      const copies: KubeObject[] = roles.map((r) => ({
        ...r,
        metadata: { name: `${r.metadata.name}${suffix}`, ...(r.metadata.namespace ? { namespace: r.metadata.namespace } : {}) },
        rules: r === role ? r.rules.filter((_, i) => i !== index) : r.rules,
      }));
      const boundCopies: KubeObject[] = bindings.map((b) => ({
        ...b,
        metadata: { name: `${b.metadata.name}${suffix}`, ...(b.metadata.namespace ? { namespace: b.metadata.namespace } : {}) },
        roleRef: { ...b.roleRef, name: `${b.roleRef.name}${suffix}` },
        subjects: [{ kind: 'ServiceAccount', ...serviceAccount }],
      }));
      variants.push({
        without: describeRule(rule, role.metadata.namespace),
        serviceAccount,
        objects: [{ apiVersion: 'v1', kind: 'ServiceAccount', metadata: serviceAccount }, ...copies, ...boundCopies],
      });
    });
  }
  return variants;
}
