// The status an extension reconciler writes at each step (pure), as JSON merge patches of the status
// subresource — exactly what Gardener's StatusUpdater (extensions/pkg/controller/status.go, v1.138.3)
// sends: Processing (progress 1) before the actuator runs; Error (progress 50, lastError with the
// codes, observedGeneration) when it fails; Succeeded (progress 100, lastError removed,
// observedGeneration) when it is done. A merge patch only touches the fields named, so the
// actuator's own status fields and other writers' fields survive; `null` removes a field.
import { errorMessage } from '../errors.js';
import type { ExtensionObject, LastError, LastOperation, OperationType } from './types.js';

/** metav1.Time: RFC 3339 in seconds. */
export function metaTime(ms: number): string {
  return new Date(ms).toISOString().replace(/\.\d{3}Z$/, 'Z');
}

/** An error that carries Gardener error codes (e.g. `ERR_CONFIGURATION_PROBLEM`) into `lastError.codes`. */
export class CodedError extends Error {
  public override readonly name = 'CodedError';

  public constructor(
    message: string,
    public readonly codes: readonly string[],
    options?: ErrorOptions,
  ) {
    super(message, options);
  }
}

/** Tell the lifecycle to retry after a fixed delay instead of the backoff (reconcilerutils.RequeueAfterError); status shows the cause as an error meanwhile. */
export class RequeueAfterError extends Error {
  public override readonly name = 'RequeueAfterError';

  public constructor(
    message: string,
    public readonly afterMs: number,
    options?: ErrorOptions,
  ) {
    super(message, options);
  }
}

/** Codes of the error and of its causes (v1beta1helper.ExtractErrorCodes). */
export function errorCodes(err: unknown): string[] {
  const codes = new Set<string>();
  for (let e: unknown = err, depth = 0; e instanceof Error && depth < 10; e = e.cause, depth++) {
    if (e instanceof CodedError) for (const code of e.codes) codes.add(code);
  }
  return [...codes];
}

/** `<description>: <error>` with the first letter upper-cased (FormatLastErrDescription). */
export function errorDescription(description: string, err: unknown): string {
  const text = `${description}: ${errorMessage(err)}`;
  return text.charAt(0).toUpperCase() + text.slice(1);
}

export interface StatusPatch {
  status: Record<string, unknown>;
}

export function processingPatch(type: OperationType, description: string, now: number): StatusPatch {
  const lastOperation: LastOperation = { type, state: 'Processing', progress: 1, description, lastUpdateTime: metaTime(now) };
  return { status: { lastOperation } };
}

export function errorPatch(object: ExtensionObject, type: OperationType, description: string, err: unknown, now: number): StatusPatch {
  const text = errorDescription(description, err);
  const codes = errorCodes(err);
  const lastOperation: LastOperation = { type, state: 'Error', progress: 50, description: text, lastUpdateTime: metaTime(now) };
  const lastError: LastError = { description: text, ...(codes.length ? { codes } : {}), lastUpdateTime: metaTime(now) };
  // lastError is a whole value: a previous error's codes must not outlive it in a merge.
  return { status: { lastOperation, lastError: { codes: null, taskID: null, ...lastError }, observedGeneration: object.metadata.generation ?? 0 } };
}

/** `extra` are the actuator's status fields (e.g. an OSC's cloudConfig); null removes one. */
export function successPatch(object: ExtensionObject, type: OperationType, description: string, now: number, extra: Record<string, unknown> = {}): StatusPatch {
  const lastOperation: LastOperation = { type, state: 'Succeeded', progress: 100, description, lastUpdateTime: metaTime(now) };
  return { status: { ...extra, lastOperation, lastError: null, observedGeneration: object.metadata.generation ?? 0 } };
}

/** The verb of an operation type in descriptions: `Reconciling the OperatingSystemConfig`. */
export function describeOperation(type: OperationType, kind: string, phase: 'start' | 'error' | 'success'): string {
  const verbs: Record<OperationType, [string, string, string]> = {
    Create: ['Reconciling', 'reconciling', 'reconciled'],
    Reconcile: ['Reconciling', 'reconciling', 'reconciled'],
    Delete: ['Deleting', 'deleting', 'deleted'],
    Migrate: ['Migrating', 'migrating', 'migrated'],
    Restore: ['Restoring', 'restoring', 'restored'],
  };
  const [start, error, success] = verbs[type];
  if (phase === 'start') return `${start} the ${kind}`;
  if (phase === 'error') return `Error ${error} ${kind}`;
  return `Successfully ${success} ${kind}`;
}
