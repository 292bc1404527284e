import { serviceAccountOf } from '../project-members.js';
import type { Problem } from '../problems.js';
import type { Landscape } from '../schema/landscape.js';

/**
 * Who a member is, as gardener-apiserver compares members: kind and name, a ServiceAccount by
 * namespace and name (`system:serviceaccount:<ns>:<name>` and a bare name in the project's own
 * namespace `garden-<project>` are the same account).
 */
function memberIdentity(kind: string, name: string, projectNamespace: string): string {
  if (kind !== 'ServiceAccount') return `${kind} ${name}`;
  const account = serviceAccountOf(name, projectNamespace);
  return `ServiceAccount ${account.namespace}/${account.name}`;
}

/** gardener-apiserver refuses a Project that lists one member twice (ValidateProjectMembers: Duplicate). */
export function uniqueProjectMembers(landscape: Landscape): Problem[] {
  const problems: Problem[] = [];
  landscape.spec.projects.forEach((project, p) => {
    const first = new Map<string, number>();
    project.members.forEach((member, m) => {
      const identity = memberIdentity(member.kind, member.name, `garden-${project.name}`);
      const earlier = first.get(identity);
      if (earlier === undefined) first.set(identity, m);
      else
        problems.push({
          path: `spec.projects[${p}].members[${m}]`,
          message: `lists ${identity} again (first at spec.projects[${p}].members[${earlier}]); gardener-apiserver refuses duplicate members: merge their roles into one entry`,
        });
    });
  });
  return problems;
}
