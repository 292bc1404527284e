// The work queue's guarantees, with vitest's fake timers (no real waiting): coalescing, one pass per
// key at a time, bounded workers, backoff growth with jitter and cap, forget, requeue-after,
// resync and draining shutdown.
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { backoff, backoffDelay } from '../backoff.js';
import type { QueueMetrics } from '../metrics.js';
import { WorkQueue, type WorkResult } from '../queue.js';

/** A pass that can be finished from the test. */
function gate(): { promise: Promise<void>; open: () => void } {
  let open!: () => void;
  const promise = new Promise<void>((resolve) => (open = resolve));
  return { promise, open };
}

beforeEach(() => {
  vi.useFakeTimers();
});
afterEach(() => {
  vi.useRealTimers();
});

describe('backoffDelay', () => {
  it('doubles from the base up to the cap (client-go defaults 5 ms, 1000 s)', () => {
    const policy = backoff({ jitter: 0 });
    expect([1, 2, 3, 4, 5].map((n) => backoffDelay(policy, n))).toEqual([5, 10, 20, 40, 80]);
    expect(backoffDelay(policy, 18)).toBe(655_360);
    expect(backoffDelay(policy, 19)).toBe(1_000_000);
    expect(backoffDelay(policy, 5000)).toBe(1_000_000);
  });

  it('takes up to the jitter share off, never exceeding the cap', () => {
    const policy = backoff({ baseMs: 100, maxMs: 1000, jitter: 0.5 });
    expect(backoffDelay(policy, 1, () => 0)).toBe(100);
    expect(backoffDelay(policy, 1, () => 1)).toBe(50);
    expect(backoffDelay(policy, 10, () => 0.5)).toBe(750);
    const samples = Array.from({ length: 200 }, () => backoffDelay(policy, 3));
    expect(Math.min(...samples)).toBeGreaterThanOrEqual(200);
    expect(Math.max(...samples)).toBeLessThanOrEqual(400);
    expect(new Set(samples).size).toBeGreaterThan(100);
  });

  it('names the bad value', () => {
    expect(() => backoff({ baseMs: 0 })).toThrow('backoff baseMs must be > 0, got 0');
    expect(() => backoff({ baseMs: 10, maxMs: 5 })).toThrow('backoff maxMs must be >= baseMs (10), got 5');
    expect(() => backoff({ jitter: 2 })).toThrow('backoff jitter must be within 0..1, got 2');
  });
});

describe('WorkQueue', () => {
  it('coalesces duplicates that wait', async () => {
    const seen: string[] = [];
    const queue = new WorkQueue({ name: 'q' });
    for (const key of ['a', 'b', 'a', 'a', 'b']) queue.add(key);
    queue.start((key) => Promise.resolve(void seen.push(key)));
    await vi.advanceTimersByTimeAsync(0);
    expect(seen).toEqual(['a', 'b']);
  });

  it('never runs one key twice at once; a key added during its pass runs once more afterwards', async () => {
    const passes: { key: string; gate: ReturnType<typeof gate> }[] = [];
    let running = 0;
    let maxRunning = 0;
    const queue = new WorkQueue({ name: 'q', concurrency: 4 });
    queue.start(async (key) => {
      running++;
      maxRunning = Math.max(maxRunning, running);
      const g = gate();
      passes.push({ key, gate: g });
      await g.promise;
      running--;
    });
    queue.add('a');
    await vi.advanceTimersByTimeAsync(0);
    expect(passes.map((p) => p.key)).toEqual(['a']);
    queue.add('a');
    queue.add('a');
    queue.add('a');
    await vi.advanceTimersByTimeAsync(0);
    // Four workers are free, but 'a' is being processed: it waits.
    expect(passes).toHaveLength(1);
    expect(queue.length).toBe(0);
    passes[0]!.gate.open();
    await vi.advanceTimersByTimeAsync(0);
    expect(passes.map((p) => p.key)).toEqual(['a', 'a']);
    passes[1]!.gate.open();
    await vi.advanceTimersByTimeAsync(0);
    expect(passes).toHaveLength(2);
    expect(maxRunning).toBe(1);
  });

  it('runs at most `concurrency` passes at once', async () => {
    const gates: ReturnType<typeof gate>[] = [];
    const queue = new WorkQueue({ name: 'q', concurrency: 2 });
    queue.start(async () => {
      const g = gate();
      gates.push(g);
      await g.promise;
    });
    for (const key of ['a', 'b', 'c', 'd', 'e']) queue.add(key);
    await vi.advanceTimersByTimeAsync(0);
    expect(gates).toHaveLength(2);
    expect(queue.inFlight).toBe(2);
    expect(queue.length).toBe(3);
    gates[0]!.open();
    await vi.advanceTimersByTimeAsync(0);
    expect(gates).toHaveLength(3);
    expect(queue.inFlight).toBe(2);
  });

  it('retries a failing key with growing backoff, capped, and forgets on success', async () => {
    const times: number[] = [];
    let failUntil = 6;
    const retried = vi.fn();
    const metrics: QueueMetrics = { added: vi.fn(), depth: vi.fn(), queued: vi.fn(), worked: vi.fn(), retried, processing: () => () => undefined };
    const start = Date.now();
    const queue = new WorkQueue({ name: 'q', backoff: { baseMs: 10, maxMs: 100, jitter: 0 }, metrics });
    queue.start(async () => {
      await Promise.resolve();
      times.push(Date.now() - start);
      if (times.length < failUntil) throw new Error('boom');
    });
    queue.add('a');
    await vi.advanceTimersByTimeAsync(1000);
    // 10, 20, 40, 80, then the cap of 100
    expect(times).toEqual([0, 10, 30, 70, 150, 250]);
    expect(retried).toHaveBeenCalledTimes(5);
    expect(queue.numRequeues('a')).toBe(0);
    // After the success the next failure starts at the base again.
    failUntil = 100;
    times.length = 0;
    const t0 = Date.now() - start;
    queue.add('a');
    await vi.advanceTimersByTimeAsync(15);
    expect(times.map((t) => t - t0)).toEqual([0, 10]);
  });

  it('spreads retries of keys that failed together (jitter)', async () => {
    const firstRetry = new Map<string, number>();
    const attempts = new Map<string, number>();
    const start = Date.now();
    const queue = new WorkQueue({ name: 'q', concurrency: 50, backoff: { baseMs: 1000, jitter: 0.5 } });
    queue.start(async (key) => {
      await Promise.resolve();
      const n = (attempts.get(key) ?? 0) + 1;
      attempts.set(key, n);
      if (n === 2) firstRetry.set(key, Date.now() - start);
      if (n === 1) throw new Error('down');
    });
    for (let i = 0; i < 50; i++) queue.add(`k${i}`);
    await vi.advanceTimersByTimeAsync(1000);
    const delays = [...firstRetry.values()];
    expect(delays).toHaveLength(50);
    expect(Math.min(...delays)).toBeGreaterThanOrEqual(500);
    expect(Math.max(...delays)).toBeLessThanOrEqual(1000);
    expect(new Set(delays).size).toBeGreaterThan(25);
  });

  it('requeues after the delay a pass asks for, the earliest of several delays winning', async () => {
    const times: number[] = [];
    const start = Date.now();
    let result: WorkResult = { requeueAfterMs: 500 };
    const queue = new WorkQueue({ name: 'q' });
    queue.start(async () => {
      await Promise.resolve();
      times.push(Date.now() - start);
      const r = result;
      result = undefined;
      return r;
    });
    queue.add('a');
    await vi.advanceTimersByTimeAsync(0);
    queue.addAfter('a', 200);
    queue.addAfter('a', 300);
    await vi.advanceTimersByTimeAsync(1000);
    expect(times).toEqual([0, 200]);
  });

  it('adds every key of the provider each resync period', async () => {
    const seen: string[] = [];
    const queue = new WorkQueue({ name: 'q', resyncPeriodMs: 1000, resyncKeys: () => ['a', 'b'] });
    queue.start((key) => Promise.resolve(void seen.push(key)));
    await vi.advanceTimersByTimeAsync(999);
    expect(seen).toEqual([]);
    await vi.advanceTimersByTimeAsync(1);
    expect(seen).toEqual(['a', 'b']);
    await vi.advanceTimersByTimeAsync(2000);
    expect(seen).toEqual(['a', 'b', 'a', 'b', 'a', 'b']);
    await queue.shutdown();
    await vi.advanceTimersByTimeAsync(5000);
    expect(seen).toHaveLength(6);
  });

  it('drains on shutdown: running passes finish, waiting keys and timers are dropped, new adds ignored', async () => {
    const g = gate();
    const seen: string[] = [];
    let finished = false;
    const queue = new WorkQueue({ name: 'q' });
    queue.start(async (key) => {
      seen.push(key);
      if (key === 'a') await g.promise;
      finished = key === 'a' || finished;
    });
    queue.add('a');
    queue.add('b');
    queue.addAfter('c', 10);
    await vi.advanceTimersByTimeAsync(0);
    let drained: boolean | undefined;
    void queue.shutdown({ drain: true }).then((d) => (drained = d));
    queue.add('d');
    await vi.advanceTimersByTimeAsync(100);
    expect(drained).toBeUndefined();
    g.open();
    await vi.advanceTimersByTimeAsync(0);
    expect(drained).toBe(true);
    expect(finished).toBe(true);
    expect(seen).toEqual(['a']);
  });

  it('gives up draining after timeoutMs', async () => {
    const queue = new WorkQueue({ name: 'q' });
    queue.start(() => new Promise<void>(() => undefined));
    queue.add('stuck');
    await vi.advanceTimersByTimeAsync(0);
    let drained: boolean | undefined;
    void queue.shutdown({ timeoutMs: 1000 }).then((d) => (drained = d));
    await vi.advanceTimersByTimeAsync(999);
    expect(drained).toBeUndefined();
    await vi.advanceTimersByTimeAsync(1);
    expect(drained).toBe(false);
  });

  it('reports depth, adds and queue time', async () => {
    const depth: number[] = [];
    const queued: number[] = [];
    const added = vi.fn();
    const worked: number[] = [];
    const metrics: QueueMetrics = {
      added,
      depth: (n) => depth.push(n),
      queued: (s) => queued.push(s),
      worked: (s) => worked.push(s),
      retried: vi.fn(),
      processing: () => () => worked.push(-1),
    };
    const queue = new WorkQueue({ name: 'q', metrics });
    queue.add('a');
    queue.add('a');
    queue.add('b');
    await vi.advanceTimersByTimeAsync(250);
    queue.start(() => Promise.resolve());
    await vi.advanceTimersByTimeAsync(0);
    expect(added).toHaveBeenCalledTimes(2);
    expect(depth).toEqual([1, 2, 1, 0]);
    expect(queued).toEqual([0.25, 0.25]);
    expect(worked).toEqual([-1, -1]);
  });
});
