// Gardener's extension contract, as data: the status fields every extension resource carries
// (extensions.gardener.cloud/v1alpha1, field names as in the vendored CRDs under
// generators/upstream/gardener/crds/) and the constants of the operation annotation.
import type { KubeObject } from '../object.js';

export type OperationType = 'Create' | 'Reconcile' | 'Delete' | 'Migrate' | 'Restore';
export type OperationState = 'Processing' | 'Succeeded' | 'Error' | 'Failed' | 'Pending' | 'Aborted';

export interface LastOperation {
  type: OperationType;
  state: OperationState;
  progress: number;
  description: string;
  lastUpdateTime: string;
}

export interface LastError {
  description: string;
  codes?: string[];
  taskID?: string;
  lastUpdateTime?: string;
}

export interface ExtensionStatus {
  lastOperation?: LastOperation;
  lastError?: LastError;
  observedGeneration?: number;
  [field: string]: unknown;
}

/** Any extension resource: `spec.type`, optional `spec.class`, the common status. */
export interface ExtensionObject extends KubeObject {
  spec: { type: string; class?: string; [field: string]: unknown };
  status?: ExtensionStatus;
}

/** `gardener.cloud/operation` (v1beta1constants.GardenerOperation) and its values. */
export const OPERATION_ANNOTATION = 'gardener.cloud/operation';
export const Operation = {
  reconcile: 'reconcile',
  migrate: 'migrate',
  restore: 'restore',
  waitForState: 'wait-for-state',
} as const;

/** On the Shoot inside the Cluster resource: force-delete the shoot's extension resources (v1beta1constants.AnnotationConfirmationForceDeletion). */
export const FORCE_DELETION_ANNOTATION = 'confirmation.gardener.cloud/force-deletion';

/** Extension classes; an object without one is of class `shoot` (extensionsv1alpha1helper.GetExtensionClassOrDefault). */
export type ExtensionClass = 'shoot' | 'seed' | 'garden';
