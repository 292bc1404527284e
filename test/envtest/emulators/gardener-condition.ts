// Gardener's condition and last-operation shapes (gardencorev1beta1.Condition, LastOperation in
// pkg/apis/core/v1beta1/types_common.go of Gardener v1.138.3), as the emulators write them.
import type { ListedObject } from './emulator.js';

export interface GardenerCondition {
  readonly type: string;
  readonly status: 'True' | 'False' | 'Unknown' | 'Progressing';
  readonly lastTransitionTime: string;
  readonly lastUpdateTime: string;
  readonly reason: string;
  readonly message: string;
}

/** A condition as v1beta1helper.UpdatedConditionWithClock leaves it: both times `now` (RFC 3339, seconds, UTC). */
export function condition(type: string, status: GardenerCondition['status'], reason: string, message: string, now: Date): GardenerCondition {
  const time = rfc3339(now);
  return { type, status, lastTransitionTime: time, lastUpdateTime: time, reason, message };
}

/** metav1.Time's wire format: seconds precision, UTC. */
export function rfc3339(date: Date): string {
  return date.toISOString().replace(/\.\d{3}Z$/, 'Z');
}

/** Whether the object's status already says the current generation was handled. */
export function generationObserved(object: ListedObject): boolean {
  return object.status?.['observedGeneration'] === object.metadata.generation;
}

/** The conditions of a status, by type and status only (times and messages do not matter for "already there"). */
export function hasConditions(object: ListedObject, wanted: readonly Pick<GardenerCondition, 'type' | 'status' | 'reason'>[]): boolean {
  const conditions = (object.status?.['conditions'] ?? []) as GardenerCondition[];
  return wanted.every((w) => conditions.some((c) => c.type === w.type && c.status === w.status && c.reason === w.reason));
}
