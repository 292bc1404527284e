// argocd-cluster-bridge's process: flags in, a manager with one controller out. Wiring only; the
// domain is bridge.ts, the pure parts are desired/.
import { KubeConfig } from '@kubernetes/client-node';
import { Manager, type KubeObject } from '../runtime/index.js';
import { createLogger, maskString } from '../runtime/log.js';
import { setupSignalHandler } from '../runtime/signals.js';
import { BridgeMetrics, bridgeReconciler, SECRETS } from './bridge.js';
import { parseFlags } from './flags.js';
import { ARGOCD_CLUSTER_BRIDGE_NAME as NAME } from './names.js';

async function main(): Promise<number> {
  const logger = createLogger({ name: NAME });
  const flags = parseFlags(process.argv.slice(2), process.env);
  if ('problems' in flags) {
    for (const problem of flags.problems) logger.error({ flag: problem.flag }, problem.message);
    return 2;
  }
  const { options } = flags;

  const kubeConfig = new KubeConfig();
  if (options.kubeconfig) kubeConfig.loadFromFile(options.kubeconfig);
  else kubeConfig.loadFromDefault();

  const signal = setupSignalHandler({ logger });
  // One replica without leader election: every write is an idempotent server-side apply of what the
  // source says, so two pods overlapping during a rollout write the same bytes.
  const manager = new Manager({
    name: NAME,
    kubeConfig,
    logger,
    healthProbeBindAddress: options.healthProbeBindAddress,
    metricsBindAddress: options.metricsBindAddress,
    gracePeriodMs: options.gracePeriodSeconds * 1000,
    ...(options.pod ? { instance: options.pod.name } : {}),
  });
  // Both informers watch one Secret each: the field selector on metadata.name is what lets RBAC
  // grant list and watch by resourceNames (the authorizer reads the name from the selector).
  const sourceInformer = manager.informer<KubeObject>({
    resource: SECRETS,
    namespace: options.source.namespace,
    fieldSelector: `metadata.name=${options.source.name}`,
  });
  const targetInformer = manager.informer<KubeObject>({
    resource: SECRETS,
    namespace: options.target.namespace,
    fieldSelector: `metadata.name=${options.target.secretName}`,
  });
  const controller = manager.addController<KubeObject>({
    name: 'argocd-cluster-secret',
    informer: sourceInformer,
    reconcile: bridgeReconciler({
      client: manager.client,
      events: manager.events,
      fieldManager: manager.fieldManager,
      options,
      targetInformer,
      metrics: new BridgeMetrics(manager.metrics.registry),
    }),
    // Deletion too: a deleted source is reported (the cluster Secret is kept).
    predicate: () => true,
    resyncPeriodMs: options.resyncPeriodSeconds * 1000,
    // A write refused (Argo CD's namespace not there yet, RBAC) is retried within a minute at most.
    backoff: { baseMs: 200, maxMs: 60_000 },
  });
  // Everything goes through the source's key, so one queue serializes all writes: a change of the
  // cluster Secret (drift, deletion) reconciles the source again.
  const sourceKey = `${options.source.namespace}/${options.source.name}`;
  targetInformer.on(() => controller.queue.add(sourceKey));
  // Once at start, so a source that does not exist yet is reported too.
  controller.queue.add(sourceKey);

  logger.info(
    {
      source: `${options.source.namespace}/${options.source.name}[${options.source.key}]`,
      target: `${options.target.namespace}/${options.target.secretName}`,
      cluster: options.target.clusterName,
    },
    `starting ${NAME}`,
  );
  return manager.run(signal);
}

main().then(
  (code) => {
    process.exitCode = code;
  },
  (err: unknown) => {
    process.stderr.write(`${JSON.stringify({ level: 'fatal', name: NAME, msg: maskString(err instanceof Error ? err.message : String(err)) })}\n`);
    process.exitCode = 1;
  },
);
