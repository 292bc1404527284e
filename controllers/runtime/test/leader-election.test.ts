// The elector's settings are checked like client-go's NewLeaderElector checks them, with messages
// that name the value. The election itself is tested against a real API server in
// leader-election.int.test.ts.
import { KubeConfig } from '@kubernetes/client-node';
import { describe, expect, it } from 'vitest';
import { LeaderElector, type LeaderElectorProps } from '../leader-election.js';

const base: LeaderElectorProps = { kubeConfig: new KubeConfig(), namespace: 'garden', name: 'os-metal-leader-election', identity: 'pod-1' };

describe('LeaderElector settings', () => {
  it("defaults to client-go's 15 s / 10 s / 2 s and a hostname_uuid identity", () => {
    const kubeConfig = new KubeConfig();
    kubeConfig.loadFromOptions({
      clusters: [{ name: 'c', server: 'https://127.0.0.1:6443' }],
      users: [{ name: 'u' }],
      contexts: [{ name: 'c', cluster: 'c', user: 'u' }],
      currentContext: 'c',
    });
    const elector = new LeaderElector({ ...base, kubeConfig, identity: undefined });
    expect([elector.leaseDurationSeconds, elector.renewDeadlineMs, elector.retryPeriodMs]).toEqual([15, 10_000, 2_000]);
    expect(elector.identity).toMatch(/^.+_[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/);
    expect(elector.isLeader()).toBe(false);
    expect(elector.getLeader()).toBe('');
  });

  it('rejects inconsistent timings, naming the values', () => {
    expect(() => new LeaderElector({ ...base, leaseDurationSeconds: 10, renewDeadlineSeconds: 10 })).toThrow(
      /leaseDurationSeconds 10 must be greater than renewDeadlineSeconds 10/,
    );
    expect(() => new LeaderElector({ ...base, renewDeadlineSeconds: 2, retryPeriodSeconds: 2 })).toThrow(
      /renewDeadlineSeconds 2 must be greater than retryPeriodSeconds 2 × 1.2/,
    );
    expect(() => new LeaderElector({ ...base, leaseDurationSeconds: 2.5 })).toThrow(/leaseDurationSeconds 2.5 must be a whole number of seconds/);
    expect(() => new LeaderElector({ ...base, retryPeriodSeconds: 0 })).toThrow(/retryPeriodSeconds 0 must be greater than zero/);
    expect(() => new LeaderElector({ ...base, identity: '' })).toThrow(/identity must not be empty/);
  });
});
