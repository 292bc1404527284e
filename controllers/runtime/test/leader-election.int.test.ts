// Leader election against the real kube-apiserver of the integration setup: candidates in this
// process and one in a child process that gets kill -9. Short timings (lease 2 s, renew deadline
// 1.5 s, retry 0.25 s) keep the test quick; the bounds asserted leave room for a busy 2-core machine
// but still tell a released lease (taken over within a few retry periods) from an expired one (only
// after the lease duration).
import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { fileURLToPath } from 'node:url';
import { CoordinationV1Api, CoreV1Api, V1MicroTime, type V1Lease } from '@kubernetes/client-node';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { adminKubeConfig, envtest, kubeClient } from '../../../test/envtest/context.js';
import { LeaderElector, type LeaderElectorProps, type StoppedLeading } from '../leader-election.js';
import { ControllerMetrics } from '../metrics.js';

const timings = { leaseDurationSeconds: 2, renewDeadlineSeconds: 1.5, retryPeriodSeconds: 0.25 } as const;
const namespace = `leader-election-${randomBytes(3).toString('hex')}`;
const core = kubeClient(CoreV1Api);
const leases = kubeClient(CoordinationV1Api);

const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

async function until(what: string, condition: () => boolean | Promise<boolean>, timeoutMs = 20_000): Promise<number> {
  const started = performance.now();
  while (!(await condition())) {
    if (performance.now() - started > timeoutMs) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await sleep(20);
  }
  return performance.now() - started;
}

interface Candidate {
  readonly elector: LeaderElector;
  readonly abort: AbortController;
  readonly done: Promise<StoppedLeading>;
  readonly metrics: ControllerMetrics;
  readonly events: string[];
}

const candidates: Candidate[] = [];

function candidate(lease: string, identity: string, props: Partial<LeaderElectorProps> = {}): Candidate {
  const metrics = new ControllerMetrics({ defaultMetrics: false });
  const events: string[] = [];
  const elector = new LeaderElector({
    kubeConfig: adminKubeConfig(),
    namespace,
    name: lease,
    identity,
    ...timings,
    metrics,
    onStartedLeading: () => events.push('started'),
    onStoppedLeading: (stopped) => events.push(`stopped:${stopped.reason}`),
    onNewLeader: (leader) => events.push(`leader:${leader}`),
    ...props,
  });
  const abort = new AbortController();
  const c = { elector, abort, done: elector.run(abort.signal), metrics, events };
  candidates.push(c);
  return c;
}

async function masterStatus(c: Candidate, lease: string): Promise<number | undefined> {
  const metric = await c.metrics.registry.getSingleMetric('leader_election_master_status')?.get();
  return metric?.values.find((v) => v.labels.name === lease)?.value;
}

const readLease = (name: string): Promise<V1Lease> => leases.readNamespacedLease({ name, namespace });

beforeAll(async () => {
  await core.createNamespace({ body: { metadata: { name: namespace } } });
});

afterAll(async () => {
  for (const c of candidates) c.abort.abort();
  await Promise.all(candidates.map((c) => c.done));
  await core.deleteNamespace({ name: namespace });
});

describe('LeaderElector on a real API server', () => {
  it('elects exactly one of two candidates, records it in the Lease, and hands over at once on release', async () => {
    const lease = 'two-candidates';
    const a = candidate(lease, 'candidate-a', { releaseOnCancel: true });
    const b = candidate(lease, 'candidate-b', { releaseOnCancel: true });
    await until('a leader', () => a.elector.isLeader() || b.elector.isLeader());

    // for three lease durations, never both and never none
    const end = performance.now() + 3 * timings.leaseDurationSeconds * 1000;
    while (performance.now() < end) {
      expect(Number(a.elector.isLeader()) + Number(b.elector.isLeader())).toBe(1);
      await sleep(25);
    }
    const [leader, follower] = a.elector.isLeader() ? [a, b] : [b, a];
    const record = await readLease(lease);
    expect(record.spec).toMatchObject({ holderIdentity: leader.elector.identity, leaseDurationSeconds: 2, leaseTransitions: 0 });
    expect(record.spec?.acquireTime).toBeDefined();
    // renewed while we watched, and in the MicroTime format the server wants
    expect(String(record.spec?.renewTime)).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{6}Z$/);
    expect(Date.parse(String(record.spec?.renewTime))).toBeGreaterThan(Date.parse(String(record.spec?.acquireTime)));
    expect(follower.elector.getLeader()).toBe(leader.elector.identity);
    expect(await masterStatus(leader, lease)).toBe(1);
    expect(await masterStatus(follower, lease)).toBe(0);
    expect(leader.events).toEqual([`leader:${leader.elector.identity}`, 'started']);
    expect(follower.events).toEqual([`leader:${leader.elector.identity}`]);

    // release: the follower takes over within a few retry periods, far sooner than the lease would expire
    const aborted = performance.now();
    leader.abort.abort();
    expect(await leader.done).toEqual({ reason: 'aborted', wasLeading: true, released: true });
    expect(leader.elector.isLeader()).toBe(false);
    expect(await masterStatus(leader, lease)).toBe(0);
    const takeover = await until('the follower to lead', () => follower.elector.isLeader());
    const sinceAbort = performance.now() - aborted;
    expect(sinceAbort, `takeover ${Math.round(sinceAbort)} ms after release`).toBeLessThan(timings.leaseDurationSeconds * 1000);
    expect(takeover).toBeLessThan(1500);
    console.info(`leader-election: takeover ${Math.round(sinceAbort)} ms after a released lease`);
    const after = await readLease(lease);
    expect(after.spec).toMatchObject({ holderIdentity: follower.elector.identity, leaseTransitions: 1, leaseDurationSeconds: 2 });
    expect(await masterStatus(follower, lease)).toBe(1);
    expect(leader.events.at(-1)).toBe('stopped:aborted');
    follower.abort.abort();
    expect(await follower.done).toMatchObject({ reason: 'aborted', released: true });
    // released: empty holder, 1 s duration
    expect((await readLease(lease)).spec).toMatchObject({ holderIdentity: '', leaseDurationSeconds: 1, leaseTransitions: 1 });
  });

  it('takes over a lease that is not released only after it expired', async () => {
    const lease = 'expiry';
    const a = candidate(lease, 'holder', { releaseOnCancel: false });
    await until('holder to lead', () => a.elector.isLeader());
    const b = candidate(lease, 'waiter');
    await until('waiter to see the holder', () => b.elector.getLeader() === 'holder');
    await sleep(1000);
    expect(b.elector.isLeader()).toBe(false);

    const stoppedAt = performance.now();
    a.abort.abort();
    expect(await a.done).toEqual({ reason: 'aborted', wasLeading: true, released: false });
    expect((await readLease(lease)).spec?.holderIdentity).toBe('holder');
    await until('waiter to lead', () => b.elector.isLeader());
    const waited = performance.now() - stoppedAt;
    // the waiter last saw a change at most one renewal (0.25 s) before the stop; it must wait out the 2 s from there
    expect(waited, `took over after ${Math.round(waited)} ms`).toBeGreaterThan(timings.leaseDurationSeconds * 1000 - 400);
    expect(waited).toBeLessThan(timings.leaseDurationSeconds * 1000 + 3000);
    console.info(`leader-election: takeover ${Math.round(waited)} ms after the holder stopped renewing (lease 2 s)`);
    expect((await readLease(lease)).spec).toMatchObject({ holderIdentity: 'waiter', leaseTransitions: 1 });
  });

  it('stops leading when it cannot renew within the deadline (someone else wrote the Lease)', async () => {
    const lease = 'stolen';
    const a = candidate(lease, 'victim', { releaseOnCancel: true });
    await until('victim to lead', () => a.elector.isLeader());
    // another writer takes the Lease and keeps renewing it: the victim's updates conflict (409),
    // its reads show a valid foreign holder, and after the renew deadline it must give up
    const stealing = new AbortController();
    const thief = (async (): Promise<void> => {
      while (!stealing.signal.aborted) {
        try {
          const current = await readLease(lease);
          const now = new V1MicroTime();
          await leases.replaceNamespacedLease({
            name: lease,
            namespace,
            body: { ...current, spec: { ...current.spec, holderIdentity: 'thief', leaseDurationSeconds: 30, renewTime: now, acquireTime: now } },
          });
        } catch {
          // a conflict with the victim's renewal: try again
        }
        await sleep(100);
      }
    })();
    const stolenAt = performance.now();
    const stopped = await a.done;
    const took = performance.now() - stolenAt;
    stealing.abort();
    await thief;
    expect(stopped).toEqual({ reason: 'lost', wasLeading: true, released: false });
    expect(took, `stopped leading after ${Math.round(took)} ms`).toBeLessThan(timings.renewDeadlineSeconds * 1000 + 3000);
    console.info(`leader-election: stopped leading ${Math.round(took)} ms after the lease was taken (renew deadline 1.5 s)`);
    expect(a.elector.isLeader()).toBe(false);
    expect(await masterStatus(a, lease)).toBe(0);
    expect(a.events).toContain('stopped:lost');
    // the release did not overwrite the new holder
    expect((await readLease(lease)).spec?.holderIdentity).toBe('thief');
  });

  it('fails over from a leader process killed with SIGKILL', async () => {
    const lease = 'process';
    const child = startChild(lease, 'child-process');
    try {
      await child.waitFor('started child-process');
      const parent = candidate(lease, 'parent-process');
      await until('parent to see the child lead', () => parent.elector.getLeader() === 'child-process');
      await sleep(1000);
      expect(parent.elector.isLeader()).toBe(false);

      const killedAt = performance.now();
      child.process.kill('SIGKILL');
      await child.exited;
      await until('parent to lead', () => parent.elector.isLeader());
      const waited = performance.now() - killedAt;
      expect(waited, `took over ${Math.round(waited)} ms after SIGKILL`).toBeGreaterThan(timings.leaseDurationSeconds * 1000 - 400);
      expect(waited).toBeLessThan(timings.leaseDurationSeconds * 1000 + 3000);
      console.info(`leader-election: takeover ${Math.round(waited)} ms after SIGKILL of the leader process (lease 2 s)`);
      expect((await readLease(lease)).spec).toMatchObject({ holderIdentity: 'parent-process', leaseTransitions: 1 });
      expect(child.stdout()).not.toContain('stopped');
    } finally {
      if (child.process.exitCode === null && child.process.signalCode === null) child.process.kill('SIGKILL');
    }
  });
});

interface Child {
  readonly process: ChildProcessWithoutNullStreams;
  readonly waitFor: (text: string) => Promise<void>;
  readonly exited: Promise<void>;
  readonly stdout: () => string;
}

function startChild(lease: string, identity: string): Child {
  const script = fileURLToPath(new URL('./leader-election.child.ts', import.meta.url));
  const p = spawn(process.execPath, ['--import', 'tsx', script], {
    env: {
      ...process.env,
      LE_KUBECONFIG: envtest().kubeconfig,
      LE_NAMESPACE: namespace,
      LE_NAME: lease,
      LE_IDENTITY: identity,
      LE_LEASE_SECONDS: String(timings.leaseDurationSeconds),
      LE_RENEW_SECONDS: String(timings.renewDeadlineSeconds),
      LE_RETRY_SECONDS: String(timings.retryPeriodSeconds),
    },
  });
  let stdout = '';
  let stderr = '';
  p.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
  p.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const exited = new Promise<void>((resolve) => p.on('exit', () => resolve()));
  const waitFor = async (text: string): Promise<void> => {
    await until(`child to print ${JSON.stringify(text)}`, () => {
      if (p.exitCode !== null) throw new Error(`child exited (${p.exitCode}) before printing ${JSON.stringify(text)}; stdout: ${stdout} stderr: ${stderr}`);
      return stdout.includes(text);
    });
  };
  return { process: p, waitFor, exited, stdout: () => stdout };
}
