// The OperatingSystemConfig specifics of Gardener's OSC reconciler (reconciler.go, utils.go,
// v1.138.3): an OSC actuator returns userdata, extension units and files; the framework writes the
// userdata into a Secret the OSC controls (`osc-result-<name>`, or the one status.cloudConfig
// already names; data key `cloud_config`) and sets status.cloudConfig.secretRef,
// status.extensionUnits, status.extensionFiles and status.inPlaceUpdates.
import { applyObject } from '../apply.js';
import type { KubeObject } from '../object.js';
import { withControllerReference } from '../owner.js';
import type { Actuator, ActuatorContext, ActuatorResult } from './actuator.js';
import type { ExtensionObject } from './types.js';

/** extensionsv1alpha1.OperatingSystemConfigSecretDataKey */
export const OSC_SECRET_DATA_KEY = 'cloud_config';

export interface OperatingSystemConfig extends ExtensionObject {
  spec: ExtensionObject['spec'] & { purpose?: string };
  status?: ExtensionObject['status'] & { cloudConfig?: { secretRef: { name: string; namespace: string } } };
}

export interface OscOutput {
  /** Userdata for machines (purpose provision); none means no Secret and no cloudConfig. */
  readonly userData?: string;
  readonly extensionUnits?: readonly Record<string, unknown>[];
  readonly extensionFiles?: readonly Record<string, unknown>[];
  readonly inPlaceUpdates?: Record<string, unknown>;
}

/** What an OSC actuator implements: Gardener's operatingsystemconfig.Actuator. */
export interface OscActuator {
  reconcile(osc: OperatingSystemConfig, context: ActuatorContext): Promise<OscOutput>;
  delete(osc: OperatingSystemConfig, context: ActuatorContext): Promise<void>;
  forceDelete?(osc: OperatingSystemConfig, context: ActuatorContext): Promise<void>;
  migrate(osc: OperatingSystemConfig, context: ActuatorContext): Promise<void>;
  restore(osc: OperatingSystemConfig, context: ActuatorContext): Promise<OscOutput>;
}

/** The userdata Secret of an OSC (SecretObjectMetaForConfig + GetAndCreateOrStrategicMergePatch), controlled by the OSC. */
export function oscResultSecret(osc: OperatingSystemConfig, userData: string): KubeObject {
  const ref = osc.status?.cloudConfig?.secretRef;
  const secret: KubeObject = {
    apiVersion: 'v1',
    kind: 'Secret',
    metadata: { name: ref?.name ?? `osc-result-${osc.metadata.name}`, namespace: ref?.namespace ?? osc.metadata.namespace },
    data: { [OSC_SECRET_DATA_KEY]: Buffer.from(userData).toString('base64') },
  };
  return withControllerReference(secret, osc);
}

/** The status fields of an OSC output (setOSCStatus); absent parts are removed (null), as Gardener sets them to nil. */
export function oscStatus(secret: KubeObject | undefined, output: OscOutput): Record<string, unknown> {
  return {
    ...(secret ? { cloudConfig: { secretRef: { name: secret.metadata.name, namespace: secret.metadata.namespace } } } : {}),
    extensionUnits: output.extensionUnits ?? null,
    extensionFiles: output.extensionFiles ?? null,
    inPlaceUpdates: output.inPlaceUpdates ?? null,
  };
}

/** Wraps an OSC actuator into the generic one: writes the userdata Secret (server-side apply) and the OSC status. */
export function operatingSystemConfigActuator(osc: OscActuator): Actuator<OperatingSystemConfig> {
  const finish = async (object: OperatingSystemConfig, output: OscOutput, context: ActuatorContext): Promise<ActuatorResult> => {
    const secret = output.userData === undefined ? undefined : oscResultSecret(object, output.userData);
    if (secret) await applyObject(context.client, secret, { fieldManager: context.fieldManager });
    return { status: oscStatus(secret, output) };
  };
  return {
    reconcile: async (object, context) => finish(object, await osc.reconcile(object, context), context),
    restore: async (object, context) => finish(object, await osc.restore(object, context), context),
    delete: (object, context) => osc.delete(object, context),
    forceDelete: (object, context) => (osc.forceDelete ?? osc.delete).call(osc, object, context),
    migrate: (object, context) => osc.migrate(object, context),
  };
}
