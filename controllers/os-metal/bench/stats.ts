// Small measuring helpers of the benchmark: a bounded worker pool that times a batch of requests,
// and percentiles by the nearest-rank method. Pure except for the clock.

/** Nearest-rank percentile (p in 0..100) of already sorted values; NaN when empty. */
export function percentile(sorted: readonly number[], p: number): number {
  if (sorted.length === 0) return NaN;
  const rank = Math.ceil((p / 100) * sorted.length);
  return sorted[Math.min(sorted.length, Math.max(1, rank)) - 1] ?? NaN;
}

export interface Batch {
  readonly ops: number;
  readonly seconds: number;
  readonly errors: number;
  readonly firstError?: string;
  readonly opsPerSecond: number;
}

/**
 * Runs `work(i)` for i in 0..count-1 with at most `concurrency` in flight; times the whole batch.
 * A failed op counts as an error (and does not count as done); the batch goes on. Stops starting
 * new ops once `signal` is aborted.
 */
export async function timedPool(count: number, concurrency: number, work: (i: number) => Promise<unknown>, signal?: AbortSignal): Promise<Batch> {
  let next = 0;
  let errors = 0;
  let firstError: string | undefined;
  const started = performance.now();
  const worker = async (): Promise<void> => {
    while (next < count && !signal?.aborted) {
      const i = next++;
      try {
        await work(i);
      } catch (err) {
        errors++;
        firstError ??= err instanceof Error ? err.message : String(err);
      }
    }
  };
  await Promise.all(Array.from({ length: Math.min(concurrency, count) }, worker));
  const seconds = (performance.now() - started) / 1000;
  const ops = next - errors;
  return { ops, seconds, errors, ...(firstError === undefined ? {} : { firstError }), opsPerSecond: ops / seconds };
}

export const ms = (seconds: number): string => (Number.isNaN(seconds) ? 'n/a' : `${Math.round(seconds * 1000)} ms`);
export const fixed = (n: number, digits = 1): string => (Number.isFinite(n) ? n.toFixed(digits) : 'n/a');
