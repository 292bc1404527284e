// The reconcile of one extension object, as Gardener's extension library runs it
// (extensions/pkg/controller/operatingsystemconfig/reconciler.go and the
// OperationAnnotationWrapper, v1.138.3):
//   wait-for-state → skip; `reconcile` annotation → removed before anything else;
//   the Cluster of the namespace → shoot failed? skip; force deletion?
//   migrate:   Processing → actuator.migrate → Succeeded → all finalizers removed → annotation removed
//   delete:    Processing → actuator.delete (forceDelete) → Succeeded → our finalizer removed
//   restore:   finalizer → Processing → actuator.restore → Succeeded (+ actuator status) → annotation removed
//   reconcile: finalizer → Processing → actuator.reconcile → Succeeded (+ actuator status)
// A failure writes Error (lastOperation, lastError, observedGeneration), records a Warning event and
// hands the error to the queue, which retries with backoff. Nothing here is retried in a loop.
import type { KubeClient } from '../client.js';
import type { ReconcileRequest } from '../controller.js';
import { errorMessage, isNotFound } from '../errors.js';
import type { EventRecorder } from '../events.js';
import { addFinalizer, removeAllFinalizers, removeFinalizer } from '../finalizer.js';
import type { WorkResult } from '../queue.js';
import { pathOfObject, type ResourceRef } from '../resource.js';
import type { Actuator, ActuatorContext, ActuatorResult } from './actuator.js';
import { cachedClusterFacts, readClusterFacts, type ClusterCache } from './cluster.js';
import { decideAction } from './operation.js';
import { describeOperation, errorPatch, processingPatch, RequeueAfterError, successPatch, type StatusPatch } from './status.js';
import { OPERATION_ANNOTATION, Operation, type ExtensionObject, type OperationType } from './types.js';

export interface LifecycleOptions<T extends ExtensionObject> {
  readonly resource: ResourceRef;
  readonly actuator: Actuator<T>;
  readonly finalizer: string;
  readonly client: KubeClient;
  readonly events: EventRecorder;
  readonly fieldManager: string;
  /** @see readClusterFacts */
  readonly cluster: 'required' | 'optional';
  /** Clusters from an informer; without one each reconcile reads its Cluster from the API. */
  readonly clusters?: ClusterCache;
  /** Clock for status timestamps (tests). @default Date.now */
  readonly now?: () => number;
}

const eventReasons: Record<OperationType, { ok: string; failed: string }> = {
  Create: { ok: 'Reconciled', failed: 'ReconcileFailed' },
  Reconcile: { ok: 'Reconciled', failed: 'ReconcileFailed' },
  Delete: { ok: 'Deleted', failed: 'DeleteFailed' },
  Migrate: { ok: 'Migrated', failed: 'MigrateFailed' },
  Restore: { ok: 'Restored', failed: 'RestoreFailed' },
};

export class ExtensionLifecycle<T extends ExtensionObject> {
  private readonly now: () => number;

  public constructor(private readonly options: LifecycleOptions<T>) {
    this.now = options.now ?? Date.now;
  }

  public async reconcile(request: ReconcileRequest<T>): Promise<WorkResult> {
    let object = request.object;
    if (!object) {
      request.logger.debug('object is gone, nothing to do');
      return;
    }
    const annotation = object.metadata.annotations?.[OPERATION_ANNOTATION];
    if (annotation === Operation.waitForState) return;
    if (annotation === Operation.reconcile) {
      const updated = await this.removeOperationAnnotation(object);
      if (!updated) return;
      object = updated;
    }
    const { clusters } = this.options;
    const cluster = clusters
      ? cachedClusterFacts(clusters, object.metadata.namespace, this.options.cluster)
      : await readClusterFacts(this.options.client, object.metadata.namespace, this.options.cluster);
    const action = decideAction(object, cluster, this.options.finalizer);
    const context: ActuatorContext = {
      client: this.options.client,
      logger: request.logger,
      events: this.options.events,
      fieldManager: this.options.fieldManager,
      cluster,
      signal: request.signal,
    };
    const { actuator } = this.options;
    switch (action.kind) {
      case 'skip':
        request.logger.info({ why: action.why }, 'skipping');
        return;
      case 'migrate':
        return this.run(object, 'Migrate', context, async (o) => {
          await actuator.migrate(o, context);
          return undefined;
        });
      case 'delete':
        return this.run(object, 'Delete', context, async (o) => {
          await (action.force && actuator.forceDelete ? actuator.forceDelete(o, context) : actuator.delete(o, context));
          return undefined;
        });
      case 'restore':
        return this.run(object, 'Restore', context, (o) => actuator.restore(o, context));
      case 'reconcile':
        return this.run(object, action.operation, context, (o) => actuator.reconcile(o, context));
    }
  }

  /** One operation with its status steps; see the file comment. */
  private async run(
    start: T,
    type: OperationType,
    context: ActuatorContext,
    act: (object: T) => Promise<ActuatorResult | void | undefined>,
  ): Promise<WorkResult> {
    const { logger } = context;
    const kind = start.kind;
    let object = start;
    if (type !== 'Delete' && type !== 'Migrate' && !object.metadata.finalizers?.includes(this.options.finalizer)) {
      logger.info({ finalizer: this.options.finalizer }, 'adding finalizer');
      object = await addFinalizer(this.options.client, object, this.options.finalizer, { resource: this.options.resource });
    }
    const startDescription = describeOperation(type, kind, 'start');
    logger.info(startDescription);
    object = (await this.patchStatus(object, processingPatch(type, startDescription, this.now()))) ?? object;

    let result: ActuatorResult | void | undefined;
    try {
      result = await act(object);
    } catch (err) {
      return this.failed(object, type, context, err);
    }

    const successDescription = describeOperation(type, kind, 'success');
    let stored: T | undefined;
    try {
      stored = await this.patchStatus(object, successPatch(object, type, successDescription, this.now(), result?.status ?? {}));
    } catch (err) {
      // E.g. the actuator's status fields fail the CRD's validation: that is the actuator's error too.
      return this.failed(object, type, context, new Error(`could not write the status: ${errorMessage(err)}`, { cause: err }));
    }
    object = stored ?? object;
    logger.info(successDescription);
    void this.options.events.normal(object, eventReasons[type].ok, type, successDescription);

    if (type === 'Delete') {
      logger.info({ finalizer: this.options.finalizer }, 'removing finalizer');
      await removeFinalizer(this.options.client, object, this.options.finalizer, { resource: this.options.resource });
    } else if (type === 'Migrate') {
      logger.info('removing all finalizers after migration');
      const remaining = await removeAllFinalizers(this.options.client, object, { resource: this.options.resource });
      if (remaining) await this.removeOperationAnnotation(remaining);
    } else if (type === 'Restore') {
      await this.removeOperationAnnotation(object);
    }
    return result?.requeueAfterMs !== undefined ? { requeueAfterMs: result.requeueAfterMs } : undefined;
  }

  private async failed(object: T, type: OperationType, context: ActuatorContext, err: unknown): Promise<WorkResult> {
    const patch = errorPatch(object, type, describeOperation(type, object.kind, 'error'), err, this.now());
    const description = (patch.status.lastError as { description: string }).description;
    context.logger.error({ err: description }, 'operation failed');
    try {
      await this.patchStatus(object, patch);
    } catch (statusErr) {
      // The original error is what matters; the retry writes the status again.
      context.logger.warn({ err: statusErr instanceof Error ? statusErr.message : String(statusErr) }, 'could not write the error status');
    }
    await this.options.events.warning(object, eventReasons[type].failed, type, description);
    if (err instanceof RequeueAfterError) return { requeueAfterMs: err.afterMs };
    throw err;
  }

  /** Merge-patches the status subresource; undefined if the object is gone. */
  private async patchStatus(object: T, patch: StatusPatch): Promise<T | undefined> {
    try {
      return await this.options.client.request<T>('PATCH', pathOfObject(this.options.resource, object, 'status'), {
        body: patch,
        contentType: 'application/merge-patch+json',
      });
    } catch (err) {
      if (isNotFound(err)) return undefined;
      throw err;
    }
  }

  /** Removes `gardener.cloud/operation` (and only it); undefined if the object is gone. */
  private async removeOperationAnnotation(object: T): Promise<T | undefined> {
    try {
      return await this.options.client.request<T>('PATCH', pathOfObject(this.options.resource, object), {
        body: { metadata: { annotations: { [OPERATION_ANNOTATION]: null } } },
        contentType: 'application/merge-patch+json',
      });
    } catch (err) {
      if (isNotFound(err)) return undefined;
      throw err;
    }
  }
}
