// One table of objects for both engines' health checks: each case names the verdict Argo CD's Lua
// script must give and the verdict Flux's CEL expressions must give (run by
// test/unit/delivery/health.test.ts with lua5.1 and with fluxcd/pkg/runtime/cel). The two must
// agree: Healthy <-> Current, Progressing <-> InProgress, Degraded <-> Failed, and for an object
// without any `status` (a CRD object no controller touched yet) Progressing <-> Unknown: CEL cannot
// test a top-level field, the evaluation errors, and kustomize-controller's wait treats Unknown like
// InProgress until its timeout (fluxcd/pkg/ssa WaitForSet: only Current and Failed end the wait).
//
// Condition types, reasons, error codes and operation states are Gardener v1.138.3's own
// (pkg/apis/core/v1beta1, pkg/apis/operator/v1alpha1, pkg/apis/seedmanagement/v1alpha1,
// pkg/apis/resources/v1alpha1).
import { Extension, Garden } from '../../../charts/imports/operator.gardener.cloud.js';
import { Project, Seed, Shoot } from '../../../charts/imports/gardener/core.gardener.cloud.js';
import { Gardenlet, ManagedSeed } from '../../../charts/imports/gardener/seedmanagement.gardener.cloud.js';
import { ManagedResource } from '../../../charts/imports/resources.gardener.cloud.js';
import { ExternalSecret } from '../../../charts/imports/external-secrets.io.js';
import { Certificate } from '../../../charts/imports/cert-manager.io.js';
import type { JsonValue } from './lua-health.js';

export type ArgoVerdict = 'Healthy' | 'Progressing' | 'Degraded';
export type FluxVerdictName = 'Current' | 'InProgress' | 'Failed' | 'Unknown';

export interface HealthCase {
  readonly kind: string;
  readonly apiVersion: string;
  /** What state of the object this is, e.g. "stale generation". */
  readonly state: string;
  readonly object: { readonly [key: string]: JsonValue };
  readonly argo: ArgoVerdict;
  readonly flux: FluxVerdictName;
  /** Text Argo CD's message must contain. */
  readonly message?: string;
}

type Json = { readonly [key: string]: JsonValue };
const time = '2026-12-02T10:00:00Z';

function condition(type: string, status: 'True' | 'False' | 'Unknown' | 'Progressing', reason: string, message = '', codes?: readonly string[]): Json {
  return { type, status, reason, message, lastTransitionTime: time, lastUpdateTime: time, ...(codes ? { codes } : {}) };
}
const healthy = (type: string) => condition(type, 'True', `${type}Healthy`, `${type} is healthy`);

function lastOperation(state: 'Processing' | 'Succeeded' | 'Error' | 'Failed', description: string, type = 'Reconcile'): Json {
  return { type, state, description, progress: state === 'Succeeded' ? 100 : 40, lastUpdateTime: time };
}

type Gvk = { readonly apiVersion: string; readonly kind: string };

/** Builds the cases of one kind; `status: undefined` leaves `status` out of the object. */
function casesOf(gvk: Gvk, namespaced: boolean) {
  const metadata = (generation: number): Json => ({
    name: gvk.kind.toLowerCase(),
    ...(namespaced ? { namespace: 'garden' } : {}),
    uid: '6f0a3c4e-0000-4000-8000-000000000001',
    generation,
    creationTimestamp: time,
  });
  return (state: string, generation: number, status: Json | undefined, argo: ArgoVerdict, flux: FluxVerdictName, message?: string): HealthCase => ({
    kind: gvk.kind,
    apiVersion: gvk.apiVersion,
    state,
    object: { apiVersion: gvk.apiVersion, kind: gvk.kind, metadata: metadata(generation), spec: {}, ...(status ? { status } : {}) },
    argo,
    flux,
    ...(message ? { message } : {}),
  });
}

/** The states every kind with lastOperation and "every condition True" (Garden, Shoot) goes through. */
function operationKindCases(gvk: Gvk, namespaced: boolean, conditionTypes: readonly string[]): HealthCase[] {
  const at = casesOf(gvk, namespaced);
  const allHealthy = conditionTypes.map(healthy);
  const [first, ...rest] = conditionTypes as [string, ...string[]];
  const done = lastOperation('Succeeded', `${gvk.kind} cluster has been successfully reconciled.`);
  return [
    at('healthy', 3, { observedGeneration: 3, lastOperation: done, conditions: allHealthy }, 'Healthy', 'Current', 'Reconcile Succeeded'),
    at(
      'progressing (operation Processing)',
      3,
      {
        observedGeneration: 3,
        lastOperation: lastOperation('Processing', 'Deploying components'),
        conditions: [condition(first, 'Progressing', 'ComponentsRollingUpdate', 'Rolling out'), ...rest.map(healthy)],
      },
      'Progressing',
      'InProgress',
      'Processing: Deploying components',
    ),
    at(
      'error, retried (operation Error)',
      3,
      {
        observedGeneration: 3,
        lastOperation: lastOperation('Error', 'Flow "reconcile" encountered task errors. Operation will be retried.'),
        lastErrors: [{ description: 'timed out', codes: ['ERR_INFRA_RESOURCES_DEPLETED'], lastUpdateTime: time }],
        conditions: allHealthy,
      },
      'Progressing',
      'InProgress',
      'will be retried',
    ),
    at(
      'stale generation (status of generation 2, otherwise healthy)',
      3,
      { observedGeneration: 2, lastOperation: done, conditions: allHealthy },
      'Progressing',
      'InProgress',
      'generation 2',
    ),
    at(
      'failed (operation Failed)',
      3,
      {
        observedGeneration: 3,
        lastOperation: lastOperation('Failed', 'Flow "reconcile" encountered task errors: credentials invalid'),
        lastErrors: [{ description: 'credentials invalid', codes: ['ERR_INFRA_UNAUTHORIZED'], lastUpdateTime: time }],
        conditions: allHealthy,
      },
      'Degraded',
      'Failed',
      'Reconcile Failed',
    ),
    at(
      'failed earlier generation, new generation not observed yet',
      4,
      { observedGeneration: 3, lastOperation: lastOperation('Failed', 'credentials invalid'), conditions: allHealthy },
      'Progressing',
      'InProgress',
    ),
    at(
      'condition False with a non-retryable error code',
      3,
      {
        observedGeneration: 3,
        lastOperation: done,
        conditions: [condition(first, 'False', 'DeploymentUnhealthy', 'webhook blocks', ['ERR_PROBLEMATIC_WEBHOOK']), ...rest.map(healthy)],
      },
      'Degraded',
      'Failed',
      `${first} is False`,
    ),
    at(
      'condition False with a retryable error code',
      3,
      {
        observedGeneration: 3,
        lastOperation: done,
        conditions: [condition(first, 'False', 'DeploymentUnhealthy', 'quota', ['ERR_INFRA_RESOURCES_DEPLETED']), ...rest.map(healthy)],
      },
      'Progressing',
      'InProgress',
      `${first} is False`,
    ),
    at('succeeded, no conditions yet', 3, { observedGeneration: 3, lastOperation: done }, 'Progressing', 'InProgress', 'Waiting for condition'),
    at('status-less (no status field)', 1, undefined, 'Progressing', 'Unknown', 'write a status'),
    at('status-less (empty status)', 1, {}, 'Progressing', 'InProgress', 'observe generation 1'),
  ];
}

/** The states of a kind whose health is a set of required conditions (Gardenlet, ManagedSeed, ManagedResource). */
function conditionKindCases(gvk: Gvk, namespaced: boolean, required: readonly string[]): HealthCase[] {
  const at = casesOf(gvk, namespaced);
  const [first, ...rest] = required as [string, ...string[]];
  const allTrue = required.map(healthy);
  return [
    at('healthy', 2, { observedGeneration: 2, conditions: allTrue }, 'Healthy', 'Current', 'All conditions are True'),
    at(
      'progressing (condition Progressing)',
      2,
      { observedGeneration: 2, conditions: [condition(first, 'Progressing', 'Reconciling', 'in progress'), ...rest.map(healthy)] },
      'Progressing',
      'InProgress',
      `${first} is Progressing`,
    ),
    at(
      'error, retried (condition False without a non-retryable code)',
      2,
      {
        observedGeneration: 2,
        conditions: [condition(first, 'False', 'ReconcileFailed', 'connection refused', ['ERR_RETRYABLE_INFRA_DEPENDENCIES']), ...rest.map(healthy)],
      },
      'Progressing',
      'InProgress',
      'connection refused',
    ),
    at(
      'stale generation (status of generation 1, otherwise healthy)',
      2,
      { observedGeneration: 1, conditions: allTrue },
      'Progressing',
      'InProgress',
      'generation 1',
    ),
    at(
      'failed (condition False with a non-retryable error code)',
      2,
      {
        observedGeneration: 2,
        conditions: [condition(first, 'False', 'ReconcileFailed', 'invalid configuration', ['ERR_CONFIGURATION_PROBLEM']), ...rest.map(healthy)],
      },
      'Degraded',
      'Failed',
      'invalid configuration',
    ),
    at(
      'a required condition not reported yet',
      2,
      { observedGeneration: 2, conditions: required.slice(1).map(healthy) },
      'Progressing',
      'InProgress',
      `Waiting for condition ${first}`,
    ),
    at('status-less (no status field)', 1, undefined, 'Progressing', 'Unknown', 'write a status'),
    at('status-less (empty status)', 1, {}, 'Progressing', 'InProgress', 'observe generation 1'),
  ];
}

function seedCases(): HealthCase[] {
  const at = casesOf(Seed.GVK, false);
  const done = lastOperation('Succeeded', 'Seed cluster has been successfully reconciled.');
  const required = [healthy('GardenletReady'), healthy('SeedSystemComponentsHealthy')];
  const all = [...required, healthy('BackupBucketsReady'), healthy('ExtensionsReady')];
  return [
    ...operationKindCases(Seed.GVK, false, ['GardenletReady', 'SeedSystemComponentsHealthy', 'BackupBucketsReady', 'ExtensionsReady']),
    at(
      'healthy without backup (BackupBucketsReady not reported)',
      3,
      { observedGeneration: 3, lastOperation: done, conditions: required },
      'Healthy',
      'Current',
    ),
    at(
      'backup bucket not ready (optional condition False, no code)',
      3,
      {
        observedGeneration: 3,
        lastOperation: done,
        conditions: [...required, condition('BackupBucketsReady', 'False', 'BackupBucketsError', 'bucket unreachable')],
      },
      'Progressing',
      'InProgress',
      'BackupBucketsReady is False',
    ),
    at(
      'a required condition not reported yet',
      3,
      { observedGeneration: 3, lastOperation: done, conditions: [healthy('GardenletReady')] },
      'Progressing',
      'InProgress',
      'Waiting for condition SeedSystemComponentsHealthy',
    ),
    at(
      'a condition Gardener does not judge a seed by is False',
      3,
      { observedGeneration: 3, lastOperation: done, conditions: [...all, condition('EmergencyStopShootReconciliations', 'False', 'NoEmergency', '')] },
      'Healthy',
      'Current',
    ),
  ];
}

function extensionCases(): HealthCase[] {
  const at = casesOf(Extension.GVK, false);
  const required = condition('RequiredRuntime', 'False', 'ExtensionNotRequired', 'not required in the runtime cluster');
  return [
    at(
      'healthy (Installed True)',
      2,
      { observedGeneration: 2, conditions: [condition('Installed', 'True', 'ReconcileSuccessful', 'Extension has been reconciled successfully'), required] },
      'Healthy',
      'Current',
      'Installed is True',
    ),
    at(
      'healthy before the Garden exists (Installed False, NoGardenFound)',
      2,
      { observedGeneration: 2, conditions: [condition('Installed', 'False', 'NoGardenFound', 'No garden found')] },
      'Healthy',
      'Current',
      'NoGardenFound',
    ),
    at(
      'progressing (Installed not reported yet)',
      2,
      { observedGeneration: 2, conditions: [required] },
      'Progressing',
      'InProgress',
      'Waiting for condition Installed',
    ),
    at(
      'error, retried (Installed False, ReconcileFailed)',
      2,
      { observedGeneration: 2, conditions: [condition('Installed', 'False', 'ReconcileFailed', 'chart pull failed')] },
      'Progressing',
      'InProgress',
      'ReconcileFailed',
    ),
    at(
      'stale generation (status of generation 1, otherwise healthy)',
      2,
      { observedGeneration: 1, conditions: [condition('Installed', 'True', 'ReconcileSuccessful', '')] },
      'Progressing',
      'InProgress',
      'generation 1',
    ),
    at(
      'failed (Installed False with a non-retryable error code)',
      2,
      { observedGeneration: 2, conditions: [condition('Installed', 'False', 'ReconcileFailed', 'values rejected', ['ERR_CONFIGURATION_PROBLEM'])] },
      'Degraded',
      'Failed',
      'values rejected',
    ),
    at('status-less (no status field)', 1, undefined, 'Progressing', 'Unknown', 'write a status'),
    at('status-less (empty status)', 1, {}, 'Progressing', 'InProgress', 'observe generation 1'),
  ];
}

function projectCases(): HealthCase[] {
  const at = casesOf(Project.GVK, false);
  return [
    at('healthy (phase Ready)', 2, { observedGeneration: 2, phase: 'Ready' }, 'Healthy', 'Current', 'Ready'),
    at('progressing (phase Pending)', 2, { observedGeneration: 2, phase: 'Pending' }, 'Progressing', 'InProgress', 'Pending'),
    at('deleting (phase Terminating)', 2, { observedGeneration: 2, phase: 'Terminating' }, 'Progressing', 'InProgress', 'Terminating'),
    at('stale generation (status of generation 1, phase Ready)', 2, { observedGeneration: 1, phase: 'Ready' }, 'Progressing', 'InProgress', 'generation 1'),
    at('failed (phase Failed)', 2, { observedGeneration: 2, phase: 'Failed' }, 'Degraded', 'Failed', 'Failed'),
    at('generation observed, no phase yet', 2, { observedGeneration: 2 }, 'Progressing', 'InProgress', 'Waiting for the project phase'),
    at('status-less (no status field)', 1, undefined, 'Progressing', 'Unknown', 'write a status'),
    at('status-less (empty status, as gardener-apiserver serves a new Project)', 1, {}, 'Progressing', 'InProgress', 'observe generation 1'),
  ];
}

/**
 * ExternalSecret (External Secrets Operator, not Gardener): Ready condition with reason SecretSynced
 * or SecretSyncedError, and status.syncedResourceVersion "<generation>-<hash>" after each successful
 * sync (ESO's getResourceVersion); no observedGeneration.
 */
function externalSecretCases(): HealthCase[] {
  const at = casesOf(ExternalSecret.GVK, true);
  const synced = condition('Ready', 'True', 'SecretSynced', 'secret synced');
  const syncError = condition('Ready', 'False', 'SecretSyncedError', 'could not get secret data from provider');
  return [
    at(
      'healthy (Ready, generation synced)',
      2,
      { refreshTime: time, syncedResourceVersion: '2-9f2c1e0b', conditions: [synced] },
      'Healthy',
      'Current',
      'secret synced',
    ),
    at(
      'progressing (generation synced, no Ready condition yet)',
      2,
      { syncedResourceVersion: '2-9f2c1e0b' },
      'Progressing',
      'InProgress',
      'Waiting for the Ready condition',
    ),
    at(
      'stale generation (Ready from generation 1)',
      2,
      { refreshTime: time, syncedResourceVersion: '1-9f2c1e0b', conditions: [synced] },
      'Progressing',
      'InProgress',
      'sync generation 2',
    ),
    at(
      'stale generation (generation 1 synced, the object is at 12: not a prefix match)',
      12,
      { syncedResourceVersion: '1-9f2c1e0b', conditions: [synced] },
      'Progressing',
      'InProgress',
      'sync generation 12',
    ),
    at(
      'failed (Ready False, SecretSyncedError)',
      2,
      { syncedResourceVersion: '1-9f2c1e0b', conditions: [syncError] },
      'Degraded',
      'Failed',
      'could not get secret data',
    ),
    at('status-less (no status field)', 1, undefined, 'Progressing', 'Unknown', 'write a status'),
    at('status-less (empty status)', 1, {}, 'Progressing', 'InProgress', 'sync generation 1'),
  ];
}

/**
 * Certificate (cert-manager v1.21, not Gardener): conditions Ready and Issuing, each with the
 * generation it was written for (no status.observedGeneration). Reasons and messages are
 * cert-manager's: the readiness controller's Ready True "Ready" and Ready False "DoesNotExist", the
 * trigger controller's Issuing True, the issuing controller's Issuing False after a failed request
 * (with failedIssuanceAttempts and lastFailureTime; retried with backoff, so never Failed).
 */
function certificateCases(): HealthCase[] {
  const at = casesOf(Certificate.GVK, true);
  const cond = (type: string, status: 'True' | 'False', reason: string, message: string, observedGeneration?: number): Json => ({
    type,
    status,
    reason,
    message,
    lastTransitionTime: time,
    ...(observedGeneration !== undefined ? { observedGeneration } : {}),
  });
  const issued = (generation?: number) => cond('Ready', 'True', 'Ready', 'Certificate is up to date and has not expired', generation);
  const validity = { notBefore: time, notAfter: '2027-12-02T10:00:00Z', renewalTime: '2027-11-02T10:00:00Z', revision: 1 };
  const doesNotExist = cond('Ready', 'False', 'DoesNotExist', 'Issuing certificate as Secret does not exist', 2);
  return [
    at('healthy (issued: Ready True for generation 2)', 2, { ...validity, conditions: [issued(2)] }, 'Healthy', 'Current', 'Certificate is up to date'),
    at(
      'healthy while renewing (Ready True for generation 2, Issuing True)',
      2,
      { ...validity, conditions: [issued(2), cond('Issuing', 'True', 'Renewing', 'Renewing certificate as renewal was scheduled at 2027-11-02', 2)] },
      'Healthy',
      'Current',
      'Certificate is up to date',
    ),
    at(
      'stale generation (Ready True for generation 1, the object is at 2)',
      2,
      { ...validity, conditions: [issued(1)] },
      'Progressing',
      'InProgress',
      'generation 1',
    ),
    at('stale generation (Ready True naming no generation)', 2, { ...validity, conditions: [issued()] }, 'Progressing', 'InProgress', 'report generation 2'),
    at(
      'progressing (first issuance: Issuing True, Ready False DoesNotExist)',
      2,
      { conditions: [doesNotExist, cond('Issuing', 'True', 'DoesNotExist', 'Issuing certificate as Secret does not exist', 2)] },
      'Progressing',
      'InProgress',
      'Issuing certificate as Secret does not exist',
    ),
    at('progressing (Ready False, no Issuing condition yet)', 2, { conditions: [doesNotExist] }, 'Progressing', 'InProgress', 'Ready is False (DoesNotExist)'),
    at(
      'failed issuance (Issuing False Failed, Ready False: cert-manager retries with backoff, so in progress)',
      2,
      {
        lastFailureTime: time,
        failedIssuanceAttempts: 3,
        conditions: [
          doesNotExist,
          cond('Issuing', 'False', 'Failed', 'The certificate request has failed to complete and will be retried: issuer metal-ca not ready', 2),
        ],
      },
      'Progressing',
      'InProgress',
      'failed issuance attempts: 3',
    ),
    at('status-less (no status field)', 1, undefined, 'Progressing', 'Unknown', 'write a status'),
    at('status-less (empty status)', 1, {}, 'Progressing', 'InProgress', 'Waiting for the Ready condition'),
  ];
}

export const HEALTH_CASES: readonly HealthCase[] = [
  ...operationKindCases(Garden.GVK, false, [
    'RuntimeComponentsHealthy',
    'VirtualComponentsHealthy',
    'VirtualGardenAPIServerAvailable',
    'ObservabilityComponentsHealthy',
  ]),
  ...extensionCases(),
  ...conditionKindCases(Gardenlet.GVK, true, ['GardenletReconciled']),
  ...conditionKindCases(ManagedSeed.GVK, true, ['ShootReconciled', 'SeedRegistered']),
  ...seedCases(),
  ...projectCases(),
  ...operationKindCases(Shoot.GVK, true, [
    'APIServerAvailable',
    'ControlPlaneHealthy',
    'ObservabilityComponentsHealthy',
    'EveryNodeReady',
    'SystemComponentsHealthy',
  ]),
  ...conditionKindCases(ManagedResource.GVK, true, ['ResourcesApplied', 'ResourcesHealthy']),
  ...externalSecretCases(),
  ...certificateCases(),
];
