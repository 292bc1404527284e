// The public API of metal-garden's controller runtime; see README.md.
export { applyObject, applyStatus, type ApplyOptions } from './apply.js';
export { backoff, backoffDelay, sleep, type Backoff, type BackoffOptions } from './backoff.js';
export { KubeClient, type KubeClientOptions, type KubeRequestOptions, type WatchEvent } from './client.js';
export { Controller, type ControllerEvent, type ControllerOptions, type ReconcileRequest, type Reconciler } from './controller.js';
export { ApiError, ConnectionError, errorMessage, isConflict, isGone, isNotFound } from './errors.js';
export { EventRecorder, type EventRecorderOptions, type EventType, type RecordedEvent } from './events.js';
export { addFinalizer, addedFinalizer, hasFinalizer, removeAllFinalizers, removeFinalizer, removedFinalizer, type FinalizerOptions } from './finalizer.js';
export { Informer, type InformerEvent, type InformerHandler, type InformerOptions } from './informer.js';
export { Manager, type LeaderElection, type ManagedControllerOptions, type ManagerOptions } from './manager.js';
export { describeObject, objectKey, splitKey, type KubeObject, type ObjectMeta, type OwnerReference } from './object.js';
export { controllerReference, isControlledBy, withControllerReference } from './owner.js';
export { WorkQueue, type ShutdownOptions, type WorkFunction, type WorkQueueOptions, type WorkResult } from './queue.js';
export { apiVersionOf, collectionPath, objectPath, pathOfObject, type ResourceRef } from './resource.js';
export * as extension from './extension/index.js';
