import { describe, expect, it } from 'vitest';
import { parseFlags } from '../flags.js';

describe('os-metal flags', () => {
  it("defaults to the chart's mounted config and Gardener's lease timings; POD_NAMESPACE names the Lease's namespace", () => {
    const parsed = parseFlags(['--leader-elect'], { POD_NAMESPACE: 'extension-os-metal', POD_NAME: 'os-metal-0' });
    if (!('options' in parsed)) throw new Error(`unexpected problems: ${JSON.stringify(parsed.problems)}`);
    expect(parsed.options).toMatchObject({
      config: '/etc/os-metal/config.yaml',
      leaderElect: true,
      leaderElectionNamespace: 'extension-os-metal',
      leaseDurationSeconds: 15,
      renewDeadlineSeconds: 10,
      retryPeriodSeconds: 2,
      ignoreOperationAnnotation: false,
      podName: 'os-metal-0',
    });
  });

  it('names every bad flag with its value and what is accepted', () => {
    expect(parseFlags(['--leader-elect=yes', '--leader-election-lease-duration=1.5'], {})).toEqual({
      problems: [
        { flag: 'leader-elect', message: '--leader-elect: got "yes": expected true or false' },
        { flag: 'leader-election-lease-duration', message: '--leader-election-lease-duration: got "1.5": expected whole seconds ≥ 1, e.g. 15 or 15s' },
      ],
    });
    expect(parseFlags(['--leader-elect=true'], {})).toEqual({
      problems: [
        {
          flag: 'leader-election-namespace',
          message: '--leader-election-namespace: empty, and POD_NAMESPACE is not set: name the namespace of the Lease',
        },
      ],
    });
    const unknown = parseFlags(['--metrics-addr=:8080'], {});
    expect('problems' in unknown && unknown.problems[0]?.message).toMatch(/--metrics-addr.*accepted: --config, --kubeconfig/);
  });
});
