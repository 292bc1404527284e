// Lease-based leader election with client-go's semantics (k8s.io/client-go/tools/leaderelection,
// leaderelection.go and resourcelock/leaselock.go), so a TypeScript replica and a Go one would
// agree on a Lease:
// - A candidate takes the Lease when it does not exist, has no holder, or has not changed for
//   `leaseDurationSeconds` as timed by the candidate's own clock from the moment it last saw the
//   record change (never by comparing the timestamps in the Lease: clocks of other nodes may be skewed).
// - Every write is an update with the resourceVersion last read: a 409 Conflict means another
//   candidate wrote first, and this try failed.
// - The leader renews every `retryPeriod`; if it cannot renew within `renewDeadline`, it stops
//   leading (and the process should exit, as controller-runtime's manager does), before the others
//   may take over after `leaseDuration`.
// - With `releaseOnCancel`, aborting the run signal writes an empty holder with a 1 s duration, so
//   a successor takes over on its next try instead of waiting out the lease.
//
// Not implemented from client-go: coordinated leader election (alpha), the healthz watchdog, and
// the "became leader" Kubernetes events (callers can emit them from `started`/`stopped`).
import { randomUUID } from 'node:crypto';
import { EventEmitter } from 'node:events';
import { hostname } from 'node:os';
import {
  ApiException,
  CoordinationV1Api,
  V1MicroTime,
  Observable,
  type ConfigurationOptions,
  type KubeConfig,
  type ObservableMiddleware,
  type V1Lease,
  type V1LeaseSpec,
} from '@kubernetes/client-node';
import type { Logger } from 'pino';
import type { LeaderMetrics } from './metrics.js';

/** client-go's JitterFactor: acquire retries wait retryPeriod plus up to 1.2 × retryPeriod. */
export const JITTER_FACTOR = 1.2;

export interface LeaderElectorProps {
  /** Credentials for the API server holding the Lease. */
  readonly kubeConfig: KubeConfig;
  /** Namespace of the Lease (the controller's own; it needs get/create/update on leases there). */
  readonly namespace: string;
  /** Name of the Lease, e.g. `os-metal-leader-election`. Also the `name` label of the metrics. */
  readonly name: string;
  /** This candidate's identity. @default `<hostname>_<uuid>` (controller-runtime's default) */
  readonly identity?: string;
  /** How long a Lease stays valid without renewal; an integer, as the Lease stores it. @default 15 */
  readonly leaseDurationSeconds?: number;
  /** How long the leader keeps retrying to renew before it gives up leading. @default 10 */
  readonly renewDeadlineSeconds?: number;
  /** Time between tries (to acquire, and to renew). @default 2 */
  readonly retryPeriodSeconds?: number;
  /**
   * Release the Lease when the signal given to `run()` is aborted. Abort it only once the work the
   * Lease guards has stopped, or two processes may act at once. @default false (as in client-go)
   */
  readonly releaseOnCancel?: boolean;
  /** Receives `leader_election_master_status` and `leader_election_slowpath_total`. @default none */
  readonly metrics?: LeaderMetrics;
  /** @default none */
  readonly logger?: Logger;
  /** Called when this candidate starts leading; the signal aborts when it stops. */
  readonly onStartedLeading?: (leading: AbortSignal) => void;
  /** Called when `run()` ends: always, like client-go, also when it never led. */
  readonly onStoppedLeading?: (stopped: StoppedLeading) => void;
  /** Called when a different leader is observed (including the first one, and this candidate). */
  readonly onNewLeader?: (identity: string) => void;
}

/** Why `run()` ended. */
export interface StoppedLeading {
  /** `lost`: could not renew within the deadline (exit non-zero); `aborted`: the run signal was aborted. */
  readonly reason: 'lost' | 'aborted';
  /** Whether this candidate was leading before. */
  readonly wasLeading: boolean;
  /** With releaseOnCancel: whether this candidate wrote the release (false if it no longer held the Lease). */
  readonly released: boolean;
}

/** The events a LeaderElector emits; the same as the callbacks in its props. */
export interface LeaderElectorEvents {
  started: [leading: AbortSignal];
  stopped: [stopped: StoppedLeading];
  newLeader: [identity: string];
}

/** client-go's LeaderElectionRecord: the Lease spec fields elections use. */
interface ElectionRecord {
  readonly holderIdentity: string;
  readonly leaseDurationSeconds: number;
  readonly acquireTime: string | undefined;
  readonly renewTime: string | undefined;
  readonly leaseTransitions: number;
}

export class LeaderElector extends EventEmitter<LeaderElectorEvents> {
  readonly identity: string;
  readonly leaseDurationSeconds: number;
  readonly renewDeadlineMs: number;
  readonly retryPeriodMs: number;

  private readonly api: CoordinationV1Api;
  private readonly log: Logger | undefined;
  private readonly description: string;

  /** The Lease as last read or written (its resourceVersion is the precondition of the next update). */
  private lease: V1Lease | undefined;
  private observed: ElectionRecord | undefined;
  private observedRaw = '';
  /** performance.now() when `observed` last changed: the local clock that times a lease's validity. */
  private observedAt = 0;
  private reportedLeader = '';
  private leading = false;
  private running = false;

  constructor(private readonly props: LeaderElectorProps) {
    super();
    this.identity = props.identity ?? `${hostname()}_${randomUUID()}`;
    this.leaseDurationSeconds = props.leaseDurationSeconds ?? 15;
    this.renewDeadlineMs = (props.renewDeadlineSeconds ?? 10) * 1000;
    this.retryPeriodMs = (props.retryPeriodSeconds ?? 2) * 1000;
    validate(props, this.identity, this.leaseDurationSeconds, this.renewDeadlineMs, this.retryPeriodMs);
    this.api = props.kubeConfig.makeApiClient(CoordinationV1Api);
    this.description = `${props.namespace}/${props.name}`;
    this.log = props.logger?.child({ lease: this.description, identity: this.identity });
    props.metrics?.leaderStatus(props.name, false);
  }

  /** Whether this candidate leads now (between `started` and `stopped`). */
  isLeader(): boolean {
    return this.leading;
  }

  /**
   * client-go's leader-election watchdog (HealthzAdaptor): fails when this candidate believes it
   * leads but has not renewed for longer than the lease duration plus `toleranceMs` — a stuck
   * leader, whose lease another replica may already hold. A standby is healthy.
   */
  check(toleranceMs = 20_000): void {
    if (!this.leading) return;
    const sinceRenewMs = performance.now() - this.observedAt;
    if (sinceRenewMs > this.leaseDurationSeconds * 1000 + toleranceMs) {
      throw new Error(
        `leading, but lease ${this.description} last renewed ${Math.round(sinceRenewMs / 1000)} s ago (lease duration ${this.leaseDurationSeconds} s)`,
      );
    }
  }

  /** The holder last observed in the Lease ('' if none yet). Informational, as in client-go. */
  getLeader(): string {
    return this.observed?.holderIdentity ?? '';
  }

  /**
   * Campaigns until this candidate leads, then renews until `signal` is aborted or renewal fails.
   * Resolves when it stopped (see `StoppedLeading`); never rejects on API errors, it retries them.
   * One run per elector.
   */
  async run(signal: AbortSignal): Promise<StoppedLeading> {
    if (this.running) throw new Error(`leader election for ${this.description} is already running`);
    this.running = true;
    let stopped: StoppedLeading = { reason: 'aborted', wasLeading: false, released: false };
    try {
      this.log?.info('attempting to acquire leader lease');
      if (!(await this.acquire(signal))) return stopped;
      const leadership = new AbortController();
      this.leading = true;
      this.props.metrics?.leaderStatus(this.props.name, true);
      this.log?.info('successfully acquired lease');
      this.notify('started', () => this.props.onStartedLeading?.(leadership.signal), leadership.signal);

      const reason = await this.renew(signal);
      this.leading = false;
      this.props.metrics?.leaderStatus(this.props.name, false);
      leadership.abort(new Error(reason === 'lost' ? `lost the lease ${this.description}` : 'leader election stopped'));
      if (reason === 'lost') this.log?.error(`failed to renew lease within ${this.renewDeadlineMs} ms: stopped leading`);
      const released = this.props.releaseOnCancel === true ? await this.release() : false;
      stopped = { reason, wasLeading: true, released };
      return stopped;
    } finally {
      this.leading = false;
      this.notify('stopped', () => this.props.onStoppedLeading?.(stopped), stopped);
    }
  }

  /** Tries until it holds the Lease (true) or the signal is aborted (false). */
  private async acquire(signal: AbortSignal): Promise<boolean> {
    while (!signal.aborted) {
      const acquired = await this.tryAcquireOrRenew(signal, this.renewDeadlineMs);
      this.maybeReportTransition();
      if (acquired) return true;
      this.log?.debug('failed to acquire lease');
      await sleep(this.retryPeriodMs * (1 + Math.random() * JITTER_FACTOR), signal);
    }
    return false;
  }

  /** Renews every retryPeriod; a renewal that does not succeed within renewDeadline ends leadership. */
  private async renew(signal: AbortSignal): Promise<'lost' | 'aborted'> {
    while (!signal.aborted) {
      const deadline = performance.now() + this.renewDeadlineMs;
      let renewed = false;
      while (!signal.aborted) {
        renewed = await this.tryAcquireOrRenew(signal, deadline - performance.now());
        if (renewed || signal.aborted) break;
        const left = deadline - performance.now();
        if (left <= 0) break;
        await sleep(Math.min(this.retryPeriodMs, left), signal);
        if (performance.now() >= deadline) break;
      }
      this.maybeReportTransition();
      if (signal.aborted) return 'aborted';
      if (!renewed) return 'lost';
      this.log?.trace('renewed lease');
      await sleep(this.retryPeriodMs, signal);
    }
    return 'aborted';
  }

  /** client-go's tryAcquireOrRenew: one attempt, true when this candidate holds the Lease afterwards. */
  private async tryAcquireOrRenew(signal: AbortSignal, timeoutMs: number): Promise<boolean> {
    if (timeoutMs <= 0) return false;
    const options = withSignal(AbortSignal.any([signal, AbortSignal.timeout(Math.ceil(timeoutMs))]));
    const now = new V1MicroTime();
    let desired: ElectionRecord = {
      holderIdentity: this.identity,
      leaseDurationSeconds: this.leaseDurationSeconds,
      acquireTime: now.toISOString(),
      renewTime: now.toISOString(),
      leaseTransitions: 0,
    };

    // 1. fast path: the leader updates optimistically, assuming the record it saw last is current
    if (this.holdsObservedRecord() && this.isLeaseValid() && this.lease && this.observed) {
      const record = { ...desired, acquireTime: this.observed.acquireTime, leaseTransitions: this.observed.leaseTransitions };
      try {
        await this.update(record, options);
        return true;
      } catch (err) {
        this.log?.debug({ err: describe(err) }, 'failed to update lease optimistically, falling back to slow path');
      }
    }

    // 2. read the Lease, or create it
    let current: V1Lease;
    try {
      current = await this.api.readNamespacedLease({ name: this.props.name, namespace: this.props.namespace }, options);
    } catch (err) {
      if (statusCode(err) !== 404) {
        this.log?.warn({ err: describe(err) }, 'error retrieving lease');
        return false;
      }
      try {
        this.lease = await this.api.createNamespacedLease(
          { namespace: this.props.namespace, body: { metadata: { name: this.props.name, namespace: this.props.namespace }, spec: toSpec(desired) } },
          options,
        );
        this.setObserved(desired);
        return true;
      } catch (createErr) {
        this.log?.warn({ err: describe(createErr) }, 'error initially creating lease');
        return false;
      }
    }
    this.lease = current;

    // 3. note a change of the record, and back off while someone else holds a valid lease
    const record = fromSpec(current.spec);
    const raw = JSON.stringify(record);
    if (raw !== this.observedRaw) {
      this.setObserved(record);
      this.observedRaw = raw;
    }
    if (record.holderIdentity !== '' && this.isLeaseValid() && !this.holdsObservedRecord()) {
      this.log?.trace({ holder: record.holderIdentity }, 'lease is held by another candidate and has not yet expired');
      return false;
    }

    // 4. take over (one more transition) or renew (keep acquireTime and transitions)
    if (this.holdsObservedRecord()) {
      desired = { ...desired, acquireTime: record.acquireTime, leaseTransitions: record.leaseTransitions };
      this.props.metrics?.leaderSlowpath(this.props.name);
    } else {
      desired = { ...desired, leaseTransitions: record.leaseTransitions + 1 };
    }
    try {
      await this.update(desired, options);
      return true;
    } catch (err) {
      this.log?.warn({ err: describe(err) }, statusCode(err) === 409 ? 'another candidate updated the lease first' : 'failed to update lease');
      return false;
    }
  }

  /**
   * Hands the Lease back: empty holder, 1 s duration, so the next candidate takes it at once.
   * Retries conflicts (a renewal cancelled by the abort may still have reached the server) until
   * renewDeadline. Unlike client-go, it re-checks the holder it reads, so a process that already
   * lost the Lease never overwrites its successor's record.
   */
  private async release(): Promise<boolean> {
    const deadline = AbortSignal.timeout(this.renewDeadlineMs);
    const options = withSignal(deadline);
    while (!deadline.aborted) {
      let current: V1Lease;
      try {
        current = await this.api.readNamespacedLease({ name: this.props.name, namespace: this.props.namespace }, options);
      } catch (err) {
        this.log?.warn({ err: describe(err) }, 'error retrieving lease to release it');
        return false;
      }
      this.lease = current;
      const record = fromSpec(current.spec);
      if (record.holderIdentity !== this.identity) {
        this.log?.info({ holder: record.holderIdentity }, 'lease is held by another candidate: nothing to release');
        return false;
      }
      const now = new V1MicroTime().toISOString();
      const released: ElectionRecord = {
        holderIdentity: '',
        leaseDurationSeconds: 1,
        acquireTime: now,
        renewTime: now,
        leaseTransitions: record.leaseTransitions,
      };
      try {
        await this.update(released, options);
        this.log?.info('released lease');
        return true;
      } catch (err) {
        if (statusCode(err) !== 409) {
          this.log?.warn({ err: describe(err) }, 'failed to release lease');
          return false;
        }
      }
    }
    return false;
  }

  /** Replaces the Lease's spec, with the last seen resourceVersion as the precondition. */
  private async update(record: ElectionRecord, options: ConfigurationOptions<ObservableMiddleware>): Promise<void> {
    if (!this.lease) throw new Error(`lease ${this.description} not read yet`);
    this.lease = await this.api.replaceNamespacedLease(
      { name: this.props.name, namespace: this.props.namespace, body: { ...this.lease, spec: toSpec(record) } },
      options,
    );
    this.setObserved(record);
  }

  private setObserved(record: ElectionRecord): void {
    this.observed = record;
    this.observedAt = performance.now();
  }

  private holdsObservedRecord(): boolean {
    return this.observed?.holderIdentity === this.identity;
  }

  private isLeaseValid(): boolean {
    return this.observed !== undefined && this.observedAt + this.observed.leaseDurationSeconds * 1000 > performance.now();
  }

  private maybeReportTransition(): void {
    const holder = this.observed?.holderIdentity ?? '';
    if (holder === this.reportedLeader) return;
    this.reportedLeader = holder;
    this.log?.info({ leader: holder }, 'new leader observed');
    this.notify('newLeader', () => this.props.onNewLeader?.(holder), holder);
  }

  /** Runs a callback and emits the event; a throwing listener is logged, never breaks the election loop. */
  private notify<K extends keyof LeaderElectorEvents>(event: K, callback: () => void, ...args: LeaderElectorEvents[K]): void {
    try {
      callback();
    } catch (err) {
      this.log?.error({ err }, `${event} callback failed`);
    }
    try {
      // emit's rest parameter is typed per event; the tuple is the one the event declares
      (this.emit as (event: K, ...args: LeaderElectorEvents[K]) => boolean)(event, ...args);
    } catch (err) {
      this.log?.error({ err }, `${event} listener failed`);
    }
  }
}

function validate(props: LeaderElectorProps, identity: string, leaseDurationSeconds: number, renewDeadlineMs: number, retryPeriodMs: number): void {
  const problems: string[] = [];
  if (!Number.isInteger(leaseDurationSeconds) || leaseDurationSeconds < 1)
    problems.push(`leaseDurationSeconds ${leaseDurationSeconds} must be a whole number of seconds ≥ 1 (a Lease stores whole seconds)`);
  if (!(renewDeadlineMs > 0)) problems.push(`renewDeadlineSeconds ${renewDeadlineMs / 1000} must be greater than zero`);
  if (!(retryPeriodMs > 0)) problems.push(`retryPeriodSeconds ${retryPeriodMs / 1000} must be greater than zero`);
  if (!(leaseDurationSeconds * 1000 > renewDeadlineMs))
    problems.push(`leaseDurationSeconds ${leaseDurationSeconds} must be greater than renewDeadlineSeconds ${renewDeadlineMs / 1000}`);
  if (!(renewDeadlineMs > JITTER_FACTOR * retryPeriodMs))
    problems.push(`renewDeadlineSeconds ${renewDeadlineMs / 1000} must be greater than retryPeriodSeconds ${retryPeriodMs / 1000} × ${JITTER_FACTOR}`);
  if (identity === '') problems.push('identity must not be empty');
  if (props.namespace === '' || props.name === '')
    problems.push(`lease namespace ${JSON.stringify(props.namespace)} and name ${JSON.stringify(props.name)} must not be empty`);
  if (problems.length > 0) throw new Error(`leader election: ${problems.join('; ')}`);
}

/**
 * Request options that cancel the request when `signal` aborts (client-go passes a context). The
 * object-parameter API takes the Observable flavour of middleware, hence client-node's Observable.
 */
function withSignal(signal: AbortSignal): ConfigurationOptions<ObservableMiddleware> {
  return {
    middleware: [
      {
        pre: (context) => {
          context.setSignal(signal);
          return new Observable(Promise.resolve(context));
        },
        post: (response) => new Observable(Promise.resolve(response)),
      },
    ],
    middlewareMergeStrategy: 'append',
  };
}

function fromSpec(spec: V1LeaseSpec | undefined): ElectionRecord {
  return {
    holderIdentity: spec?.holderIdentity ?? '',
    leaseDurationSeconds: spec?.leaseDurationSeconds ?? 0,
    acquireTime: timeText(spec?.acquireTime),
    renewTime: timeText(spec?.renewTime),
    leaseTransitions: spec?.leaseTransitions ?? 0,
  };
}

function toSpec(record: ElectionRecord): V1LeaseSpec {
  return {
    holderIdentity: record.holderIdentity,
    leaseDurationSeconds: record.leaseDurationSeconds,
    // V1MicroTime serialises with microseconds, the format the API server requires for MicroTime
    acquireTime: record.acquireTime === undefined ? undefined : new V1MicroTime(record.acquireTime),
    renewTime: record.renewTime === undefined ? undefined : new V1MicroTime(record.renewTime),
    leaseTransitions: record.leaseTransitions,
  };
}

/** client-node leaves MicroTime as the server's string when reading; accept a Date too. */
function timeText(value: unknown): string | undefined {
  if (typeof value === 'string') return value;
  if (value instanceof Date) return value.toISOString();
  return undefined;
}

function statusCode(err: unknown): number | undefined {
  return err instanceof ApiException ? err.code : undefined;
}

/** What to log of a failed request: the status code and the server's message, not the whole exception. */
function describe(err: unknown): string {
  if (err instanceof ApiException) {
    const body: unknown = err.body;
    const message = typeof body === 'object' && body !== null && 'message' in body ? String(body.message) : String(body);
    return `HTTP ${err.code}: ${message}`;
  }
  return err instanceof Error ? err.message : String(err);
}

/** Waits `ms`, or less if the signal aborts first. */
function sleep(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    if (signal.aborted) return resolve();
    const done = (): void => {
      clearTimeout(timer);
      signal.removeEventListener('abort', done);
      resolve();
    };
    const timer = setTimeout(done, ms);
    signal.addEventListener('abort', done, { once: true });
  });
}
