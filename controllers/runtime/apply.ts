// Server-side apply under the controller's own field manager. The server merges what the controller
// sends into the object and records the controller as owner of exactly those fields, so a field
// the controller stops sending is removed, and fields others own are left alone.
//
// `force` takes over fields another manager owns. It is on by default: a controller applies the
// fields it is responsible for and must win against someone who edited them by hand (what
// controller-runtime's `client.ForceOwnership` is for). Turn it off to be told about conflicts.
import type { KubeClient } from './client.js';
import type { KubeObject } from './object.js';
import { pathOfObject, type ResourceRef } from './resource.js';

export interface ApplyOptions {
  /** The controller's field manager, e.g. `os-metal`. */
  readonly fieldManager: string;
  /** Take over conflicting fields from other managers. @default true */
  readonly force?: boolean;
  /** Validate and default, store nothing. @default false */
  readonly dryRun?: boolean;
  /** The object's resource; found through discovery when not given. */
  readonly resource?: ResourceRef;
}

function validate(object: KubeObject, options: ApplyOptions): void {
  if (!options.fieldManager) throw new Error(`apply ${object.kind} ${object.metadata.name}: fieldManager is empty; pass the controller's name`);
  if (!object.apiVersion || !object.kind) throw new Error(`apply ${object.metadata.name}: apiVersion and kind are required for server-side apply`);
  // managedFields and resourceVersion in an apply configuration mean "I own this" or "only if
  // unchanged", which is never what a controller's desired state means.
  if (object.metadata.managedFields !== undefined) throw new Error(`apply ${object.kind} ${object.metadata.name}: metadata.managedFields must not be sent`);
}

async function send<T extends KubeObject>(client: KubeClient, object: KubeObject, options: ApplyOptions, subresource?: string): Promise<T> {
  validate(object, options);
  const resource = options.resource ?? (await client.resourceFor(object.apiVersion, object.kind));
  return client.request<T>('PATCH', pathOfObject(resource, object, subresource), {
    query: { fieldManager: options.fieldManager, force: options.force ?? true, dryRun: options.dryRun ? 'All' : undefined },
    body: object,
    contentType: 'application/apply-patch+yaml',
  });
}

/** Applies the object (its spec, metadata, data ... — everything but status); resolves with the object as stored. */
export function applyObject<T extends KubeObject>(client: KubeClient, object: KubeObject, options: ApplyOptions): Promise<T> {
  return send<T>(client, object, options);
}

/**
 * Applies the status subresource: `object` carries apiVersion, kind, metadata.name/namespace and the
 * `status` fields the controller owns. Fields it applied before and leaves out now are removed.
 */
export function applyStatus<T extends KubeObject>(client: KubeClient, object: KubeObject, options: ApplyOptions): Promise<T> {
  return send<T>(client, object, options, 'status');
}
