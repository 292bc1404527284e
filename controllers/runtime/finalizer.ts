// Finalizer helpers. A finalizer list is shared with other controllers, so it is written with a
// JSON merge patch that carries the list as read plus the object's resourceVersion: the API server
// rejects the patch with 409 Conflict if anyone changed the object since (optimistic concurrency),
// and the helper reads the object again and retries. Without the resourceVersion a concurrent
// change to the list (someone else adding their finalizer) could be overwritten.
// (Strategic merge patch would merge the list, but does not work for custom resources, and
// server-side apply would need every finalizer to be applied by its owner's field manager.)
import type { KubeClient } from './client.js';
import { isConflict, isNotFound } from './errors.js';
import type { KubeObject } from './object.js';
import { pathOfObject, type ResourceRef } from './resource.js';

export const hasFinalizer = (object: KubeObject, finalizer: string): boolean => (object.metadata.finalizers ?? []).includes(finalizer);

/** The list with the finalizer added at the end, unchanged if present. */
export function addedFinalizer(finalizers: readonly string[] | undefined, finalizer: string): string[] {
  const list = [...(finalizers ?? [])];
  return list.includes(finalizer) ? list : [...list, finalizer];
}

/** The list without the finalizer; everyone else's stay in their order. */
export function removedFinalizer(finalizers: readonly string[] | undefined, finalizer: string): string[] {
  return (finalizers ?? []).filter((f) => f !== finalizer);
}

export interface FinalizerOptions {
  /** The object's resource; found through discovery when not given. */
  readonly resource?: ResourceRef;
  /** Attempts on 409 Conflict. @default 5 */
  readonly attempts?: number;
}

async function patchFinalizers<T extends KubeObject>(
  client: KubeClient,
  object: T,
  change: (finalizers: readonly string[] | undefined) => string[],
  options: FinalizerOptions,
): Promise<T | undefined> {
  const resource = options.resource ?? (await client.resourceFor(object.apiVersion, object.kind));
  const path = pathOfObject(resource, object);
  let current: T = object;
  for (let attempt = 1; ; attempt++) {
    const finalizers = change(current.metadata.finalizers);
    if (sameList(finalizers, current.metadata.finalizers ?? [])) return current;
    try {
      const patched = await client.request<T>('PATCH', path, {
        body: { metadata: { finalizers, resourceVersion: current.metadata.resourceVersion } },
        contentType: 'application/merge-patch+json',
      });
      return patched;
    } catch (err) {
      if (isNotFound(err)) return undefined;
      if (!isConflict(err) || attempt >= (options.attempts ?? 5)) throw err;
      try {
        current = await client.request<T>('GET', path);
      } catch (readErr) {
        if (isNotFound(readErr)) return undefined;
        throw readErr;
      }
    }
  }
}

function sameList(a: readonly string[], b: readonly string[]): boolean {
  return a.length === b.length && a.every((v, i) => v === b[i]);
}

/** Adds the finalizer (no-op if present); resolves with the object as stored. */
export async function addFinalizer<T extends KubeObject>(client: KubeClient, object: T, finalizer: string, options: FinalizerOptions = {}): Promise<T> {
  const patched = await patchFinalizers(client, object, (list) => addedFinalizer(list, finalizer), options);
  if (!patched) throw new Error(`${object.kind} ${object.metadata.name}: gone while adding finalizer ${finalizer}`);
  return patched;
}

/** Removes the finalizer and keeps all others; resolves with the stored object, or undefined if it is gone (deleted once the last finalizer went). */
export function removeFinalizer<T extends KubeObject>(
  client: KubeClient,
  object: T,
  finalizer: string,
  options: FinalizerOptions = {},
): Promise<T | undefined> {
  return patchFinalizers(client, object, (list) => removedFinalizer(list, finalizer), options);
}

/** Removes every finalizer: what Gardener's extension library does after a successful migrate (RemoveAllFinalizers). */
export function removeAllFinalizers<T extends KubeObject>(client: KubeClient, object: T, options: FinalizerOptions = {}): Promise<T | undefined> {
  return patchFinalizers(client, object, () => [], options);
}
