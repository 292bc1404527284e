// One controller: informer events pass a predicate and put the object's key into a work queue;
// workers call the reconciler with the object as the informer last saw it. Like controller-runtime,
// the reconciler's result decides what happens to the key: done, requeue with backoff, requeue
// after a delay, or (on a thrown error) retry with backoff; every pass gets a child logger with
// controller, kind, namespace, name and a reconcileID, and is counted in the metrics.
import { randomUUID } from 'node:crypto';
import { errorMessage } from './errors.js';
import type { Informer, InformerEvent } from './informer.js';
import type { Logger } from './log.js';
import type { ControllerMetrics, ReconcileResult } from './metrics.js';
import { splitKey, objectKey, type KubeObject } from './object.js';
import { WorkQueue, type WorkResult } from './queue.js';
import type { BackoffOptions } from './backoff.js';

export interface ReconcileRequest<T extends KubeObject> {
  readonly key: string;
  readonly namespace?: string;
  readonly name: string;
  /** The object as the informer holds it; undefined once it is gone. */
  readonly object: T | undefined;
  readonly logger: Logger;
  readonly reconcileID: string;
  /** Aborted when the controller stops (grace period over). */
  readonly signal: AbortSignal;
}

/** void: done. `requeue`: again after the key's backoff. `requeueAfterMs`: again after that long. Throw to retry with backoff. */
export type Reconciler<T extends KubeObject> = (request: ReconcileRequest<T>) => Promise<WorkResult>;

/** An event the controller sees: an informer event or a periodic resync of an object. */
export type ControllerEvent<T> = InformerEvent<T> | { type: 'resync'; object: T };

export interface ControllerOptions<T extends KubeObject> {
  /** Names the controller in logs and metrics, e.g. `operatingsystemconfig`. */
  readonly name: string;
  readonly informer: Informer<T>;
  readonly reconcile: Reconciler<T>;
  /** Which events enqueue the object. @default every add, update and resync; no delete */
  readonly predicate?: (event: ControllerEvent<T>) => boolean;
  /** Workers. @default 1 */
  readonly concurrency?: number;
  readonly backoff?: BackoffOptions;
  /** Offer every cached object to the predicate as `resync` this often. @default 10 h (controller-runtime's SyncPeriod); 0 turns it off */
  readonly resyncPeriodMs?: number;
  readonly logger: Logger;
  readonly metrics?: ControllerMetrics;
}

export class Controller<T extends KubeObject = KubeObject> {
  public readonly queue: WorkQueue;
  private readonly abort = new AbortController();
  private readonly logger: Logger;
  private started = false;

  public constructor(private readonly options: ControllerOptions<T>) {
    this.logger = options.logger.child({ controller: options.name });
    const resyncPeriodMs = options.resyncPeriodMs ?? 10 * 3600_000;
    this.queue = new WorkQueue({
      name: options.name,
      concurrency: options.concurrency,
      backoff: options.backoff,
      metrics: options.metrics?.queue(options.name, options.name),
      ...(resyncPeriodMs > 0 ? { resyncPeriodMs, resyncKeys: () => this.resyncKeys() } : {}),
    });
    options.metrics?.controller(options.name, options.concurrency ?? 1);
    options.informer.on((event) => this.offer(event));
  }

  public get name(): string {
    return this.options.name;
  }

  /** Starts the workers (the informer is started and synced by the manager). */
  public start(): void {
    if (this.started) return;
    this.started = true;
    // Objects listed before the start were offered already; their keys are waiting in the queue.
    this.queue.start((key) => this.reconcileKey(key));
  }

  /** Stops taking work and waits up to graceMs for running reconciles; then aborts them. Resolves true if they finished in time. */
  public async stop(graceMs: number): Promise<boolean> {
    const drained = await this.queue.shutdown({ drain: true, timeoutMs: graceMs });
    this.abort.abort();
    return drained;
  }

  private offer(event: ControllerEvent<T>): void {
    const predicate = this.options.predicate ?? ((e: ControllerEvent<T>) => e.type !== 'delete');
    if (predicate(event)) this.queue.add(objectKey(event.object));
  }

  private resyncKeys(): Iterable<string> {
    // Through the predicate, like controller-runtime's resync update events; the keys the
    // predicate admits are added by offer() already, so nothing is returned here.
    for (const object of this.options.informer.list()) this.offer({ type: 'resync', object });
    return [];
  }

  private async reconcileKey(key: string): Promise<WorkResult> {
    const { namespace, name } = splitKey(key);
    const object = this.options.informer.getByKey(key);
    const reconcileID = randomUUID();
    const logger = this.logger.child({ kind: this.options.informer.options.resource.kind, namespace, name, reconcileID });
    const started = process.hrtime.bigint();
    let result: ReconcileResult = 'success';
    this.options.metrics?.activeWorkers(this.options.name, 1);
    try {
      const outcome = await this.options.reconcile({ key, namespace, name, object, logger, reconcileID, signal: this.abort.signal });
      if (outcome && 'requeueAfterMs' in outcome) result = 'requeue_after';
      else if (outcome && 'requeue' in outcome) result = 'requeue';
      return outcome;
    } catch (err) {
      result = 'error';
      logger.error({ err: errorMessage(err), retries: this.queue.numRequeues(key) }, 'reconcile failed');
      throw err;
    } finally {
      this.options.metrics?.activeWorkers(this.options.name, -1);
      const seconds = Number(process.hrtime.bigint() - started) / 1e9;
      this.options.metrics?.reconciled(this.options.name, result, seconds);
    }
  }
}
