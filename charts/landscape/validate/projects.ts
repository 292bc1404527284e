import { serviceAccountOf } from '../project-members.js';
import type { Problem } from '../problems.js';
import type { Landscape } from '../schema/landscape.js';
import { DNS_LABEL_PATTERN, DNS_SUBDOMAIN_PATTERN } from '../schema/primitives.js';

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

const SERVICE_ACCOUNT_USER = 'system:serviceaccount:';

/** What gardener-apiserver's ValidateSubject refuses about one subject (owner or member); undefined when it accepts it. */
function subjectProblem(kind: string, name: string, projectNamespace: string): string | undefined {
  if (kind === 'ServiceAccount') {
    const account = serviceAccountOf(name, projectNamespace);
    if (!DNS_SUBDOMAIN_PATTERN.test(account.name) || account.name.length > 253)
      return `names the ServiceAccount ${JSON.stringify(account.name)}, which is not a Kubernetes object name (lowercase letters, digits, "-" and ".", at most 253 characters); write system:serviceaccount:<namespace>:<name> or a plain name in ${projectNamespace}`;
    if (!DNS_LABEL_PATTERN.test(account.namespace) || account.namespace.length > 63)
      return `names the namespace ${JSON.stringify(account.namespace)}, which is not a DNS label (lowercase letters, digits and "-", at most 63 characters)`;
    return undefined;
  }
  // ProjectMemberProperties: a User named like a ServiceAccount is one, and needs namespace and name.
  if (kind === 'User' && name.startsWith(SERVICE_ACCOUNT_USER) && name.split(':').length < 4)
    return `${JSON.stringify(name)} starts with ${SERVICE_ACCOUNT_USER} but names no namespace and name; gardener-apiserver accepts system:serviceaccount:<namespace>:<name>`;
  return undefined;
}

/**
 * Subjects and roles gardener-apiserver refuses on a Project (Gardener v1.138.3
 * pkg/api/core/validation/project.go: ValidateSubject — a ServiceAccount's name must be a valid
 * ServiceAccount name and its namespace a valid namespace name; ProjectMemberProperties — a User
 * named system:serviceaccount:… needs both parts; ValidateProjectMember — no role twice).
 */
export function projectSubjects(landscape: Landscape): Problem[] {
  const problems: Problem[] = [];
  landscape.spec.projects.forEach((project, p) => {
    const namespace = `garden-${project.name}`;
    const ownerProblem = subjectProblem(project.owner.kind, project.owner.name, namespace);
    if (ownerProblem) problems.push({ path: `spec.projects[${p}].owner.name`, message: ownerProblem });
    project.members.forEach((member, m) => {
      const problem = subjectProblem(member.kind, member.name, namespace);
      if (problem) problems.push({ path: `spec.projects[${p}].members[${m}].name`, message: problem });
      member.roles.forEach((role, r) => {
        if (member.roles.indexOf(role) !== r)
          problems.push({
            path: `spec.projects[${p}].members[${m}].roles[${r}]`,
            message: `${JSON.stringify(role)} is listed twice; gardener-apiserver refuses duplicate roles of a member`,
          });
      });
    });
  });
  return problems;
}
