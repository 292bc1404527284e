// Prometheus metrics of a controller, named exactly like controller-runtime's, so the dashboards and
// alerts written for Go controllers (Gardener's extensions among them) work unchanged on ours.
//
// Why prom-client: it is the de-facto Prometheus client for Node (what the Prometheus docs list),
// maintained, writes the text exposition format, and collects the default process metrics
// (process_cpu_seconds_total, process_resident_memory_bytes, open fds, Node's heap and event-loop
// lag) the way client_golang's process collector does for Go.
//
// Names, label names, types, help texts and buckets are copied from controller-runtime v0.24.1
// (commit 3be3f1bf2b2fcc6b5c9510d55c6a9972294653d0):
//   pkg/internal/controller/metrics/metrics.go   controller_runtime_*
//   pkg/internal/metrics/workqueue.go            workqueue_* (adapted from client-go's workqueue metrics)
//   pkg/metrics/leaderelection.go                leader_election_*
import { collectDefaultMetrics, Counter, Gauge, Histogram, Registry } from 'prom-client';

/** controller-runtime's `result` label values of `controller_runtime_reconcile_total`. */
export type ReconcileResult = 'success' | 'error' | 'requeue' | 'requeue_after';

const RESULTS: readonly ReconcileResult[] = ['error', 'requeue_after', 'requeue', 'success'];

/** controller-runtime's ReconcileTime buckets. */
export const RECONCILE_TIME_BUCKETS: readonly number[] = [
  0.005, 0.01, 0.025, 0.05, 0.1, 0.15, 0.2, 0.25, 0.3, 0.35, 0.4, 0.45, 0.5, 0.6, 0.7, 0.8, 0.9, 1.0, 1.25, 1.5, 1.75, 2.0, 2.5, 3.0, 3.5, 4.0, 4.5, 5, 6, 7, 8,
  9, 10, 15, 20, 25, 30, 40, 50, 60,
];

/** client_golang's `ExponentialBuckets(start, factor, count)`, computed the same way (same floats). */
export function exponentialBuckets(start: number, factor: number, count: number): number[] {
  const buckets: number[] = [];
  let next = start;
  for (let i = 0; i < count; i++) {
    buckets.push(next);
    next *= factor;
  }
  return buckets;
}

/** The workqueue latency buckets: `prometheus.ExponentialBuckets(10e-9, 10, 12)`, 10 ns to 1000 s. */
export const WORKQUEUE_BUCKETS: readonly number[] = exponentialBuckets(10e-9, 10, 12);

/** What a work queue reports; one per queue, from `ControllerMetrics.queue(name)`. */
export interface QueueMetrics {
  /** An item was added (`workqueue_adds_total`). */
  added(): void;
  /** The queue now holds `n` items (`workqueue_depth`). */
  depth(n: number): void;
  /** An item waited `seconds` between add and a worker taking it (`workqueue_queue_duration_seconds`). */
  queued(seconds: number): void;
  /** A worker spent `seconds` on an item (`workqueue_work_duration_seconds`). */
  worked(seconds: number): void;
  /** An item was re-added with a delay: rate-limited retry or requeue-after (`workqueue_retries_total`). */
  retried(): void;
  /**
   * A worker took an item; call the returned function when it is done. Until then the item counts
   * into `workqueue_unfinished_work_seconds` and `workqueue_longest_running_processor_seconds`
   * (computed at scrape time, as client-go's 500 ms loop would); when done, its time is observed
   * as `worked(seconds)` — so use either this or `worked`, not both.
   */
  processing(): () => void;
}

/** Records leader-election state (`leader_election_master_status`); what the elector needs of ControllerMetrics. */
export interface LeaderMetrics {
  /** 1 while this process leads the lease `name`, 0 otherwise. */
  leaderStatus(name: string, leading: boolean): void;
  /** The leader had to re-read the lease to renew it (`leader_election_slowpath_total`). */
  leaderSlowpath(name: string): void;
}

export interface ControllerMetricsProps {
  /** The registry to register on. @default a new Registry */
  readonly registry?: Registry;
  /** Also collect prom-client's default process and Node metrics into the registry. @default true */
  readonly defaultMetrics?: boolean;
}

/** All metrics of one process's controllers on one registry. Every method is cheap and never throws on a known name. */
export class ControllerMetrics implements LeaderMetrics {
  readonly registry: Registry;

  private readonly reconcileTotal: Counter<'controller' | 'result'>;
  private readonly reconcileErrors: Counter<'controller'>;
  private readonly terminalReconcileErrors: Counter<'controller'>;
  private readonly reconcilePanics: Counter<'controller'>;
  private readonly reconcileTime: Histogram<'controller'>;
  private readonly workerCount: Gauge<'controller'>;
  private readonly activeWorkerGauge: Gauge<'controller'>;
  private readonly reconcileTimeouts: Counter<'controller'>;

  private readonly queueDepth: Gauge<'name' | 'controller' | 'priority'>;
  private readonly queueAdds: Counter<'name' | 'controller'>;
  private readonly queueLatency: Histogram<'name' | 'controller'>;
  private readonly queueWorkDuration: Histogram<'name' | 'controller'>;
  private readonly queueRetries: Counter<'name' | 'controller'>;
  /** Per queue, the start times (performance.now()) of the items workers hold. */
  private readonly inFlight = new Map<string, { readonly controller: string; readonly starts: Set<{ readonly start: number }> }>();

  private readonly leaderGauge: Gauge<'name'>;
  private readonly leaderSlowpathCounter: Counter<'name'>;

  constructor(props: ControllerMetricsProps = {}) {
    const registry = props.registry ?? new Registry();
    this.registry = registry;
    const registers = [registry];
    if (props.defaultMetrics ?? true) collectDefaultMetrics({ register: registry });

    this.reconcileTotal = new Counter({
      name: 'controller_runtime_reconcile_total',
      help: 'Total number of reconciliations per controller',
      labelNames: ['controller', 'result'],
      registers,
    });
    this.reconcileErrors = new Counter({
      name: 'controller_runtime_reconcile_errors_total',
      help: 'Total number of reconciliation errors per controller',
      labelNames: ['controller'],
      registers,
    });
    this.terminalReconcileErrors = new Counter({
      name: 'controller_runtime_terminal_reconcile_errors_total',
      help: 'Total number of terminal reconciliation errors per controller',
      labelNames: ['controller'],
      registers,
    });
    this.reconcilePanics = new Counter({
      name: 'controller_runtime_reconcile_panics_total',
      help: 'Total number of reconciliation panics per controller',
      labelNames: ['controller'],
      registers,
    });
    this.reconcileTime = new Histogram({
      name: 'controller_runtime_reconcile_time_seconds',
      help: 'Length of time per reconciliation per controller',
      labelNames: ['controller'],
      buckets: [...RECONCILE_TIME_BUCKETS],
      registers,
    });
    this.workerCount = new Gauge({
      name: 'controller_runtime_max_concurrent_reconciles',
      help: 'Maximum number of concurrent reconciles per controller',
      labelNames: ['controller'],
      registers,
    });
    this.activeWorkerGauge = new Gauge({
      name: 'controller_runtime_active_workers',
      help: 'Number of currently used workers per controller',
      labelNames: ['controller'],
      registers,
    });
    this.reconcileTimeouts = new Counter({
      name: 'controller_runtime_reconcile_timeouts_total',
      help: 'Total number of reconciliation timeouts per controller',
      labelNames: ['controller'],
      registers,
    });

    this.queueDepth = new Gauge({
      name: 'workqueue_depth',
      help: 'Current depth of workqueue by workqueue and priority',
      labelNames: ['name', 'controller', 'priority'],
      registers,
    });
    this.queueAdds = new Counter({
      name: 'workqueue_adds_total',
      help: 'Total number of adds handled by workqueue',
      labelNames: ['name', 'controller'],
      registers,
    });
    this.queueLatency = new Histogram({
      name: 'workqueue_queue_duration_seconds',
      help: 'How long in seconds an item stays in workqueue before being requested',
      labelNames: ['name', 'controller'],
      buckets: [...WORKQUEUE_BUCKETS],
      registers,
    });
    this.queueWorkDuration = new Histogram({
      name: 'workqueue_work_duration_seconds',
      help: 'How long in seconds processing an item from workqueue takes.',
      labelNames: ['name', 'controller'],
      buckets: [...WORKQUEUE_BUCKETS],
      registers,
    });
    const inFlight = this.inFlight;
    const ages = (start: Iterable<{ readonly start: number }>, now: number): number[] => [...start].map((item) => (now - item.start) / 1000);
    new Gauge({
      name: 'workqueue_unfinished_work_seconds',
      help:
        "How many seconds of work has been done that is in progress and hasn't been observed by work_duration. Large values indicate stuck threads. " +
        'One can deduce the number of stuck threads by observing the rate at which this increases.',
      labelNames: ['name', 'controller'],
      registers,
      collect() {
        const now = performance.now();
        for (const [name, queue] of inFlight)
          this.set(
            { name, controller: queue.controller },
            ages(queue.starts, now).reduce((a, b) => a + b, 0),
          );
      },
    });
    new Gauge({
      name: 'workqueue_longest_running_processor_seconds',
      help: 'How many seconds has the longest running processor for workqueue been running.',
      labelNames: ['name', 'controller'],
      registers,
      collect() {
        const now = performance.now();
        for (const [name, queue] of inFlight) this.set({ name, controller: queue.controller }, Math.max(0, ...ages(queue.starts, now)));
      },
    });
    this.queueRetries = new Counter({
      name: 'workqueue_retries_total',
      help: 'Total number of items added to the workqueue with a non-zero delay (rate-limited requeues, explicit RequeueAfter or AddAfter calls)',
      labelNames: ['name', 'controller'],
      registers,
    });

    this.leaderGauge = new Gauge({
      name: 'leader_election_master_status',
      help: "Gauge of if the reporting system is master of the relevant lease, 0 indicates backup, 1 indicates master. 'name' is the string used to identify the lease. Please make sure to group by name.",
      labelNames: ['name'],
      registers,
    });
    this.leaderSlowpathCounter = new Counter({
      name: 'leader_election_slowpath_total',
      help: "Total number of slow path exercised in renewing leader leases. 'name' is the string used to identify the lease. Please make sure to group by name.",
      labelNames: ['name'],
      registers,
    });
  }

  /**
   * Announces a controller: every series it will have starts at 0 and the worker limit is set, as
   * controller-runtime's `initMetrics` does, so `rate()` and absent-alerts work from the first scrape.
   */
  controller(controller: string, maxConcurrentReconciles: number): void {
    for (const result of RESULTS) this.reconcileTotal.inc({ controller, result }, 0);
    for (const counter of [this.reconcileErrors, this.terminalReconcileErrors, this.reconcilePanics, this.reconcileTimeouts]) counter.inc({ controller }, 0);
    this.workerCount.set({ controller }, maxConcurrentReconciles);
    this.activeWorkerGauge.set({ controller }, 0);
  }

  /** One reconcile ended with `result` after `seconds`; `error` also counts into the errors total. */
  reconciled(controller: string, result: ReconcileResult, seconds: number): void {
    this.reconcileTotal.inc({ controller, result });
    if (result === 'error') this.reconcileErrors.inc({ controller });
    this.reconcileTime.observe({ controller }, seconds);
  }

  /** An error the reconciler marked as terminal (not retried); count it in addition to `reconciled(…, 'error', …)`. */
  terminalError(controller: string): void {
    this.terminalReconcileErrors.inc({ controller });
  }

  /** The reconciler threw where it must not (Go: panicked). */
  panicked(controller: string): void {
    this.reconcilePanics.inc({ controller });
  }

  /** A reconcile ran out of its time budget. */
  timedOut(controller: string): void {
    this.reconcileTimeouts.inc({ controller });
  }

  /** A worker started (+1) or finished (-1) a reconcile. */
  activeWorkers(controller: string, delta: 1 | -1): void {
    this.activeWorkerGauge.inc({ controller }, delta);
  }

  /**
   * The metrics of the work queue `name`. controller-runtime names a controller's queue after the
   * controller and puts the name in both labels; `controller` defaults to that.
   */
  queue(name: string, controller: string = name): QueueMetrics {
    const labels = { name, controller };
    const inFlight = { controller, starts: new Set<{ readonly start: number }>() };
    this.inFlight.set(name, inFlight);
    this.queueAdds.inc(labels, 0);
    this.queueRetries.inc(labels, 0);
    this.queueDepth.set({ ...labels, priority: '' }, 0);
    const worked = (seconds: number): void => this.queueWorkDuration.observe(labels, seconds);
    return {
      added: () => this.queueAdds.inc(labels),
      // a queue without priorities: controller-runtime reports priority="" for those
      depth: (n) => this.queueDepth.set({ ...labels, priority: '' }, n),
      queued: (seconds) => this.queueLatency.observe(labels, seconds),
      worked,
      retried: () => this.queueRetries.inc(labels),
      processing: () => {
        const item = { start: performance.now() };
        inFlight.starts.add(item);
        return () => {
          if (inFlight.starts.delete(item)) worked((performance.now() - item.start) / 1000);
        };
      },
    };
  }

  leaderStatus(name: string, leading: boolean): void {
    this.leaderGauge.set({ name }, leading ? 1 : 0);
  }

  leaderSlowpath(name: string): void {
    this.leaderSlowpathCounter.inc({ name });
  }

  /** The registry in Prometheus' text format (what `/metrics` serves). */
  async text(): Promise<string> {
    return this.registry.metrics();
  }
}
