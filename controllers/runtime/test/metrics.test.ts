// The scrape output after simulated use: controller-runtime's names, label names, types and buckets
// (copied from controller-runtime v0.24.1, see metrics.ts), parsed from the text format the way
// Prometheus reads it rather than through prom-client's own objects.
import { describe, expect, it } from 'vitest';
import { ControllerMetrics, exponentialBuckets, RECONCILE_TIME_BUCKETS, WORKQUEUE_BUCKETS } from '../metrics.js';

interface Sample {
  readonly name: string;
  readonly labels: Record<string, string>;
  readonly value: number;
}

interface Scrape {
  readonly types: Map<string, string>;
  readonly samples: Sample[];
}

/** A small parser of the Prometheus text format (enough for prom-client's output: no escapes beyond \" and \\). */
function parse(text: string): Scrape {
  const types = new Map<string, string>();
  const samples: Sample[] = [];
  for (const line of text.split('\n')) {
    const type = /^# TYPE (\S+) (\S+)$/.exec(line);
    if (type?.[1] && type[2]) types.set(type[1], type[2]);
    if (line === '' || line.startsWith('#')) continue;
    const sample = /^([a-zA-Z_:][a-zA-Z0-9_:]*)(?:\{(.*)\})? (\S+)$/.exec(line);
    if (!sample?.[1] || !sample[3]) throw new Error(`unparseable sample line: ${line}`);
    const labels: Record<string, string> = {};
    for (const [, key, value] of (sample[2] ?? '').matchAll(/([a-zA-Z_][a-zA-Z0-9_]*)="((?:[^"\\]|\\.)*)"/g)) {
      if (key !== undefined && value !== undefined) labels[key] = value;
    }
    samples.push({ name: sample[1], labels, value: Number(sample[3]) });
  }
  return { types, samples };
}

function find(scrape: Scrape, name: string, labels: Record<string, string> = {}): Sample[] {
  return scrape.samples.filter((s) => s.name === name && Object.entries(labels).every(([k, v]) => s.labels[k] === v));
}

function value(scrape: Scrape, name: string, labels: Record<string, string>): number {
  const found = find(scrape, name, labels);
  if (found.length !== 1) throw new Error(`${found.length} samples of ${name} ${JSON.stringify(labels)}`);
  return found[0]?.value ?? NaN;
}

const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

describe('ControllerMetrics', () => {
  it('exposes controller-runtime metric names, label names and types after use', async () => {
    const metrics = new ControllerMetrics();
    metrics.controller('operatingsystemconfig', 5);
    metrics.activeWorkers('operatingsystemconfig', 1);
    metrics.activeWorkers('operatingsystemconfig', 1);
    metrics.activeWorkers('operatingsystemconfig', -1);
    metrics.reconciled('operatingsystemconfig', 'success', 0.003);
    metrics.reconciled('operatingsystemconfig', 'success', 0.2);
    metrics.reconciled('operatingsystemconfig', 'error', 1.3);
    metrics.reconciled('operatingsystemconfig', 'requeue_after', 0.04);
    metrics.terminalError('operatingsystemconfig');

    const queue = metrics.queue('operatingsystemconfig');
    queue.added();
    queue.added();
    queue.depth(2);
    queue.queued(0.002);
    queue.depth(1);
    queue.worked(0.5);
    queue.retried();
    const done = queue.processing();
    await sleep(30);

    metrics.leaderStatus('os-metal-leader-election', true);
    const during = parse(await metrics.text());
    done();
    const after = parse(await metrics.text());

    const expectedTypes: Record<string, string> = {
      controller_runtime_reconcile_total: 'counter',
      controller_runtime_reconcile_errors_total: 'counter',
      controller_runtime_terminal_reconcile_errors_total: 'counter',
      controller_runtime_reconcile_panics_total: 'counter',
      controller_runtime_reconcile_timeouts_total: 'counter',
      controller_runtime_reconcile_time_seconds: 'histogram',
      controller_runtime_max_concurrent_reconciles: 'gauge',
      controller_runtime_active_workers: 'gauge',
      workqueue_depth: 'gauge',
      workqueue_adds_total: 'counter',
      workqueue_queue_duration_seconds: 'histogram',
      workqueue_work_duration_seconds: 'histogram',
      workqueue_retries_total: 'counter',
      workqueue_unfinished_work_seconds: 'gauge',
      workqueue_longest_running_processor_seconds: 'gauge',
      leader_election_master_status: 'gauge',
      leader_election_slowpath_total: 'counter',
    };
    for (const [name, type] of Object.entries(expectedTypes)) expect(after.types.get(name), name).toBe(type);

    const c = { controller: 'operatingsystemconfig' };
    // every result series exists from the start, like controller-runtime's initMetrics
    expect(value(after, 'controller_runtime_reconcile_total', { ...c, result: 'success' })).toBe(2);
    expect(value(after, 'controller_runtime_reconcile_total', { ...c, result: 'error' })).toBe(1);
    expect(value(after, 'controller_runtime_reconcile_total', { ...c, result: 'requeue_after' })).toBe(1);
    expect(value(after, 'controller_runtime_reconcile_total', { ...c, result: 'requeue' })).toBe(0);
    expect(value(after, 'controller_runtime_reconcile_errors_total', c)).toBe(1);
    expect(value(after, 'controller_runtime_terminal_reconcile_errors_total', c)).toBe(1);
    expect(value(after, 'controller_runtime_reconcile_panics_total', c)).toBe(0);
    expect(value(after, 'controller_runtime_max_concurrent_reconciles', c)).toBe(5);
    expect(value(after, 'controller_runtime_active_workers', c)).toBe(1);
    expect(value(after, 'controller_runtime_reconcile_time_seconds_count', c)).toBe(4);
    expect(value(after, 'controller_runtime_reconcile_time_seconds_sum', c)).toBeCloseTo(1.543, 6);
    expect(value(after, 'controller_runtime_reconcile_time_seconds_bucket', { ...c, le: '0.005' })).toBe(1);
    expect(value(after, 'controller_runtime_reconcile_time_seconds_bucket', { ...c, le: '1.5' })).toBe(4);
    expect(value(after, 'controller_runtime_reconcile_time_seconds_bucket', { ...c, le: '+Inf' })).toBe(4);

    // workqueue series carry both name and controller (controller-runtime puts the controller name in both)
    const q = { name: 'operatingsystemconfig', controller: 'operatingsystemconfig' };
    expect(value(after, 'workqueue_adds_total', q)).toBe(2);
    expect(value(after, 'workqueue_depth', { ...q, priority: '' })).toBe(1);
    expect(value(after, 'workqueue_retries_total', q)).toBe(1);
    expect(value(after, 'workqueue_queue_duration_seconds_count', q)).toBe(1);
    expect(value(after, 'workqueue_work_duration_seconds_count', q)).toBe(2);
    expect(value(after, 'workqueue_work_duration_seconds_sum', q)).toBeGreaterThan(0.5 + 0.025);

    // in flight, the item counts as unfinished work; once done, it is observed and the gauges drop to 0
    expect(value(during, 'workqueue_unfinished_work_seconds', q)).toBeGreaterThan(0.025);
    expect(value(during, 'workqueue_longest_running_processor_seconds', q)).toBeGreaterThan(0.025);
    expect(value(during, 'workqueue_work_duration_seconds_count', q)).toBe(1);
    expect(value(after, 'workqueue_unfinished_work_seconds', q)).toBe(0);
    expect(value(after, 'workqueue_longest_running_processor_seconds', q)).toBe(0);

    expect(value(after, 'leader_election_master_status', { name: 'os-metal-leader-election' })).toBe(1);
    metrics.leaderStatus('os-metal-leader-election', false);
    expect(value(parse(await metrics.text()), 'leader_election_master_status', { name: 'os-metal-leader-election' })).toBe(0);

    // the exact label sets, nothing more, nothing less
    const labelNames = (name: string): string[] => [...new Set(find(after, name).flatMap((s) => Object.keys(s.labels)))].sort();
    expect(labelNames('controller_runtime_reconcile_total')).toEqual(['controller', 'result']);
    expect(labelNames('controller_runtime_reconcile_time_seconds_bucket')).toEqual(['controller', 'le']);
    expect(labelNames('workqueue_depth')).toEqual(['controller', 'name', 'priority']);
    expect(labelNames('workqueue_adds_total')).toEqual(['controller', 'name']);
    expect(labelNames('workqueue_queue_duration_seconds_bucket')).toEqual(['controller', 'le', 'name']);
    expect(labelNames('leader_election_master_status')).toEqual(['name']);
  });

  it("uses controller-runtime's histogram buckets", async () => {
    const metrics = new ControllerMetrics({ defaultMetrics: false });
    metrics.reconciled('c', 'success', 0.1);
    metrics.queue('c').queued(1);
    const scrape = parse(await metrics.text());
    const bounds = (name: string): number[] =>
      find(scrape, name)
        .map((s) => s.labels.le)
        .filter((le): le is string => le !== undefined && le !== '+Inf')
        .map(Number);
    expect(RECONCILE_TIME_BUCKETS).toHaveLength(40);
    expect(bounds('controller_runtime_reconcile_time_seconds_bucket')).toEqual(RECONCILE_TIME_BUCKETS);
    // ExponentialBuckets(10e-9, 10, 12): 1e-8 … 1e3
    expect(WORKQUEUE_BUCKETS).toHaveLength(12);
    expect(WORKQUEUE_BUCKETS[0]).toBe(1e-8);
    expect(WORKQUEUE_BUCKETS[11]).toBeCloseTo(1000, 9);
    expect(bounds('workqueue_queue_duration_seconds_bucket')).toEqual(WORKQUEUE_BUCKETS);
    expect(exponentialBuckets(1, 2, 4)).toEqual([1, 2, 4, 8]);
  });

  it('collects the default process metrics unless told not to', async () => {
    const withDefaults = parse(await new ControllerMetrics().text());
    expect(withDefaults.types.get('process_cpu_seconds_total')).toBe('counter');
    expect(withDefaults.types.get('process_resident_memory_bytes')).toBe('gauge');
    const without = parse(await new ControllerMetrics({ defaultMetrics: false }).text());
    expect(without.types.has('process_cpu_seconds_total')).toBe(false);
  });
});
