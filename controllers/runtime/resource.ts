// Where a kind lives in the API: group, version and plural resource name, and the URL paths built from them.
import type { KubeObject } from './object.js';

export interface ResourceRef {
  /** API group; '' for the core group. */
  readonly group: string;
  readonly version: string;
  readonly kind: string;
  /** Plural resource name as in the URL, e.g. `operatingsystemconfigs`. */
  readonly plural: string;
  readonly namespaced: boolean;
}

export function apiVersionOf(resource: Pick<ResourceRef, 'group' | 'version'>): string {
  return resource.group ? `${resource.group}/${resource.version}` : resource.version;
}

function groupPath(resource: Pick<ResourceRef, 'group' | 'version'>): string {
  return resource.group ? `/apis/${resource.group}/${resource.version}` : `/api/${resource.version}`;
}

/** The collection path; with a namespace only for namespaced kinds, without one it lists across all namespaces. */
export function collectionPath(resource: ResourceRef, namespace?: string): string {
  const scope = resource.namespaced && namespace ? `/namespaces/${encodeURIComponent(namespace)}` : '';
  return `${groupPath(resource)}${scope}/${resource.plural}`;
}

/** The path of one object, optionally of a subresource (`status`). */
export function objectPath(resource: ResourceRef, namespace: string | undefined, name: string, subresource?: string): string {
  if (resource.namespaced && !namespace) throw new Error(`${resource.kind} ${name}: ${resource.kind} is namespaced, but no namespace was given`);
  const path = `${collectionPath(resource, namespace)}/${encodeURIComponent(name)}`;
  return subresource ? `${path}/${subresource}` : path;
}

/** The path of an object given the object itself. */
export function pathOfObject(resource: ResourceRef, object: Pick<KubeObject, 'metadata'>, subresource?: string): string {
  return objectPath(resource, object.metadata.namespace, object.metadata.name, subresource);
}
