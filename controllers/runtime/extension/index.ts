// Gardener's extension contract as a reusable lifecycle; see ../README.md.
export type { Actuator, ActuatorContext, ActuatorResult } from './actuator.js';
export { addExtensionController, type ExtensionControllerOptions } from './controller.js';
export { cachedClusterFacts, clusterFacts, clusterResource, readClusterFacts, type Cluster, type ClusterCache } from './cluster.js';
export { defaultFinalizer, operatingSystemConfigKind, type ExtensionKind } from './kinds.js';
export { ExtensionLifecycle, type LifecycleOptions } from './lifecycle.js';
export { computeOperationType, decideAction, isMigrated, type Action, type ClusterFacts } from './operation.js';
export {
  OSC_SECRET_DATA_KEY,
  operatingSystemConfigActuator,
  oscResultSecret,
  oscStatus,
  type OperatingSystemConfig,
  type OscActuator,
  type OscOutput,
} from './operatingsystemconfig.js';
export { admits, isResponsible, type ExtensionFilter, type TriggerMode } from './predicates.js';
export { CodedError, RequeueAfterError, errorCodes, errorPatch, processingPatch, successPatch } from './status.js';
export * from './types.js';
