// The loop every emulator runs: list the objects a real controller watches, ask the emulator which
// writes that controller would make for each one, send them. Polling, not watching: the emulators
// stand in for controllers whose timing the tests do not depend on, and a poll every few hundred
// milliseconds is simpler to stop, pause and reason about than a watch with reconnects.
// Strict: any answer of the API server other than the expected ones is recorded and makes the
// test's `assertNoErrors()` fail with the request and the server's message.
import type { KubeObject, KubeRest } from '../kube-rest.js';

/** An object as listed, with the fields the emulators read. */
export interface ListedObject extends KubeObject {
  metadata: KubeObject['metadata'] & {
    generation?: number;
    uid?: string;
    labels?: Record<string, string>;
    annotations?: Record<string, string>;
    deletionTimestamp?: string;
  };
  status?: Record<string, unknown>;
}

/** One request an emulator sends, as its real controller would. */
export interface Write {
  readonly method: 'PATCH' | 'DELETE' | 'PUT' | 'POST';
  readonly path: string;
  readonly body?: unknown;
  /** @default 'application/merge-patch+json' for PATCH, 'application/json' otherwise */
  readonly contentType?: string;
  /** Why, for the log: e.g. "Garden fra: lastOperation Reconcile Succeeded". */
  readonly what: string;
}

export interface EmulatorSpec {
  /** Names the real controller, e.g. "gardener-operator (Garden)". */
  readonly name: string;
  /** Collection paths to list (cluster-wide lists of namespaced kinds work too). A 404 means the CRD is not installed yet: nothing to do. */
  readonly lists: readonly string[];
  /** The writes for one listed object (empty: it is where the real controller would leave it). */
  plan(object: ListedObject, listPath: string): Promise<readonly Write[]> | readonly Write[];
}

export interface RunningEmulator {
  readonly name: string;
  /** Stops writing (the real controller is down or slow); objects keep whatever status they have. */
  pause(): void;
  resume(): void;
  /** The writes sent so far, in order. */
  writes(): readonly string[];
  /** Requests the API server answered unexpectedly. */
  errors(): readonly string[];
  stop(): Promise<void>;
}

/**
 * The REST path of one object of a collection path: `/apis/g/v/things` or
 * `/apis/g/v/namespaces/ns/things` → `/apis/g/v/namespaces/<object's ns>/things/<name>`.
 */
export function objectPath(listPath: string, object: Pick<KubeObject, 'metadata'>): string {
  const path = listPath.split('?')[0]!;
  const match = /^(\/apis?\/(?:[^/]+\/)?[^/]+)\/(?:namespaces\/[^/]+\/)?([^/]+)$/.exec(path);
  if (!match)
    throw new Error(`objectPath: "${listPath}" is not a collection path (expected /api/v1/<resource> or /apis/<group>/<version>[/namespaces/<ns>]/<resource>)`);
  const [, prefix, resource] = match;
  const ns = object.metadata.namespace;
  return ns ? `${prefix}/namespaces/${ns}/${resource}/${object.metadata.name}` : `${prefix}/${resource}/${object.metadata.name}`;
}

// PATCH with server-side apply creates (201) as well as updates (200).
const okStatus = (method: Write['method'], status: number): boolean =>
  method === 'DELETE' ? status === 200 || status === 202 || status === 404 : method === 'PUT' ? status === 200 : status === 200 || status === 201;
/** Answers the next round retries: 409 (the object changed since it was listed), 429 (e.g. a new CRD's storage is initializing), 503. */
const retryLater = (status: number): boolean => status === 409 || status === 429 || status === 503;

/** Runs `spec` against `rest` every `intervalMs` until stopped. */
export function startEmulator(rest: KubeRest, spec: EmulatorSpec, intervalMs = 250, log?: (line: string) => void): RunningEmulator {
  let paused = false;
  let stopped = false;
  const writes: string[] = [];
  const errors: string[] = [];
  const record = (message: string): void => {
    if (errors.length < 50) errors.push(message);
  };
  const round = async (): Promise<void> => {
    for (const list of spec.lists) {
      const res = await rest.request('GET', list);
      if (res.status === 404 || retryLater(res.status)) continue;
      if (res.status !== 200) {
        record(`${spec.name}: GET ${list}: ${res.status} ${JSON.stringify(res.body)}`);
        continue;
      }
      for (const object of (res.body as { items: ListedObject[] }).items) {
        if (paused || stopped) return;
        let planned: readonly Write[];
        try {
          planned = await spec.plan(object, list);
        } catch (err) {
          record(`${spec.name}: ${object.metadata.namespace ?? ''}/${object.metadata.name}: ${err instanceof Error ? err.message : String(err)}`);
          continue;
        }
        for (const w of planned) {
          const contentType = w.contentType ?? (w.method === 'PATCH' ? 'application/merge-patch+json' : 'application/json');
          const answer = await rest.request(w.method, w.path, w.body, contentType);
          if (retryLater(answer.status)) continue;
          if (!okStatus(w.method, answer.status)) {
            record(`${spec.name}: ${w.method} ${w.path} (${w.what}): ${answer.status} ${JSON.stringify(answer.body)}`);
            continue;
          }
          writes.push(w.what);
          log?.(`${spec.name}: ${w.what}`);
        }
      }
    }
  };
  let timer: NodeJS.Timeout | undefined;
  let running: Promise<void> = Promise.resolve();
  const tick = (): void => {
    if (stopped) return;
    running = (paused ? Promise.resolve() : round())
      .catch((err: unknown) => record(`${spec.name}: ${err instanceof Error ? err.message : String(err)}`))
      .finally(() => {
        if (!stopped) timer = setTimeout(tick, intervalMs);
      });
  };
  tick();
  return {
    name: spec.name,
    pause: () => {
      paused = true;
    },
    resume: () => {
      paused = false;
    },
    writes: () => [...writes],
    errors: () => [...errors],
    stop: async () => {
      stopped = true;
      if (timer) clearTimeout(timer);
      await running;
    },
  };
}
