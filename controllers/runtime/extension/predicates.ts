// Which informer events make an extension controller reconcile (pure) — Gardener's predicates
// (extensions/pkg/predicate/default.go and pkg/controllerutils/predicate, v1.138.3). Whatever the
// mode, the controller's own writes never pass: its status patches change neither the generation
// nor the operation annotation, removing the annotation leaves none behind, and adding a
// finalizer changes neither either.
import type { ControllerEvent } from '../controller.js';
import { OPERATION_ANNOTATION, Operation, type ExtensionObject } from './types.js';

/**
 * `operation-annotation`: Gardener's default (DefaultControllerPredicates with
 * ignoreOperationAnnotation=false) — gardenlet asks for every reconcile with
 * `gardener.cloud/operation=reconcile`; spec changes alone do not trigger.
 * `generation`: ignoreOperationAnnotation=true — GenerationChangedPredicate, i.e. every spec change
 * (and the deletion request, which bumps a custom resource's generation); the operation annotation
 * is admitted too here, so migrate and restore work in this mode as well.
 */
export type TriggerMode = 'operation-annotation' | 'generation';

export interface ExtensionFilter {
  /** `spec.type`s the controller is responsible for (HasOneOfTypesPredicate). */
  readonly types: readonly string[];
  /** Classes it is responsible for; an object without `spec.class` is `shoot` (HasClass). Undefined for kinds without a class. */
  readonly classes?: readonly string[];
  readonly mode: TriggerMode;
}

function hasOperationAnnotation(object: ExtensionObject): boolean {
  const value = object.metadata.annotations?.[OPERATION_ANNOTATION];
  return value === Operation.reconcile || value === Operation.migrate || value === Operation.restore;
}

function lastOperationNotSuccessful(object: ExtensionObject): boolean {
  return object.status?.lastOperation?.state !== 'Succeeded';
}

/** Semantic equality of two statuses (JSON of sorted keys; the API server returns fields in a stable order anyway). */
function statusEqual(a: ExtensionObject, b: ExtensionObject): boolean {
  return stableJson(a.status ?? {}) === stableJson(b.status ?? {});
}

function stableJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(stableJson).join(',')}]`;
  if (value && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>).sort(([a], [b]) => a.localeCompare(b));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${stableJson(v)}`).join(',')}}`;
  }
  return JSON.stringify(value);
}

/** Type and class filter (on the new object). */
export function isResponsible(object: ExtensionObject, filter: ExtensionFilter): boolean {
  if (!filter.types.includes(object.spec?.type)) return false;
  if (!filter.classes) return true;
  const classes = filter.classes.length === 0 ? ['shoot'] : filter.classes.map((c) => c || 'shoot');
  return classes.includes(object.spec.class || 'shoot');
}

export function admits(event: ControllerEvent<ExtensionObject>, filter: ExtensionFilter): boolean {
  if (!isResponsible(event.object, filter)) return false;
  const object = event.object;
  if (event.type === 'delete') return false;
  // A resync is an update without a change, as in controller-runtime.
  const old = event.type === 'update' ? event.old : object;
  if (filter.mode === 'generation') {
    if (event.type === 'add') return true;
    return operationRequested(old, object) || old.metadata.generation !== object.metadata.generation;
  }
  if (event.type === 'add') {
    // On start-up every object arrives as an add: retry what did not succeed before the restart.
    return hasOperationAnnotation(object) || object.metadata.deletionTimestamp !== undefined || lastOperationNotSuccessful(object);
  }
  return operationRequested(old, object) || (object.metadata.deletionTimestamp !== undefined && statusEqual(old, object));
}

/**
 * The update that sets the operation annotation. Gardener's predicate admits every update while the
 * annotation is there; `migrate` and `restore` stay until the operation succeeded, so the
 * controller's own finalizer and status writes during that operation would queue a second pass
 * (a plain reconcile right after a restore). Only a change of the annotation asks for work here.
 */
function operationRequested(old: ExtensionObject, object: ExtensionObject): boolean {
  return hasOperationAnnotation(object) && old.metadata.annotations?.[OPERATION_ANNOTATION] !== object.metadata.annotations?.[OPERATION_ANNOTATION];
}
