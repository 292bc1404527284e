// A candidate in its own process for leader-election.int.test.ts, so the test can kill -9 a real
// leader (no release, no goodbye). Reads its settings from the environment and reports on stdout,
// one line each: `started <identity>`, `stopped <reason>`, `leader <identity>`.
import { KubeConfig } from '@kubernetes/client-node';
import { LeaderElector } from '../leader-election.js';

const env = (name: string): string => {
  const value = process.env[name];
  if (!value) throw new Error(`${name} is not set`);
  return value;
};

const kubeConfig = new KubeConfig();
kubeConfig.loadFromFile(env('LE_KUBECONFIG'));
const elector = new LeaderElector({
  kubeConfig,
  namespace: env('LE_NAMESPACE'),
  name: env('LE_NAME'),
  identity: env('LE_IDENTITY'),
  leaseDurationSeconds: Number(env('LE_LEASE_SECONDS')),
  renewDeadlineSeconds: Number(env('LE_RENEW_SECONDS')),
  retryPeriodSeconds: Number(env('LE_RETRY_SECONDS')),
  releaseOnCancel: true,
  onStartedLeading: () => process.stdout.write(`started ${elector.identity}\n`),
  onStoppedLeading: (stopped) => process.stdout.write(`stopped ${stopped.reason}\n`),
  onNewLeader: (identity) => process.stdout.write(`leader ${identity}\n`),
});
const abort = new AbortController();
process.on('SIGTERM', () => abort.abort());
await elector.run(abort.signal);
