// Kubernetes Events (events.k8s.io/v1) about the objects a controller reconciles.
//
// Like client-go's events library (tools/events), an event that repeats one already recorded —
// same object, reason, action, type, note and reporter — does not create another Event object: the
// existing one gets `series.count` (2, 3, ...) and `series.lastObservedTime` updated with a merge
// patch. Unlike client-go the note is part of the key (two different error messages are two
// events) and a series ends after `seriesWindowMs` without a repeat. Recording never throws and
// never blocks a reconcile for long: a failed write is logged and dropped.
import { randomBytes } from 'node:crypto';
import type { KubeClient } from './client.js';
import { errorMessage, isNotFound } from './errors.js';
import type { Logger } from './log.js';
import type { KubeObject } from './object.js';

export type EventType = 'Normal' | 'Warning';

export interface EventRecorderOptions {
  /** `reportingController`, e.g. `metal-garden.io/os-metal` (a name with a domain, like `kubernetes.io/...`). */
  readonly reportingController: string;
  /** `reportingInstance`, e.g. the pod name. */
  readonly reportingInstance: string;
  /** How long a repeat still counts into the same series. @default 6 minutes (the events API's isomorphism window in client-go is similar) */
  readonly seriesWindowMs?: number;
  readonly logger?: Logger;
  /** Clock for tests. @default Date.now */
  readonly now?: () => number;
}

export interface RecordedEvent {
  readonly type: EventType;
  readonly reason: string;
  /** What the controller did or failed to do, e.g. `Reconcile`. */
  readonly action: string;
  readonly note: string;
}

interface Series {
  namespace: string;
  name: string;
  count: number;
  lastAt: number;
}

const NOTE_LIMIT = 1024;
const FIELD_LIMIT = 128;

/** The MicroTime format the events API requires (RFC 3339 with microseconds). */
export function microTime(ms: number): string {
  return new Date(ms).toISOString().replace(/\.(\d{3})Z$/, '.$1000Z');
}

export class EventRecorder {
  private readonly series = new Map<string, Series>();
  private readonly now: () => number;
  private readonly windowMs: number;

  public constructor(
    private readonly client: KubeClient,
    private readonly options: EventRecorderOptions,
  ) {
    if (!options.reportingController || options.reportingController.length > FIELD_LIMIT) {
      throw new Error(`reportingController must be 1..${FIELD_LIMIT} characters, got ${JSON.stringify(options.reportingController)}`);
    }
    if (!options.reportingInstance || options.reportingInstance.length > FIELD_LIMIT) {
      throw new Error(`reportingInstance must be 1..${FIELD_LIMIT} characters, got ${JSON.stringify(options.reportingInstance)}`);
    }
    this.now = options.now ?? Date.now;
    this.windowMs = options.seriesWindowMs ?? 6 * 60_000;
  }

  public normal(regarding: KubeObject, reason: string, action: string, note: string): Promise<void> {
    return this.record(regarding, { type: 'Normal', reason, action, note });
  }

  public warning(regarding: KubeObject, reason: string, action: string, note: string): Promise<void> {
    return this.record(regarding, { type: 'Warning', reason, action, note });
  }

  /** Records the event; resolves when written (or dropped after a logged failure), never rejects. */
  public async record(regarding: KubeObject, event: RecordedEvent): Promise<void> {
    try {
      await this.write(regarding, event);
    } catch (err) {
      this.options.logger?.warn(
        { err: errorMessage(err), reason: event.reason, regarding: `${regarding.kind} ${regarding.metadata.name}` },
        'could not record event',
      );
    }
  }

  private async write(regarding: KubeObject, event: RecordedEvent): Promise<void> {
    const now = this.now();
    this.expire(now);
    const note = truncate(event.note, NOTE_LIMIT);
    const key = JSON.stringify([
      regarding.metadata.uid ?? `${regarding.kind}/${regarding.metadata.namespace}/${regarding.metadata.name}`,
      event.type,
      event.reason,
      event.action,
      note,
    ]);
    const known = this.series.get(key);
    if (known) {
      known.count++;
      known.lastAt = now;
      try {
        await this.client.request('PATCH', `/apis/events.k8s.io/v1/namespaces/${known.namespace}/events/${known.name}`, {
          body: { series: { count: known.count, lastObservedTime: microTime(now) } },
          contentType: 'application/merge-patch+json',
        });
        return;
      } catch (err) {
        // The Event expired on the server (default TTL 1 h): start a new one.
        if (!isNotFound(err)) throw err;
        this.series.delete(key);
      }
    }
    const namespace = regarding.metadata.namespace ?? 'default';
    const name = `${regarding.metadata.name}.${now.toString(16)}${randomBytes(2).toString('hex')}`;
    await this.client.request('POST', `/apis/events.k8s.io/v1/namespaces/${namespace}/events`, {
      body: {
        apiVersion: 'events.k8s.io/v1',
        kind: 'Event',
        metadata: { name, namespace },
        eventTime: microTime(now),
        reportingController: this.options.reportingController,
        reportingInstance: this.options.reportingInstance,
        action: truncate(event.action, FIELD_LIMIT),
        reason: truncate(event.reason, FIELD_LIMIT),
        note,
        type: event.type,
        regarding: {
          apiVersion: regarding.apiVersion,
          kind: regarding.kind,
          name: regarding.metadata.name,
          namespace: regarding.metadata.namespace,
          uid: regarding.metadata.uid,
          resourceVersion: regarding.metadata.resourceVersion,
        },
      },
    });
    this.series.set(key, { namespace, name, count: 1, lastAt: now });
  }

  private expire(now: number): void {
    for (const [key, series] of this.series) if (now - series.lastAt > this.windowMs) this.series.delete(key);
  }
}

function truncate(text: string, limit: number): string {
  if (Buffer.byteLength(text) <= limit) return text;
  let cut = text.slice(0, limit - 3);
  while (Buffer.byteLength(cut) > limit - 3) cut = cut.slice(0, -1);
  return `${cut}...`;
}
