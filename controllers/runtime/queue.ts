// A keyed work queue with its workers, with client-go's workqueue semantics:
// - one key is never processed by two workers at once;
// - adding a key that is already waiting does nothing (duplicates coalesce); adding a key that is
//   being processed marks it dirty, and it is queued once more when the running pass ends;
// - a failed pass is retried after an exponential backoff with jitter and a cap, per key; success
//   forgets the key's failures;
// - addAfter delays a key (the earliest of several pending delays wins);
// - optionally, every key a provider lists is added every resync period;
// - N workers at most; shutdown({ drain: true }) lets running passes finish (waiting queued keys
//   are dropped: the next process or leader lists every object again).
import { backoff as resolveBackoff, backoffDelay, type Backoff, type BackoffOptions } from './backoff.js';
import type { QueueMetrics } from './metrics.js';

/** What a pass over a key asks for next; throwing means "failed, retry with backoff". */
export type WorkResult = void | undefined | { readonly requeue: true } | { readonly requeueAfterMs: number };

export type WorkFunction = (key: string) => Promise<WorkResult>;

export interface WorkQueueOptions {
  /** Name for metrics and errors. */
  readonly name: string;
  /** Workers, i.e. keys processed at the same time. @default 1 */
  readonly concurrency?: number;
  /** Retry backoff. @default 5 ms base, 1000 s cap, 20 % jitter */
  readonly backoff?: BackoffOptions;
  /** Every resyncPeriodMs, add every key resyncKeys() returns. @default no resync */
  readonly resyncPeriodMs?: number;
  readonly resyncKeys?: () => Iterable<string>;
  readonly metrics?: QueueMetrics;
  /** Called when a pass throws (after the retry is scheduled), e.g. to log. */
  readonly onError?: (key: string, err: unknown, retryInMs: number) => void;
  /** Source of randomness for jitter (tests). @default Math.random */
  readonly random?: () => number;
}

export interface ShutdownOptions {
  /** Wait for running passes to finish. @default true */
  readonly drain?: boolean;
  /** Give up waiting after this long; resolves false then. @default no limit */
  readonly timeoutMs?: number;
}

export class WorkQueue {
  private readonly queue: string[] = [];
  private readonly dirty = new Set<string>();
  private readonly processing = new Set<string>();
  private readonly addedAt = new Map<string, number>();
  private readonly delayed = new Map<string, { at: number; timer: NodeJS.Timeout }>();
  private readonly failures = new Map<string, number>();
  private readonly running = new Set<Promise<void>>();
  private readonly policy: Backoff;
  private readonly concurrency: number;
  private resyncTimer: NodeJS.Timeout | undefined;
  private work: WorkFunction | undefined;
  private shuttingDown = false;

  public constructor(private readonly options: WorkQueueOptions) {
    this.policy = resolveBackoff(options.backoff);
    this.concurrency = options.concurrency ?? 1;
    if (!Number.isInteger(this.concurrency) || this.concurrency < 1)
      throw new Error(`queue ${options.name}: concurrency must be an integer >= 1, got ${this.concurrency}`);
    if (options.resyncPeriodMs !== undefined && !(options.resyncPeriodMs > 0))
      throw new Error(`queue ${options.name}: resyncPeriodMs must be > 0, got ${options.resyncPeriodMs}`);
  }

  /** Starts processing with `work`; keys added before are processed now. */
  public start(work: WorkFunction): void {
    if (this.work) throw new Error(`queue ${this.options.name} already started`);
    this.work = work;
    const { resyncPeriodMs, resyncKeys } = this.options;
    if (resyncPeriodMs && resyncKeys) {
      this.resyncTimer = setInterval(() => {
        for (const key of resyncKeys()) this.add(key);
      }, resyncPeriodMs);
    }
    this.dispatch();
  }

  public add(key: string): void {
    if (this.shuttingDown || this.dirty.has(key)) return;
    this.options.metrics?.added();
    this.dirty.add(key);
    this.addedAt.set(key, Date.now());
    // A key being processed is queued again when its pass ends (done()), never run twice at once.
    if (this.processing.has(key)) return;
    this.queue.push(key);
    this.options.metrics?.depth(this.queue.length);
    this.dispatch();
  }

  /** Adds the key after ms; of several pending delays for one key the earliest wins. */
  public addAfter(key: string, ms: number): void {
    if (this.shuttingDown) return;
    if (ms <= 0) return this.add(key);
    const at = Date.now() + ms;
    const pending = this.delayed.get(key);
    if (pending && pending.at <= at) return;
    if (pending) clearTimeout(pending.timer);
    const timer = setTimeout(() => {
      this.delayed.delete(key);
      this.add(key);
    }, ms);
    this.delayed.set(key, { at, timer });
  }

  /** Adds the key after its next backoff delay; returns that delay. */
  public addRateLimited(key: string): number {
    const failures = (this.failures.get(key) ?? 0) + 1;
    this.failures.set(key, failures);
    const delay = backoffDelay(this.policy, failures, this.options.random);
    this.options.metrics?.retried();
    this.addAfter(key, delay);
    return delay;
  }

  /** Forgets the key's failures, so its next retry starts at the base delay again. */
  public forget(key: string): void {
    this.failures.delete(key);
  }

  public numRequeues(key: string): number {
    return this.failures.get(key) ?? 0;
  }

  /** Keys waiting (not counting running or delayed ones). */
  public get length(): number {
    return this.queue.length;
  }

  /** Keys being processed right now. */
  public get inFlight(): number {
    return this.processing.size;
  }

  /**
   * Stops taking keys and timers; with drain (the default) resolves once running passes have
   * ended: true, or false if timeoutMs passed first.
   */
  public async shutdown(options: ShutdownOptions = {}): Promise<boolean> {
    this.shuttingDown = true;
    clearInterval(this.resyncTimer);
    for (const { timer } of this.delayed.values()) clearTimeout(timer);
    this.delayed.clear();
    this.queue.length = 0;
    this.options.metrics?.depth(0);
    if (options.drain === false) return this.running.size === 0;
    const drained = Promise.all([...this.running]).then(() => true);
    if (options.timeoutMs === undefined) return drained;
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<boolean>((resolve) => (timer = setTimeout(() => resolve(false), options.timeoutMs)));
    const result = await Promise.race([drained, timeout]);
    clearTimeout(timer);
    return result;
  }

  /** Hands waiting keys to free workers. */
  private dispatch(): void {
    const work = this.work;
    if (!work) return;
    while (!this.shuttingDown && this.processing.size < this.concurrency && this.queue.length > 0) {
      const key = this.queue.shift()!;
      this.options.metrics?.depth(this.queue.length);
      this.dirty.delete(key);
      this.processing.add(key);
      const queuedSince = this.addedAt.get(key);
      this.addedAt.delete(key);
      if (queuedSince !== undefined) this.options.metrics?.queued((Date.now() - queuedSince) / 1000);
      const pass = this.process(key, work).finally(() => {
        this.running.delete(pass);
        this.done(key);
      });
      this.running.add(pass);
    }
  }

  private async process(key: string, work: WorkFunction): Promise<void> {
    // Counts into unfinished-work and longest-running until done, then observes the work duration.
    const finished = this.options.metrics?.processing();
    try {
      const result = await work(key);
      if (result && 'requeueAfterMs' in result) {
        this.forget(key);
        this.addAfter(key, result.requeueAfterMs);
      } else if (result && 'requeue' in result) {
        this.addRateLimited(key);
      } else {
        this.forget(key);
      }
    } catch (err) {
      if (this.shuttingDown) return;
      const delay = this.addRateLimited(key);
      try {
        this.options.onError?.(key, err, delay);
      } catch {
        // an error reporter that fails must not stop the queue
      }
    } finally {
      finished?.();
    }
  }

  private done(key: string): void {
    this.processing.delete(key);
    if (this.dirty.has(key) && !this.shuttingDown) {
      this.queue.push(key);
      this.options.metrics?.depth(this.queue.length);
    }
    this.dispatch();
  }
}
