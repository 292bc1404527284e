// os-metal's process: flags and configuration in, a manager with one extension controller out.
// Wiring only; the domain is actuator.ts, the lifecycle is controllers/runtime/extension.
import { readFileSync } from 'node:fs';
import { KubeConfig } from '@kubernetes/client-node';
import { Manager } from '../runtime/index.js';
import { addExtensionController, operatingSystemConfigActuator, operatingSystemConfigKind } from '../runtime/extension/index.js';
import { LeaderElector } from '../runtime/leader-election.js';
import { createLogger } from '../runtime/log.js';
import { setupSignalHandler } from '../runtime/signals.js';
import { OsMetalActuator } from './actuator.js';
import { parseControllerConfiguration } from './config.js';
import { parseFlags } from './flags.js';

const NAME = 'os-metal';

async function main(): Promise<number> {
  const logger = createLogger({ name: NAME });
  const flags = parseFlags(process.argv.slice(2), process.env);
  if ('problems' in flags) {
    for (const problem of flags.problems) logger.error({ flag: problem.flag }, problem.message);
    return 2;
  }
  const { options } = flags;

  let text: string;
  try {
    text = readFileSync(options.config, 'utf8');
  } catch (err) {
    logger.error({ file: options.config }, `cannot read the configuration (--config): ${err instanceof Error ? err.message : String(err)}`);
    return 2;
  }
  const parsed = parseControllerConfiguration(text);
  if (!parsed.config) {
    for (const problem of parsed.problems) logger.error({ file: options.config, field: problem.path }, `configuration: ${problem.path}: ${problem.message}`);
    return 2;
  }
  const config = parsed.config;

  const kubeConfig = new KubeConfig();
  if (options.kubeconfig) kubeConfig.loadFromFile(options.kubeconfig);
  else kubeConfig.loadFromDefault();

  const signal = setupSignalHandler({ logger });
  const leaderElection = options.leaderElect
    ? new LeaderElector({
        kubeConfig,
        namespace: options.leaderElectionNamespace,
        name: options.leaderElectionId,
        identity: options.podName,
        leaseDurationSeconds: options.leaseDurationSeconds,
        renewDeadlineSeconds: options.renewDeadlineSeconds,
        retryPeriodSeconds: options.retryPeriodSeconds,
        releaseOnCancel: true,
        logger,
      })
    : undefined;

  const manager = new Manager({
    name: NAME,
    kubeConfig,
    logger,
    healthProbeBindAddress: options.healthProbeBindAddress,
    metricsBindAddress: options.metricsBindAddress,
    leaderElection,
    gracePeriodMs: options.gracePeriodSeconds * 1000,
    ...(options.podName ? { instance: options.podName } : {}),
  });
  addExtensionController(manager, {
    kind: operatingSystemConfigKind,
    actuator: operatingSystemConfigActuator(new OsMetalActuator(config)),
    types: config.osTypes,
    concurrency: config.concurrentSyncs,
    mode: options.ignoreOperationAnnotation ? 'generation' : 'operation-annotation',
  });
  logger.info({ osTypes: config.osTypes, userdataFormat: config.userdataFormat, leaderElect: options.leaderElect }, 'starting os-metal');
  return manager.run(signal);
}

main().then(
  (code) => {
    process.exitCode = code;
  },
  (err: unknown) => {
    process.stderr.write(`${JSON.stringify({ level: 'fatal', name: NAME, msg: err instanceof Error ? err.message : String(err) })}\n`);
    process.exitCode = 1;
  },
);
