// The domain of os-metal: one OperatingSystemConfig → its userdata or extension files. The
// framework (controllers/runtime/extension) owns the rest — finalizer, operation annotation,
// lastOperation/lastError, events, retries, the userdata Secret and the OSC status.
import { errorMessage, isNotFound, type KubeClient } from '../runtime/index.js';
import { CodedError, type ActuatorContext, type OperatingSystemConfig, type OscActuator, type OscOutput } from '../runtime/extension/index.js';
import type { ControllerSettings, UserdataFormat } from './config.js';
import { desiredOutput, formatProblems, secretsToFetch, type OperatingSystemConfig as OscInput, type SecretsByName } from './desired/index.js';

/**
 * Gardener's error code for input a retry cannot fix (gardencorev1beta1.ErrorConfigurationProblem):
 * gardenlet shows it on the Shoot, and the framework's backoff keeps such an OSC from a hot loop.
 */
export const ERROR_CONFIGURATION_PROBLEM = 'ERR_CONFIGURATION_PROBLEM';

/** The userdata format for an OSC type: `byOSType` first, then the default. */
export function formatFor(settings: Pick<ControllerSettings, 'userdataFormat'>, osType: string): UserdataFormat {
  return settings.userdataFormat.byOSType[osType] ?? settings.userdataFormat.default;
}

interface SecretObject {
  data?: Record<string, string>;
}

/** The `data` of the named Secrets in one namespace; a Secret that does not exist is left out (desired reports it). */
async function readSecrets(client: KubeClient, namespace: string, names: readonly string[], signal: AbortSignal): Promise<SecretsByName> {
  const entries = await Promise.all(
    names.map(async (name): Promise<[string, Record<string, string>] | undefined> => {
      try {
        const secret = await client.request<SecretObject>('GET', `/api/v1/namespaces/${encodeURIComponent(namespace)}/secrets/${encodeURIComponent(name)}`, {
          signal,
        });
        return [name, secret.data ?? {}];
      } catch (err) {
        if (isNotFound(err)) return undefined;
        throw new Error(`reading Secret ${namespace}/${name} that spec.files references: ${errorMessage(err)}`, { cause: err });
      }
    }),
  );
  return Object.fromEntries(entries.filter((entry) => entry !== undefined));
}

export class OsMetalActuator implements OscActuator {
  public constructor(private readonly settings: Pick<ControllerSettings, 'userdataFormat'>) {}

  public async reconcile(osc: OperatingSystemConfig, context: ActuatorContext): Promise<OscOutput> {
    const input = osc as unknown as OscInput;
    const namespace = osc.metadata.namespace ?? '';
    const secrets = await readSecrets(context.client, namespace, secretsToFetch(input), context.signal);
    const format = formatFor(this.settings, osc.spec.type);
    const result = desiredOutput(input, { format, secrets });
    if (!result.ok) throw new CodedError(formatProblems(result.problems), [ERROR_CONFIGURATION_PROBLEM]);
    const { userdata, extensionFiles, extensionUnits } = result.output;
    context.logger.debug({ format, purpose: osc.spec.purpose, files: extensionFiles.length, userdataBytes: userdata?.length ?? 0 }, 'desired output computed');
    return {
      ...(userdata === undefined ? {} : { userData: userdata }),
      extensionFiles: extensionFiles as unknown as Record<string, unknown>[],
      extensionUnits: extensionUnits as unknown as Record<string, unknown>[],
    };
  }

  /** Restore on a new seed is a reconcile: os-metal keeps no state outside the OSC. */
  public restore(osc: OperatingSystemConfig, context: ActuatorContext): Promise<OscOutput> {
    return this.reconcile(osc, context);
  }

  /** Nothing to clean up: the userdata Secret is owned by the OSC and garbage-collected with it. */
  public delete(): Promise<void> {
    return Promise.resolve();
  }

  /** Nothing to hand over: everything os-metal writes is derived from the OSC again on restore. */
  public migrate(): Promise<void> {
    return Promise.resolve();
  }
}
