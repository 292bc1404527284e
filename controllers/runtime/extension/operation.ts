// Which operation an extension object asks for, from its metadata and status alone (pure):
// Gardener's v1beta1helper.ComputeOperationType and the switch at the top of every extension
// reconciler (extensions/pkg/controller/<kind>/reconciler.go, Gardener v1.138.3).
import { OPERATION_ANNOTATION, Operation, type ExtensionObject, type OperationType } from './types.js';

/** ComputeOperationType: migrate > delete > restore > Create until the first success > Reconcile. */
export function computeOperationType(object: ExtensionObject): OperationType {
  const annotation = object.metadata.annotations?.[OPERATION_ANNOTATION];
  const last = object.status?.lastOperation;
  if (annotation === Operation.migrate) return 'Migrate';
  if (object.metadata.deletionTimestamp) return 'Delete';
  if (annotation === Operation.restore) return 'Restore';
  if (!last) return 'Create';
  if (last.state !== 'Succeeded' && (last.type === 'Create' || last.type === 'Migrate' || last.type === 'Restore')) return last.type;
  return 'Reconcile';
}

/** The last operation was a successful migrate: this seed gave the object away (extensionscontroller.IsMigrated). */
export function isMigrated(object: ExtensionObject): boolean {
  const last = object.status?.lastOperation;
  return last?.type === 'Migrate' && last.state === 'Succeeded';
}

export type Action =
  | { kind: 'skip'; why: string }
  | { kind: 'migrate' }
  | { kind: 'delete'; force: boolean }
  | { kind: 'restore' }
  | { kind: 'reconcile'; operation: 'Create' | 'Reconcile' };

export interface ClusterFacts {
  /** The shoot's last operation failed (extensionscontroller.IsFailed): reconciling is skipped. */
  readonly shootFailed: boolean;
  /** The shoot carries `confirmation.gardener.cloud/force-deletion=true`: delete uses forceDelete. */
  readonly forceDelete: boolean;
}

/** What the reconciler does with the object now, in Gardener's order. */
export function decideAction(object: ExtensionObject, cluster: ClusterFacts, finalizer: string): Action {
  if (object.metadata.annotations?.[OPERATION_ANNOTATION] === Operation.waitForState)
    return { kind: 'skip', why: 'waiting for state (operation annotation wait-for-state)' };
  // The reconciler returns before anything else when the shoot failed, deletion and migration included.
  if (cluster.shootFailed) return { kind: 'skip', why: "the shoot's last operation failed" };
  const operation = computeOperationType(object);
  // extensionscontroller.ShouldSkipOperation: after a successful migrate only migrate or restore act.
  if (operation !== 'Migrate' && operation !== 'Restore' && isMigrated(object))
    return { kind: 'skip', why: 'migrated away; only migrate or restore act on it' };
  const finalized = (object.metadata.finalizers ?? []).includes(finalizer);
  if (operation === 'Migrate') return finalized ? { kind: 'migrate' } : { kind: 'skip', why: 'migrate without our finalizer is a no-op' };
  if (operation === 'Delete')
    return finalized ? { kind: 'delete', force: cluster.forceDelete } : { kind: 'skip', why: 'deletion without our finalizer is a no-op' };
  if (operation === 'Restore') return { kind: 'restore' };
  return { kind: 'reconcile', operation: operation === 'Create' ? 'Create' : 'Reconcile' };
}
