// Exponential backoff with jitter and a cap: the delay before retry n is base·2^(n-1), capped, and
// then shortened by a random share of up to `jitter` so that many keys failing together (an API
// server that was down) do not retry in lockstep. client-go's per-item rate limiter has the same
// growth and cap (5 ms, 1000 s) but no jitter.

export interface BackoffOptions {
  /** Delay before the first retry. @default 5 (ms, client-go's DefaultItemBasedRateLimiter) */
  readonly baseMs?: number;
  /** Longest delay. @default 1_000_000 (1000 s, client-go's cap) */
  readonly maxMs?: number;
  /** Share of the delay taken off at random, 0 (none) to 1. @default 0.2 */
  readonly jitter?: number;
}

export interface Backoff {
  readonly baseMs: number;
  readonly maxMs: number;
  readonly jitter: number;
}

export function backoff(options: BackoffOptions = {}): Backoff {
  const resolved = { baseMs: options.baseMs ?? 5, maxMs: options.maxMs ?? 1_000_000, jitter: options.jitter ?? 0.2 };
  if (!(resolved.baseMs > 0)) throw new Error(`backoff baseMs must be > 0, got ${resolved.baseMs}`);
  if (!(resolved.maxMs >= resolved.baseMs)) throw new Error(`backoff maxMs must be >= baseMs (${resolved.baseMs}), got ${resolved.maxMs}`);
  if (!(resolved.jitter >= 0 && resolved.jitter <= 1)) throw new Error(`backoff jitter must be within 0..1, got ${resolved.jitter}`);
  return resolved;
}

/** The delay before retry number `failures` (1 = first retry). `random` is injectable for tests. */
export function backoffDelay(policy: Backoff, failures: number, random: () => number = Math.random): number {
  // 2^exponent overflows to Infinity long after the cap is reached; Math.min handles that.
  const exponential = Math.min(policy.maxMs, policy.baseMs * 2 ** Math.max(0, failures - 1));
  return exponential * (1 - policy.jitter * random());
}

/** Resolves after ms, or early when the signal aborts (never rejects). */
export function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    if (signal?.aborted) return resolve();
    const done = (): void => {
      clearTimeout(timer);
      signal?.removeEventListener('abort', done);
      resolve();
    };
    const timer = setTimeout(done, ms);
    signal?.addEventListener('abort', done, { once: true });
  });
}
