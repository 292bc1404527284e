import { Construct } from 'constructs';
import { serviceAccountOf } from '../landscape/project-members.js';
import { Project, type ProjectMember, type Subject, type Toleration } from '../imports/gardener/core.gardener.cloud.js';

const RBAC_API_GROUP = 'rbac.authorization.k8s.io';

export interface GardenerProjectMember {
  readonly kind: 'User' | 'Group' | 'ServiceAccount';
  /** User or group name; for a ServiceAccount `system:serviceaccount:<namespace>:<name>` or its plain name. */
  readonly name: string;
  /** Project roles (`admin`, `viewer`, `uam`, `serviceaccountmanager`, `extension:*`); the first is the primary `role`. */
  readonly roles: readonly string[];
}

export interface GardenerProjectProps {
  /** Project name (at most 10 characters for tenant projects: the namespace is `garden-<name>`). */
  readonly name: string;
  /** Namespace the project owns. Default: `garden-<name>`. */
  readonly namespace?: string;
  readonly owner: { readonly kind: 'User' | 'Group' | 'ServiceAccount'; readonly name: string };
  /** Default: none besides the owner, who is always rendered as a member with roles admin and owner (as Gardener stores it). */
  readonly members?: readonly GardenerProjectMember[];
  /** Default: none. */
  readonly description?: string;
  /** Default: none. */
  readonly purpose?: string;
  /**
   * Tolerations added to every new Shoot (`defaults`) and the only ones Shoots may carry (`whitelist`).
   * Default: none, which keeps the project's shoots off protected seeds.
   */
  readonly tolerations?: readonly Toleration[];
}

const projectName = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;

/**
 * RBAC subjects of kind User/Group need the RBAC API group; ServiceAccounts have none but a namespace,
 * taken from `system:serviceaccount:<namespace>:<name>` or else the project's own namespace.
 */
function subject(kind: Subject['kind'], name: string, projectNamespace: string): Subject {
  if (kind !== 'ServiceAccount') return { apiGroup: RBAC_API_GROUP, kind, name };
  return { kind, ...serviceAccountOf(name, projectNamespace) };
}

const memberKey = (m: Subject): string => `${m.kind}/${m.namespace ? `${m.namespace}/` : ''}${m.name}`;

/**
 * The members as gardener-apiserver stores them: it makes the owner a member with roles admin and
 * owner (appended when missing). Rendering that up front keeps the applied spec equal to the stored
 * one, so the GitOps engine sees no drift and does not fight the server on every reconcile.
 */
function withOwner(members: readonly ProjectMember[], owner: Subject): ProjectMember[] {
  const key = memberKey(owner);
  const listed = members.find((m) => memberKey(m) === key);
  if (!listed) return [...members, { ...owner, role: 'admin', roles: ['owner'] }];
  const roles = [listed.role, ...(listed.roles ?? [])];
  const missing = ['admin', 'owner'].filter((r) => !roles.includes(r));
  return members.map((m) => (m === listed ? { ...m, roles: [...(m.roles ?? []), ...missing] } : m));
}

/** A Gardener Project with its namespace fixed up front, so GitOps can put objects into it by name. */
export class GardenerProject extends Construct {
  readonly project: Project;
  readonly namespace: string;

  constructor(scope: Construct, id: string, props: GardenerProjectProps) {
    super(scope, id);
    if (!projectName.test(props.name)) {
      throw new Error(`GardenerProject: name ${JSON.stringify(props.name)} must be a DNS label (lowercase letters, digits, "-")`);
    }
    this.namespace = props.namespace ?? `garden-${props.name}`;
    const members: ProjectMember[] = (props.members ?? []).map((member) => {
      const [role, ...roles] = member.roles;
      if (role === undefined) throw new Error(`GardenerProject ${props.name}: member ${member.name} has no role`);
      return { ...subject(member.kind, member.name, this.namespace), role, roles: roles.length > 0 ? roles : undefined };
    });
    const names = members.map(memberKey);
    const duplicate = names.find((n, i) => names.indexOf(n) !== i);
    if (duplicate) throw new Error(`GardenerProject ${props.name}: member ${duplicate} is listed twice (gardener-apiserver rejects duplicates)`);
    const owner = subject(props.owner.kind, props.owner.name, this.namespace);
    this.project = new Project(this, 'project', {
      metadata: { name: props.name },
      spec: {
        namespace: this.namespace,
        owner,
        members: withOwner(members, owner),
        description: props.description || undefined,
        purpose: props.purpose || undefined,
        tolerations: props.tolerations?.length ? { defaults: [...props.tolerations], whitelist: [...props.tolerations] } : undefined,
      },
    });
  }
}
