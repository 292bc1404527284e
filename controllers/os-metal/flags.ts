// os-metal's command line, in the spelling of Gardener's extensions (controller-runtime flags), so a
// chart or a person used to them needs nothing new. Pure: argv and env in, options or problems out.
import { parseArgs } from 'node:util';
import { CONFIG_DIR, CONFIG_KEY } from './chart/labels.js';

export interface OsMetalOptions {
  readonly config: string;
  /** Kubeconfig file; in-cluster config (or $KUBECONFIG) when empty. */
  readonly kubeconfig: string;
  readonly leaderElect: boolean;
  readonly leaderElectionNamespace: string;
  readonly leaderElectionId: string;
  readonly leaseDurationSeconds: number;
  readonly renewDeadlineSeconds: number;
  readonly retryPeriodSeconds: number;
  readonly metricsBindAddress: string;
  readonly healthProbeBindAddress: string;
  /** Reconcile on every spec change instead of waiting for gardenlet's `gardener.cloud/operation=reconcile`. */
  readonly ignoreOperationAnnotation: boolean;
  readonly gracePeriodSeconds: number;
  readonly podName: string | undefined;
}

export interface FlagProblem {
  readonly flag: string;
  readonly message: string;
}

const BOOLEAN = ['true', 'false'];

const definitions = {
  config: { type: 'string', default: `${CONFIG_DIR}/${CONFIG_KEY}` },
  kubeconfig: { type: 'string', default: '' },
  'leader-elect': { type: 'string', default: 'false' },
  'leader-election-namespace': { type: 'string', default: '' },
  'leader-election-id': { type: 'string', default: 'os-metal-leader-election' },
  'leader-election-lease-duration': { type: 'string', default: '15' },
  'leader-election-renew-deadline': { type: 'string', default: '10' },
  'leader-election-retry-period': { type: 'string', default: '2' },
  'metrics-bind-address': { type: 'string', default: ':8080' },
  'health-probe-bind-address': { type: 'string', default: ':8081' },
  'ignore-operation-annotation': { type: 'string', default: 'false' },
  'graceful-shutdown-timeout': { type: 'string', default: '30' },
} as const;

function seconds(flag: string, text: string, problems: FlagProblem[]): number {
  const value = Number(text.replace(/s$/, ''));
  if (!Number.isInteger(value) || value < 1)
    problems.push({ flag, message: `--${flag}: got ${JSON.stringify(text)}: expected whole seconds ≥ 1, e.g. 15 or 15s` });
  return value;
}

function bool(flag: string, text: string, problems: FlagProblem[]): boolean {
  if (!BOOLEAN.includes(text)) problems.push({ flag, message: `--${flag}: got ${JSON.stringify(text)}: expected true or false` });
  return text === 'true';
}

/** `--flag=value` or `--flag value`; a bare boolean flag (`--leader-elect`) means true. */
export function parseFlags(argv: readonly string[], env: NodeJS.ProcessEnv): { options: OsMetalOptions } | { problems: FlagProblem[] } {
  const normalized = argv.map((arg) => (arg === '--leader-elect' || arg === '--ignore-operation-annotation' ? `${arg}=true` : arg));
  let values: Record<string, string>;
  try {
    values = parseArgs({ args: normalized, options: definitions, strict: true, allowPositionals: false }).values;
  } catch (err) {
    const accepted = Object.keys(definitions)
      .map((name) => `--${name}`)
      .join(', ');
    return { problems: [{ flag: '(command line)', message: `${err instanceof Error ? err.message : String(err)}; accepted: ${accepted}` }] };
  }
  const problems: FlagProblem[] = [];
  const get = (name: keyof typeof definitions): string => values[name] ?? definitions[name].default;
  const leaderElect = bool('leader-elect', get('leader-elect'), problems);
  const leaderElectionNamespace = get('leader-election-namespace') || env.POD_NAMESPACE || '';
  if (leaderElect && !leaderElectionNamespace)
    problems.push({
      flag: 'leader-election-namespace',
      message: '--leader-election-namespace: empty, and POD_NAMESPACE is not set: name the namespace of the Lease',
    });
  const options: OsMetalOptions = {
    config: get('config'),
    kubeconfig: get('kubeconfig'),
    leaderElect,
    leaderElectionNamespace,
    leaderElectionId: get('leader-election-id'),
    leaseDurationSeconds: seconds('leader-election-lease-duration', get('leader-election-lease-duration'), problems),
    renewDeadlineSeconds: seconds('leader-election-renew-deadline', get('leader-election-renew-deadline'), problems),
    retryPeriodSeconds: seconds('leader-election-retry-period', get('leader-election-retry-period'), problems),
    metricsBindAddress: get('metrics-bind-address'),
    healthProbeBindAddress: get('health-probe-bind-address'),
    ignoreOperationAnnotation: bool('ignore-operation-annotation', get('ignore-operation-annotation'), problems),
    gracePeriodSeconds: seconds('graceful-shutdown-timeout', get('graceful-shutdown-timeout'), problems),
    podName: env.POD_NAME || undefined,
  };
  return problems.length > 0 ? { problems } : { options };
}
