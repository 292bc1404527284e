// What the controller says about itself after a run, for finding its bottleneck: its Prometheus
// metrics (reconcile time, queue wait, event-loop lag, CPU), the time between the log lines of
// each reconcile (the lifecycle logs at the steps of an operation), and, with --cpu-prof, where
// its CPU time went. Pure functions over the texts, except reading the profile file.
import { readdirSync, readFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import { fixed, ms, percentile } from './stats.js';

const CONTROLLER = 'operatingsystemconfig';

/** The value of the first sample of `name` whose labels contain every `label="value"` given. */
export function metricValue(text: string, name: string, labels: readonly string[] = []): number {
  for (const line of text.split('\n')) {
    if (!line.startsWith(`${name}{`) && !line.startsWith(`${name} `)) continue;
    if (labels.every((label) => line.includes(label))) return Number(line.slice(line.lastIndexOf(' ') + 1));
  }
  return NaN;
}

export function metricsReport(text: string): string[] {
  const c = `controller="${CONTROLLER}"`;
  const q = `name="${CONTROLLER}"`;
  const mean = (name: string, labels: string[]): number => metricValue(text, `${name}_sum`, labels) / metricValue(text, `${name}_count`, labels);
  const total = (result: string): number => metricValue(text, 'controller_runtime_reconcile_total', [c, `result="${result}"`]);
  return [
    `reconciles: ${total('success')} success, ${total('error')} error, ${total('requeue')} requeue, ${total('requeue_after')} requeue_after; workers ${metricValue(text, 'controller_runtime_max_concurrent_reconciles', [c])}`,
    `mean reconcile time ${ms(mean('controller_runtime_reconcile_time_seconds', [c]))}; mean wait in the queue ${ms(mean('workqueue_queue_duration_seconds', [q]))}; queue adds ${metricValue(text, 'workqueue_adds_total', [q])}, retries ${metricValue(text, 'workqueue_retries_total', [q])}`,
    `process: CPU ${fixed(metricValue(text, 'process_cpu_seconds_total'))} s since start; event-loop lag p99 ${ms(metricValue(text, 'nodejs_eventloop_lag_p99_seconds'))}, max ${ms(metricValue(text, 'nodejs_eventloop_lag_max_seconds'))}; heap used ${fixed(metricValue(text, 'nodejs_heap_size_used_bytes') / 1048576)} MiB`,
  ];
}

interface LogEntry {
  /** pino's epoch milliseconds, or ISO 8601 (controllers/runtime/log.ts uses isoTime). */
  time?: number | string;
  msg?: string;
  reconcileID?: string;
}

/**
 * Steps of the reconciles in the log, by the messages the lifecycle writes at info level (and the
 * actuator's `desired output computed` at debug): the time from one to the next, p50/p90/max.
 */
export function logPhases(entries: readonly Record<string, unknown>[]): string[] {
  const byReconcile = new Map<string, { msg: string; time: number }[]>();
  for (const entry of entries as readonly LogEntry[]) {
    const time = typeof entry.time === 'string' ? Date.parse(entry.time) : entry.time;
    if (typeof entry.reconcileID !== 'string' || time === undefined || Number.isNaN(time) || typeof entry.msg !== 'string') continue;
    const lines = byReconcile.get(entry.reconcileID) ?? [];
    lines.push({ msg: entry.msg, time });
    byReconcile.set(entry.reconcileID, lines);
  }
  const steps = new Map<string, number[]>();
  for (const lines of byReconcile.values()) {
    for (let i = 1; i < lines.length; i++) {
      const step = `${lines[i - 1]!.msg} → ${lines[i]!.msg}`;
      const list = steps.get(step) ?? [];
      list.push((lines[i]!.time - lines[i - 1]!.time) / 1000);
      steps.set(step, list);
    }
  }
  return [...steps.entries()]
    .filter(([, list]) => list.length >= 10)
    .map(([step, list]) => {
      const sorted = list.sort((a, b) => a - b);
      const mean = sorted.reduce((a, b) => a + b, 0) / sorted.length;
      return `${step}: n=${sorted.length} mean ${ms(mean)} p50 ${ms(percentile(sorted, 50))} p90 ${ms(percentile(sorted, 90))} max ${ms(percentile(sorted, 100))}`;
    });
}

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
}

interface CpuProfile {
  nodes: ProfileNode[];
  samples: number[];
  timeDeltas: number[];
}

/** The newest `.cpuprofile` in dir, if any. */
export function newestProfile(dir: string): string | undefined {
  const files = readdirSync(dir)
    .filter((f) => f.endsWith('.cpuprofile'))
    .sort();
  const last = files[files.length - 1];
  return last === undefined ? undefined : join(dir, last);
}

/** Self time by function (top `top`), as shares of the sampled non-idle time. */
export function profileReport(file: string, top = 15): string[] {
  const profile = JSON.parse(readFileSync(file, 'utf8')) as CpuProfile;
  const nodes = new Map(profile.nodes.map((n) => [n.id, n]));
  const self = new Map<string, number>();
  let busy = 0;
  profile.samples.forEach((id, i) => {
    const frame = nodes.get(id)?.callFrame;
    const delta = profile.timeDeltas[i] ?? 0;
    if (!frame || frame.functionName === '(idle)') return;
    const where = frame.url ? ` ${basename(frame.url)}:${frame.lineNumber + 1}` : '';
    const name = `${frame.functionName || '(anonymous)'}${where}`;
    self.set(name, (self.get(name) ?? 0) + delta);
    busy += delta;
  });
  const rows = [...self.entries()].sort((a, b) => b[1] - a[1]).slice(0, top);
  return [
    `CPU profile ${file}: ${fixed(busy / 1e6)} s sampled busy time; self time by function:`,
    ...rows.map(([name, us]) => `  ${fixed((100 * us) / busy)}%  ${fixed(us / 1000, 0)} ms  ${name}`),
  ];
}
