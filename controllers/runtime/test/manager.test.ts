// The manager's leader-election wiring with a strict fake election (no API server needed: no
// informers are registered): leadership lost ends run() with 1 after releasing; an abort ends it with 0.
import { KubeConfig } from '@kubernetes/client-node';
import { EventEmitter } from 'node:events';
import { describe, expect, it } from 'vitest';
import { Manager, type LeaderElection } from '../manager.js';
import { testLogger } from './fixtures.js';

class FakeElection extends EventEmitter implements LeaderElection {
  public leading = false;
  public released = false;
  public runs = 0;
  public stuck = false;

  public check(): void {
    if (this.stuck) throw new Error('leading, but the lease was not renewed');
  }

  public isLeader(): boolean {
    return this.leading;
  }

  public run(signal: AbortSignal): Promise<void> {
    this.runs++;
    return new Promise((resolve) =>
      signal.addEventListener('abort', () => {
        this.released = true;
        resolve();
      }),
    );
  }

  public lead(): void {
    this.leading = true;
    this.emit('started');
  }

  public lose(): void {
    this.leading = false;
    this.emit('stopped');
  }
}

function kubeConfig(): KubeConfig {
  const kc = new KubeConfig();
  kc.loadFromOptions({
    clusters: [{ name: 'c', server: 'https://127.0.0.1:1' }],
    users: [{ name: 'u' }],
    contexts: [{ name: 'x', cluster: 'c', user: 'u' }],
    currentContext: 'x',
  });
  return kc;
}

describe('Manager and leader election', () => {
  it('ends with exit code 1 when leadership is lost, after releasing the election', async () => {
    const election = new FakeElection();
    const manager = new Manager({ name: 'm', kubeConfig: kubeConfig(), logger: testLogger(), leaderElection: election });
    const run = manager.run(new AbortController().signal);
    await new Promise((r) => setTimeout(r, 10));
    expect(election.runs).toBe(1);
    election.lead();
    election.lose();
    expect(await run).toBe(1);
    expect(election.released).toBe(true);
  });

  it('ends with 0 on the abort signal', async () => {
    const election = new FakeElection();
    const stop = new AbortController();
    const manager = new Manager({ name: 'm', kubeConfig: kubeConfig(), logger: testLogger(), leaderElection: election });
    const run = manager.run(stop.signal);
    election.lead();
    stop.abort();
    expect(await run).toBe(0);
    expect(election.released).toBe(true);
  });

  it("serves the election's watchdog on /healthz and /readyz: a stuck leader fails both", async () => {
    const election = new FakeElection();
    const stop = new AbortController();
    const manager = new Manager({ name: 'm', kubeConfig: kubeConfig(), logger: testLogger(), leaderElection: election, healthProbeBindAddress: '127.0.0.1:0' });
    const run = manager.run(stop.signal);
    await new Promise((r) => setTimeout(r, 50));
    const port = manager.boundPorts().health;
    const status = async (path: string): Promise<number> => (await fetch(`http://127.0.0.1:${port}${path}`)).status;
    expect(await status('/healthz')).toBe(200);
    election.stuck = true;
    expect(await status('/healthz')).toBe(500);
    expect(await status('/readyz/leader-election')).toBe(500);
    stop.abort();
    expect(await run).toBe(0);
  });
});
