// The command line of argocd-cluster-bridge, in controller-runtime's spelling for what it shares
// with other controllers. Pure: argv and env in, options or problems out.
import { parseArgs } from 'node:util';
import { DEFAULT_ARGOCD_NAMESPACE, DEFAULT_SOURCE, HEALTH_PORT, METRICS_PORT } from './names.js';

export interface BridgeOptions {
  /** Kubeconfig file; in-cluster config (or $KUBECONFIG) when empty. */
  readonly kubeconfig: string;
  /** The token-requestor Secret: namespace, name, key. */
  readonly source: { readonly namespace: string; readonly name: string; readonly key: string };
  /** Argo CD's cluster Secret: namespace, Secret name and the cluster name Argo CD shows. */
  readonly target: { readonly namespace: string; readonly secretName: string; readonly clusterName: string };
  /** How often the source is reconciled even without a change (drift the watch missed). */
  readonly resyncPeriodSeconds: number;
  readonly metricsBindAddress: string;
  readonly healthProbeBindAddress: string;
  readonly gracePeriodSeconds: number;
  /** The pod the controller runs in (downward API), where events go while the source Secret is missing. */
  readonly pod: { readonly name: string; readonly namespace: string; readonly uid?: string } | undefined;
}

export interface FlagProblem {
  readonly flag: string;
  readonly message: string;
}

const definitions = {
  kubeconfig: { type: 'string', default: '' },
  'source-namespace': { type: 'string', default: DEFAULT_SOURCE.namespace },
  'source-name': { type: 'string', default: DEFAULT_SOURCE.name },
  'source-key': { type: 'string', default: DEFAULT_SOURCE.key },
  'argocd-namespace': { type: 'string', default: DEFAULT_ARGOCD_NAMESPACE },
  'cluster-name': { type: 'string', default: '' },
  'cluster-secret-name': { type: 'string', default: '' },
  'resync-period': { type: 'string', default: '300' },
  'metrics-bind-address': { type: 'string', default: `:${METRICS_PORT}` },
  'health-probe-bind-address': { type: 'string', default: `:${HEALTH_PORT}` },
  'graceful-shutdown-timeout': { type: 'string', default: '30' },
} as const;

type Flag = keyof typeof definitions;

const DNS_LABEL = /^[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?$/;
const DNS_SUBDOMAIN = /^(?=.{1,253}$)[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;
/** A Secret data key: letters, digits, `-`, `_`, `.` (Kubernetes' IsConfigMapKey). */
const SECRET_KEY = /^[-._a-zA-Z0-9]{1,253}$/;

function seconds(flag: Flag, text: string, problems: FlagProblem[]): number {
  const value = Number(text.replace(/s$/, ''));
  if (!Number.isInteger(value) || value < 1)
    problems.push({ flag, message: `--${flag}: got ${JSON.stringify(text)}: expected whole seconds ≥ 1, e.g. 30 or 30s` });
  return value;
}

function matching(flag: Flag, text: string, pattern: RegExp, expected: string, problems: FlagProblem[]): string {
  if (!pattern.test(text)) problems.push({ flag, message: `--${flag}: got ${JSON.stringify(text)}: expected ${expected}` });
  return text;
}

function isSameSecret(sourceNamespace: string, sourceName: string, targetNamespace: string, targetName: string): boolean {
  return sourceNamespace === targetNamespace && sourceName === targetName;
}

/**
 * `--flag=value` or `--flag value`. `--cluster-name` falls back to $ARGOCD_CLUSTER_NAME and is
 * required (it is the landscape's: `<landscape>-virtual-garden`); `--cluster-secret-name` defaults
 * to the cluster name.
 */
export function parseFlags(argv: readonly string[], env: NodeJS.ProcessEnv): { options: BridgeOptions } | { problems: FlagProblem[] } {
  let values: Partial<Record<Flag, string>>;
  try {
    values = parseArgs({ args: [...argv], options: definitions, strict: true, allowPositionals: false }).values;
  } catch (err) {
    const accepted = Object.keys(definitions)
      .map((name) => `--${name}`)
      .join(', ');
    return { problems: [{ flag: '(command line)', message: `${err instanceof Error ? err.message : String(err)}; accepted: ${accepted}` }] };
  }
  const problems: FlagProblem[] = [];
  const get = (name: Flag): string => values[name] ?? definitions[name].default;
  const namespace = (flag: Flag): string => matching(flag, get(flag), DNS_LABEL, 'a namespace name (DNS label: lowercase letters, digits, "-")', problems);
  const name = (flag: Flag, text: string): string =>
    matching(flag, text, DNS_SUBDOMAIN, 'an object name (DNS subdomain: lowercase letters, digits, "-", ".")', problems);

  const clusterName = get('cluster-name') || env.ARGOCD_CLUSTER_NAME || '';
  if (!clusterName) {
    problems.push({
      flag: 'cluster-name',
      message: '--cluster-name: empty, and ARGOCD_CLUSTER_NAME is not set: name the cluster as Argo CD Applications address it, <landscape>-virtual-garden',
    });
  } else name('cluster-name', clusterName);
  const secretName = get('cluster-secret-name') || clusterName;

  if (isSameSecret(get('source-namespace'), get('source-name'), get('argocd-namespace'), secretName)) {
    problems.push({
      flag: 'cluster-secret-name',
      message: `--cluster-secret-name: ${get('argocd-namespace')}/${secretName} is the source Secret itself: expected Argo CD's cluster Secret to be another Secret`,
    });
  }
  const podName = env.POD_NAME || '';
  const podNamespace = env.POD_NAMESPACE || '';
  const options: BridgeOptions = {
    kubeconfig: get('kubeconfig'),
    source: {
      namespace: namespace('source-namespace'),
      name: name('source-name', get('source-name')),
      key: matching('source-key', get('source-key'), SECRET_KEY, 'a Secret data key (letters, digits, "-", "_", ".")', problems),
    },
    target: { namespace: namespace('argocd-namespace'), secretName: secretName && name('cluster-secret-name', secretName), clusterName },
    resyncPeriodSeconds: seconds('resync-period', get('resync-period'), problems),
    metricsBindAddress: get('metrics-bind-address'),
    healthProbeBindAddress: get('health-probe-bind-address'),
    gracePeriodSeconds: seconds('graceful-shutdown-timeout', get('graceful-shutdown-timeout'), problems),
    pod: podName && podNamespace ? { name: podName, namespace: podNamespace, ...(env.POD_UID ? { uid: env.POD_UID } : {}) } : undefined,
  };
  return problems.length > 0 ? { problems } : { options };
}
