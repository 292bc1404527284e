// What an extension controller implements: the domain of one kind, as Gardener's Actuator
// interfaces (extensions/pkg/controller/<kind>/actuator.go). The lifecycle (lifecycle.ts) calls
// it and owns everything around it: finalizer, operation annotation, status, events, retries.
import type { KubeClient } from '../client.js';
import type { EventRecorder } from '../events.js';
import type { Logger } from '../log.js';
import type { ClusterFacts } from './operation.js';
import type { ExtensionObject } from './types.js';

export interface ActuatorContext {
  /** The API client (the controller's identity). */
  readonly client: KubeClient;
  /** Child logger of this reconcile: controller, kind, namespace, name, reconcileID. */
  readonly logger: Logger;
  /** Records events; the lifecycle already records success and failure of every operation. */
  readonly events: EventRecorder;
  /** The field manager for the actuator's server-side applies (same as the controller's). */
  readonly fieldManager: string;
  /** What the namespace's Cluster says about the shoot. */
  readonly cluster: ClusterFacts;
  /** Aborted when the process stops and the grace period is over. */
  readonly signal: AbortSignal;
}

export interface ActuatorResult {
  /**
   * Status fields of this kind, written together with lastOperation Succeeded (a JSON merge patch
   * of `status`: arrays and objects given here replace what is there, `null` removes a field).
   */
  readonly status?: Record<string, unknown>;
  /** Reconcile again after this long although it succeeded (e.g. something external to poll). */
  readonly requeueAfterMs?: number;
}

/**
 * Throwing from any method marks the operation as Error (lastOperation, lastError with the message
 * and the codes of a CodedError, a Warning event) and retries with backoff; a RequeueAfterError
 * retries after its fixed delay instead.
 */
export interface Actuator<T extends ExtensionObject = ExtensionObject> {
  /** Create or update what the object asks for. */
  reconcile(object: T, context: ActuatorContext): Promise<ActuatorResult | void>;
  /** Clean up; the finalizer is released when this resolves. */
  delete(object: T, context: ActuatorContext): Promise<void>;
  /** Clean up without waiting for what cannot be cleaned up (the shoot's deletion is forced). @default delete */
  forceDelete?(object: T, context: ActuatorContext): Promise<void>;
  /** Prepare the move to another seed (save state into status); all finalizers are removed when this resolves. */
  migrate(object: T, context: ActuatorContext): Promise<void>;
  /** Rebuild on the new seed from saved state; like reconcile. */
  restore(object: T, context: ActuatorContext): Promise<ActuatorResult | void>;
}
