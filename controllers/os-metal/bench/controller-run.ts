// The measured part: create the OSCs (client concurrency C) while one watch over all namespaces
// sees each reach `lastOperation.state == Succeeded` at its generation. Per OSC the time counts from
// the moment its create call returned (the client's clock: creationTimestamp has whole seconds only)
// to the watch event that shows it Succeeded.
import type { KubeClient, WatchEvent } from '../../runtime/index.js';
import { timedPool, type Batch } from './stats.js';
import { OSC_PATH, oscName, provisionOsc } from './workload.js';

interface WatchedOsc {
  metadata: { name: string; namespace?: string; generation?: number; resourceVersion?: string; annotations?: Record<string, string> };
  status?: { lastOperation?: { state?: string; description?: string }; lastError?: { description?: string }; observedGeneration?: number };
}

export interface ControllerRunOptions {
  readonly admin: KubeClient;
  readonly namespaces: readonly string[];
  readonly count: number;
  readonly concurrency: number;
  readonly signal: AbortSignal;
  readonly log: (line: string) => void;
}

export interface ControllerRun {
  readonly create: Batch;
  /** performance.now() when the first create was sent. */
  readonly startedAt: number;
  /** Seconds from the first create until the last OSC Succeeded (or until the run was cut short). */
  readonly wallSeconds: number;
  readonly succeeded: number;
  /** Seconds from create to Succeeded, sorted. */
  readonly latencies: readonly number[];
  /** Seconds from create until the watch shows the operation annotation removed (the controller's first write: queue wait plus one request), sorted. */
  readonly untilPickedUp: readonly number[];
  /** Seconds from the annotation's removal to Succeeded (the rest of the reconcile), sorted. */
  readonly pickedUpToSucceeded: readonly number[];
  /** OSCs that were in state Error at least once, and the first distinct error descriptions. */
  readonly erroredOscs: number;
  readonly errorMessages: readonly string[];
  /** Watch events seen, and watch (re)starts. */
  readonly events: number;
  readonly watches: number;
  /** Why it ended early, if it did. */
  readonly cutShort?: string;
}

const keyOf = (namespace: string, name: string): string => `${namespace}/${name}`;

export async function runController(options: ControllerRunOptions): Promise<ControllerRun> {
  const { admin, namespaces, count, concurrency, signal, log } = options;
  const placement = Array.from({ length: count }, (_, i) => ({ namespace: namespaces[i % namespaces.length] ?? 'default', name: oscName(i) }));
  const ours = new Set(placement.map((p) => keyOf(p.namespace, p.name)));
  const createdAt = new Map<string, number>();
  const succeededAt = new Map<string, number>();
  const pickedUpAt = new Map<string, number>();
  const errored = new Set<string>();
  const errorMessages: string[] = [];
  let events = 0;
  let watches = 0;
  let allDone: () => void = () => undefined;
  const done = new Promise<void>((resolve) => (allDone = resolve));
  let target = count;
  const checkDone = (): void => {
    if (succeededAt.size >= target) allDone();
  };

  const onEvent = (event: WatchEvent<WatchedOsc>): void => {
    const now = performance.now();
    events++;
    if (event.type === 'BOOKMARK' || event.type === 'ERROR') return;
    const { metadata, status } = event.object;
    const key = keyOf(metadata.namespace ?? '', metadata.name);
    if (!ours.has(key)) return;
    if (!pickedUpAt.has(key) && metadata.annotations?.['gardener.cloud/operation'] === undefined) pickedUpAt.set(key, now);
    const state = status?.lastOperation?.state;
    if (state === 'Error') {
      errored.add(key);
      const message = status?.lastError?.description ?? status?.lastOperation?.description ?? '(no description)';
      if (errorMessages.length < 5 && !errorMessages.includes(message)) errorMessages.push(message);
    }
    if (state === 'Succeeded' && status?.observedGeneration === metadata.generation && !succeededAt.has(key)) {
      succeededAt.set(key, now);
      checkDone();
    }
  };

  // One watch over all namespaces, from the list's resourceVersion; restarted where it ended.
  const watchAbort = new AbortController();
  const stopWatch = (): void => watchAbort.abort();
  signal.addEventListener('abort', stopWatch, { once: true });
  const list = await admin.request<{ metadata: { resourceVersion: string } }>('GET', `${OSC_PATH}/operatingsystemconfigs`, { query: { limit: 1 } });
  let resourceVersion = list.metadata.resourceVersion;
  const watching = (async (): Promise<void> => {
    while (!watchAbort.signal.aborted) {
      watches++;
      try {
        await admin.watch<WatchedOsc>(
          `${OSC_PATH}/operatingsystemconfigs`,
          { resourceVersion, allowWatchBookmarks: true, timeoutSeconds: 900 },
          (event) => {
            if (event.object.metadata?.resourceVersion) resourceVersion = event.object.metadata.resourceVersion;
            onEvent(event);
          },
          watchAbort.signal,
        );
      } catch (err) {
        if (watchAbort.signal.aborted) break;
        log(`watch ended: ${err instanceof Error ? err.message : String(err)}; watching again from resourceVersion ${resourceVersion}`);
        await new Promise((r) => setTimeout(r, 200));
      }
    }
  })();

  const progress = setInterval(() => log(`created ${createdAt.size}/${count}, Succeeded ${succeededAt.size}, in Error once ${errored.size}`), 5000);
  const startedAt = performance.now();
  let cutShort: string | undefined;
  try {
    const create = await timedPool(
      count,
      concurrency,
      async (i) => {
        const { namespace, name } = placement[i]!;
        await admin.request('POST', `${OSC_PATH}/namespaces/${namespace}/operatingsystemconfigs`, { body: provisionOsc(namespace, name) });
        createdAt.set(keyOf(namespace, name), performance.now());
      },
      signal,
    );
    if (create.errors > 0) log(`${create.errors} creates failed, the first: ${create.firstError}`);
    // A create that failed never succeeds: from now on, the OSCs that were made are the goal.
    target = createdAt.size;
    checkDone();
    await Promise.race([done, new Promise<void>((resolve) => signal.addEventListener('abort', () => resolve(), { once: true }))]);
    if (signal.aborted && succeededAt.size < target) cutShort = signal.reason instanceof Error ? signal.reason.message : String(signal.reason);
    const lastSucceeded = Math.max(...succeededAt.values(), startedAt);
    const seconds = (from: Map<string, number>, to: Map<string, number>): number[] =>
      [...to.entries()]
        .filter(([key]) => from.has(key))
        .map(([key, at]) => Math.max(0, at - from.get(key)!) / 1000)
        .sort((a, b) => a - b);
    const latencies = seconds(createdAt, succeededAt);
    return {
      create,
      startedAt,
      wallSeconds: ((cutShort ? performance.now() : lastSucceeded) - startedAt) / 1000,
      succeeded: succeededAt.size,
      latencies,
      untilPickedUp: seconds(createdAt, pickedUpAt),
      pickedUpToSucceeded: seconds(pickedUpAt, succeededAt),
      erroredOscs: errored.size,
      errorMessages,
      events,
      watches,
      ...(cutShort ? { cutShort } : {}),
    };
  } finally {
    clearInterval(progress);
    signal.removeEventListener('abort', stopWatch);
    stopWatch();
    await watching;
  }
}
