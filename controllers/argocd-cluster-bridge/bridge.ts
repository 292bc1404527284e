// The domain of argocd-cluster-bridge: one reconcile turns the token-requestor Secret into Argo CD's
// cluster Secret. Bad or missing input never touches the cluster Secret (Argo CD keeps the last good
// credentials until the token expires) and is reported as a Warning event naming what is wrong and
// what is expected; a failed write is retried with backoff. Nothing here ever logs or records a
// token: problems come from credentialsFromKubeconfig, which never quotes the kubeconfig, and
// writes are described by the names of the fields that changed.
import { Counter, Gauge, type Registry } from 'prom-client';
import { applyObject, type EventRecorder, type Informer, type KubeClient, type KubeObject, type Reconciler, type ResourceRef } from '../runtime/index.js';
import { clusterSecret, clusterSecretDrift } from './desired/cluster-secret.js';
import { credentialsFromKubeconfig, type KubeconfigProblem } from './desired/kubeconfig.js';
import type { Logger } from '../runtime/log.js';
import type { BridgeOptions } from './flags.js';

export const SECRETS: ResourceRef = { group: '', version: 'v1', kind: 'Secret', plural: 'secrets', namespaced: true };

/** The event action of every event this controller records. */
export const EVENT_ACTION = 'SyncArgoCDCluster';
/** Reason of the Normal event recorded when the cluster Secret was written. */
export const SYNCED_REASON = 'ArgoCDClusterSynced';

/** The metrics of the bridge beside the runtime's controller_runtime_* and workqueue_* ones. */
export class BridgeMetrics {
  readonly sourceValid: Gauge;
  readonly writes: Counter<'change'>;
  readonly lastWrite: Gauge;

  constructor(registry: Registry) {
    this.sourceValid = new Gauge({
      name: 'argocd_cluster_bridge_source_valid',
      help: '1 while the token-requestor kubeconfig yields usable credentials, 0 while it is missing or invalid (the cluster Secret keeps the last good ones)',
      registers: [registry],
    });
    this.writes = new Counter({
      name: 'argocd_cluster_bridge_cluster_secret_writes_total',
      help: 'Writes of the Argo CD cluster Secret, by what changed: created, credentials (token or CA rotated, or drifted), metadata (labels or name/server)',
      labelNames: ['change'],
      registers: [registry],
    });
    this.lastWrite = new Gauge({
      name: 'argocd_cluster_bridge_last_write_timestamp_seconds',
      help: 'Unix time of the last write of the Argo CD cluster Secret',
      registers: [registry],
    });
  }
}

export interface BridgeDependencies {
  readonly client: KubeClient;
  readonly events: EventRecorder;
  readonly fieldManager: string;
  readonly options: Pick<BridgeOptions, 'source' | 'target' | 'pod'>;
  /** Informer of the cluster Secret (field selector on its name): what is written is compared with it first. */
  readonly targetInformer: Informer<KubeObject>;
  readonly metrics?: BridgeMetrics;
}

function secretKeys(secret: KubeObject): string[] {
  const data = secret.data;
  return typeof data === 'object' && data !== null ? Object.keys(data) : [];
}

function sourceText(secret: KubeObject, key: string): string | undefined {
  const data = secret.data as Record<string, unknown> | undefined;
  const value = data?.[key];
  return typeof value === 'string' ? Buffer.from(value, 'base64').toString('utf8') : undefined;
}

function changeOf(drift: readonly string[]): 'created' | 'credentials' | 'metadata' {
  if (drift.includes('(missing)')) return 'created';
  return drift.includes('data.config') ? 'credentials' : 'metadata';
}

export function bridgeReconciler(deps: BridgeDependencies): Reconciler<KubeObject> {
  const { source, target, pod } = deps.options;
  const sourceRef = `Secret ${source.namespace}/${source.name}`;
  const targetRef = `Secret ${target.namespace}/${target.secretName}`;
  /** What a problem means for Argo CD: the last good credentials stay, or there are none yet. */
  const consequence = (): string =>
    deps.targetInformer.get(target.namespace, target.secretName)
      ? `the Argo CD cluster ${targetRef} keeps its last good credentials`
      : `the Argo CD cluster ${targetRef} is created once the kubeconfig is usable`;

  /** Where an event about a missing source goes: the controller's own pod, else a reference to the missing Secret. */
  const missingSourceRegarding = (): KubeObject =>
    pod
      ? { apiVersion: 'v1', kind: 'Pod', metadata: { name: pod.name, namespace: pod.namespace, ...(pod.uid ? { uid: pod.uid } : {}) } }
      : { apiVersion: 'v1', kind: 'Secret', metadata: { name: source.name, namespace: source.namespace } };

  const report = async (logger: Logger, regarding: KubeObject, problem: KubeconfigProblem): Promise<void> => {
    const note = `${sourceRef} ${problem.message}; ${consequence()}`;
    deps.metrics?.sourceValid.set(0);
    logger.warn({ reason: problem.reason, source: sourceRef, target: targetRef }, note);
    await deps.events.warning(regarding, problem.reason, EVENT_ACTION, note);
  };

  // Bad input is not retried: the next change of the source (the token-requestor's fill, a fix)
  // reconciles again, and the periodic resync repeats the event while it stays bad.
  return async ({ object: secret, logger }) => {
    if (!secret) {
      await report(logger, missingSourceRegarding(), {
        reason: 'KubeconfigMissing',
        message: `does not exist: expected the token-requestor Secret with key ${source.key} (the runtime layer virtual-garden-access renders it)`,
      });
      return;
    }
    const text = sourceText(secret, source.key);
    if (text === undefined) {
      await report(logger, secret, {
        reason: 'KubeconfigMissing',
        message: `has no key ${source.key} (keys: ${secretKeys(secret).join(', ') || 'none'}): expected the kubeconfig the token-requestor writes under ${source.key}`,
      });
      return;
    }
    const result = credentialsFromKubeconfig(text);
    if ('problem' in result) {
      await report(logger, secret, { ...result.problem, message: `key ${source.key} ${result.problem.message}` });
      return;
    }
    deps.metrics?.sourceValid.set(1);

    const desired = clusterSecret(target, result.credentials);
    const current = deps.targetInformer.get(target.namespace, target.secretName);
    const drift = clusterSecretDrift(current, desired);
    if (drift.length === 0) {
      logger.debug({ target: targetRef }, 'cluster Secret is up to date');
      return;
    }
    await applyObject(deps.client, desired, { fieldManager: deps.fieldManager, resource: SECRETS });
    const change = changeOf(drift);
    deps.metrics?.writes.inc({ change });
    deps.metrics?.lastWrite.set(Date.now() / 1000);
    const what = change === 'created' ? 'created' : `updated (${drift.join(', ')})`;
    const note = `Argo CD cluster ${targetRef} ${what}: cluster ${target.clusterName}, server ${result.credentials.server}`;
    logger.info({ target: targetRef, changed: drift }, note);
    await deps.events.normal(secret, SYNCED_REASON, EVENT_ACTION, note);
  };
}
