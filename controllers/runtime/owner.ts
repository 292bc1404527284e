// Owner references: a child the controller creates names its owner as controller, so the garbage
// collector deletes it with the owner and `blockOwnerDeletion` keeps the owner around (with
// foreground deletion) until the child is gone.
import type { KubeObject, OwnerReference } from './object.js';

/** The controller reference to put on a child of `owner` (controller-runtime's SetControllerReference). */
export function controllerReference(owner: KubeObject): OwnerReference {
  const { name, uid } = owner.metadata;
  if (!uid) throw new Error(`${owner.kind} ${name}: metadata.uid is empty; an owner reference needs the owner as read from the API server`);
  return { apiVersion: owner.apiVersion, kind: owner.kind, name, uid, controller: true, blockOwnerDeletion: true };
}

/**
 * The child with `owner` as its controller. Other owner references are kept; a different
 * controller is an error (an object has at most one), and so is a namespaced owner in another
 * namespace (the garbage collector would treat the reference as dangling).
 */
export function withControllerReference<T extends KubeObject>(child: T, owner: KubeObject): T {
  const ref = controllerReference(owner);
  if (owner.metadata.namespace && owner.metadata.namespace !== child.metadata.namespace) {
    throw new Error(
      `${child.kind} ${child.metadata.name}: owner ${owner.kind} ${owner.metadata.namespace}/${owner.metadata.name} is in another namespace (${child.metadata.namespace ?? 'cluster-scoped'}); owners must be in the same namespace or cluster-scoped`,
    );
  }
  const existing = child.metadata.ownerReferences ?? [];
  const other = existing.find((r) => r.controller && r.uid !== ref.uid);
  if (other)
    throw new Error(
      `${child.kind} ${child.metadata.name} is already controlled by ${other.kind} ${other.name}; it cannot also be controlled by ${ref.kind} ${ref.name}`,
    );
  const ownerReferences = [...existing.filter((r) => r.uid !== ref.uid), ref];
  return { ...child, metadata: { ...child.metadata, ownerReferences } };
}

/** True if `owner` is the controller of `child`. */
export function isControlledBy(child: KubeObject, owner: KubeObject): boolean {
  return (child.metadata.ownerReferences ?? []).some((r) => r.controller === true && r.uid === owner.metadata.uid);
}
