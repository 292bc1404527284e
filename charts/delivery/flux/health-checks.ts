import type { GroupVersionKind } from 'cdk8s';
import { Extension, Garden } from '../../imports/operator.gardener.cloud.js';
import { Project, Seed, Shoot } from '../../imports/gardener/core.gardener.cloud.js';
import { Gardenlet, ManagedSeed } from '../../imports/gardener/seedmanagement.gardener.cloud.js';
import { ManagedResource } from '../../imports/resources.gardener.cloud.js';
import { ExternalSecret } from '../../imports/external-secrets.io.js';
import { Certificate } from '../../imports/cert-manager.io.js';
import type { KustomizationSpecHealthCheckExprs } from '../../imports/kustomize.toolkit.fluxcd.io.js';

/**
 * CEL health checks for the Gardener kinds whose status does not follow kstatus (no `Ready`
 * condition), so Flux's `wait: true` alone would call them ready as soon as they exist.
 *
 * Every expression is evaluated by kustomize-controller (fluxcd/pkg/runtime/cel's StatusEvaluator)
 * against the object itself (top-level `metadata`, `status`): a status for another generation is
 * InProgress before any expression runs, then `failed`, then `current`; if neither holds the object
 * is still in progress. `has()` cannot test top-level fields: while `status` is missing (a CRD object
 * no controller has touched yet) the evaluation errors, which the status reader reports as Unknown
 * and Flux waits on like InProgress until the Kustomization's timeout. Every `current` checks the
 * generation (status.observedGeneration, or where a kind has none the generation its status names),
 * so a spec change is not "ready" on the strength of the previous generation's status.
 *
 * The Argo CD health checks (charts/delivery/argocd/health/*.lua) give the same verdicts;
 * test/unit/delivery/health-cases.ts runs both, with the real evaluators, on one table of objects.
 */
const generationObserved = 'has(status.observedGeneration) && status.observedGeneration == metadata.generation';
const hasConditions = 'has(status.conditions) && size(status.conditions) > 0';
const lastOperationIs = (state: string) => `has(status.lastOperation) && status.lastOperation.state == '${state}'`;
const celList = (items: readonly string[]) => `[${items.map((i) => `'${i}'`).join(', ')}]`;

/**
 * Gardener does not retry an operation whose error carries one of these codes without a change of
 * the object (v1beta1helper.HasNonRetryableErrorCode, pkg/api/core/v1beta1/helper/errors.go, v1.138.3).
 */
export const NON_RETRYABLE_ERROR_CODES: readonly string[] = [
  'ERR_INFRA_UNAUTHENTICATED',
  'ERR_INFRA_UNAUTHORIZED',
  'ERR_INFRA_DEPENDENCIES',
  'ERR_INFRA_QUOTA_EXCEEDED',
  'ERR_INFRA_RATE_LIMITS_EXCEEDED',
  'ERR_CONFIGURATION_PROBLEM',
  'ERR_PROBLEMATIC_WEBHOOK',
];

/** True when a condition of `type` exists and is True (an absent condition is not success: `all` on an empty list is true). */
function conditionTrue(type: string): string {
  return `status.conditions.exists(c, c.type == '${type}' && c.status == 'True')`;
}

/** A condition (of `types`, or of any type) is False with a non-retryable error code. */
function conditionFailed(types?: readonly string[]): string {
  const ofType = types ? `c.type in ${celList(types)} && ` : '';
  return `has(status.conditions) && status.conditions.exists(c, ${ofType}c.status == 'False' && has(c.codes) && c.codes.exists(code, code in ${celList(NON_RETRYABLE_ERROR_CODES)}))`;
}

/** What healthy means for a Gardener kind with conditions (the Lua twin is `gardenerHealth` in argocd/health/common.lua). */
interface GardenerHealthSpec {
  /** The kind reports status.lastOperation: Succeeded is required, Failed is terminal in Gardener; Processing and Error (retried) are in progress. */
  readonly lastOperation?: boolean;
  /** Condition types that must be True. Default: every condition, and at least one. */
  readonly required?: readonly string[];
  /** Condition types that must be True when they are reported. */
  readonly optional?: readonly string[];
}

function check(gvk: GroupVersionKind, expressions: Omit<KustomizationSpecHealthCheckExprs, 'apiVersion' | 'kind'>): KustomizationSpecHealthCheckExprs {
  return { apiVersion: gvk.apiVersion, kind: gvk.kind, ...expressions };
}

/** Healthy: generation observed, operation Succeeded, conditions True; failed: operation Failed or a condition False with a non-retryable code. */
function gardenerHealth(gvk: GroupVersionKind, spec: GardenerHealthSpec): KustomizationSpecHealthCheckExprs {
  const watched = spec.required ? [...spec.required, ...(spec.optional ?? [])] : undefined;
  const failed = [...(spec.lastOperation ? [lastOperationIs('Failed')] : []), conditionFailed(watched)];
  const current = [generationObserved, ...(spec.lastOperation ? [lastOperationIs('Succeeded')] : []), hasConditions];
  if (spec.required) {
    current.push(...spec.required.map(conditionTrue));
  } else {
    current.push("status.conditions.all(c, c.status == 'True')");
  }
  if (spec.optional) current.push(`status.conditions.all(c, !(c.type in ${celList(spec.optional)}) || c.status == 'True')`);
  return check(gvk, { current: current.join(' && '), failed: `${generationObserved} && (${failed.join(' || ')})` });
}

/** Health checks keyed by `apiVersion/kind`. Condition types are Gardener's own constants (see comments). */
export const HEALTH_CHECKS: ReadonlyMap<string, KustomizationSpecHealthCheckExprs> = new Map(
  [
    // Gardener's own e2e readiness for a Garden: generation observed, every condition True,
    // lastOperation Succeeded (RuntimeComponentsHealthy, VirtualComponentsHealthy,
    // VirtualGardenAPIServerAvailable, ObservabilityComponentsHealthy). `Failed` is terminal in
    // Gardener (no retry without a spec change); `Error` is retried, so it stays "in progress".
    gardenerHealth(Garden.GVK, { lastOperation: true }),
    // operator.gardener.cloud Extension has one condition of its own, `Installed`. Before a Garden
    // exists the operator reports Installed=False with reason NoGardenFound — the expected state
    // in DESIGN §1 order, where Extensions are delivered before the Garden that needs them.
    // (RequiredRuntime/RequiredVirtual say whether it is needed, not whether it is healthy.)
    check(Extension.GVK, {
      current: `${generationObserved} && has(status.conditions) && status.conditions.exists(c, c.type == 'Installed' && (c.status == 'True' || c.reason == 'NoGardenFound'))`,
      failed: `${generationObserved} && ${conditionFailed(['Installed'])}`,
    }),
    // seedmanagement Gardenlet: condition GardenletReconciled (the soil's gardenlet is deployed).
    gardenerHealth(Gardenlet.GVK, { required: ['GardenletReconciled'] }),
    // Shoot: the operation finished and every health condition (APIServerAvailable,
    // ControlPlaneHealthy, ObservabilityComponentsHealthy, EveryNodeReady, SystemComponentsHealthy) is
    // True; the constraints (HibernationPossible, ...) are in status.constraints, not health.
    gardenerHealth(Shoot.GVK, { lastOperation: true }),
    // ManagedResource (the GitOps identity's RBAC in the virtual garden): Gardener's own
    // health.CheckManagedResource, i.e. gardener-resource-manager applied the current generation
    // (ResourcesApplied) and the objects are healthy (ResourcesHealthy). Without it the virtual-garden
    // layers could run before the RBAC for new objects is in place and fail with 403 until a retry.
    gardenerHealth(ManagedResource.GVK, { required: ['ResourcesApplied', 'ResourcesHealthy'] }),
    // ManagedSeed: Gardener's own health.CheckManagedSeed requires ShootReconciled and SeedRegistered.
    gardenerHealth(ManagedSeed.GVK, { required: ['ShootReconciled', 'SeedRegistered'] }),
    // Seed (registered by a gardenlet, not delivered by dist/ today): Gardener's health.CheckSeed
    // requires GardenletReady and SeedSystemComponentsHealthy; BackupBucketsReady and ExtensionsReady
    // count when reported; the seed controller reports its reconciliation in status.lastOperation.
    gardenerHealth(Seed.GVK, {
      lastOperation: true,
      required: ['GardenletReady', 'SeedSystemComponentsHealthy'],
      optional: ['BackupBucketsReady', 'ExtensionsReady'],
    }),
    // Project: gardener-controller-manager writes status.phase Pending, Ready, Failed or Terminating.
    // kstatus alone calls a Project Current as soon as its generation is observed, whatever the phase.
    check(Project.GVK, {
      current: `${generationObserved} && has(status.phase) && status.phase == 'Ready'`,
      failed: `${generationObserved} && has(status.phase) && status.phase == 'Failed'`,
    }),
    // ExternalSecret (spec.delivery.secrets.mode external-secrets; not a Gardener kind): ESO writes a
    // Ready condition. Flux's kstatus (fluxcd/cli-utils v1.2.1, checkReadyCondition) reads Ready only
    // as a last resort: Ready False is InProgress until the timeout, and Ready True written for the
    // previous spec, or no status yet, is Current. Its status has no
    // observedGeneration; after each successful sync ESO writes status.syncedResourceVersion
    // "<metadata.generation>-<hash of labels and annotations>" (getResourceVersion in ESO's
    // externalsecret controller), which tells whether the current spec was synced. Ready False
    // (SecretSyncedError: key missing, store refuses access) is failed, as Argo CD's built-in check
    // says; ESO keeps retrying, and Flux's next attempt reads the new status. A Ready False written
    // for the previous spec also counts: the status does not say which generation failed.
    check(ExternalSecret.GVK, {
      current: `has(status.syncedResourceVersion) && status.syncedResourceVersion.startsWith(string(metadata.generation) + '-') && ${hasConditions} && ${conditionTrue('Ready')}`,
      failed: `has(status.conditions) && status.conditions.exists(c, c.type == 'Ready' && c.status == 'False')`,
    }),
    // cert-manager Certificate (runtime/metal-databases: the metal control plane's CA and TLS
    // certificates; not a Gardener kind): cert-manager writes conditions Ready and Issuing. Flux's
    // kstatus alone (fluxcd/cli-utils v1.2.1) waits on Ready False but calls a Certificate without a
    // status (cert-manager has not seen it yet) or with Ready True for its previous spec Current, so the
    // layers after it could start before its Secret exists or matches. The status has no observedGeneration of its
    // own; each condition carries the generation it was written for (SetCertificateCondition in
    // pkg/api/util/conditions.go, cert-manager v1.21). Current: Ready True for the current generation
    // (the readiness controller writes Ready True, reason Ready, only when the Secret holds a key pair
    // that matches the spec and has not expired) — also while Issuing is True for a renewal, since the
    // Secret stays valid meanwhile. No `failed`: cert-manager treats no issuance failure as terminal
    // (issuing_controller's failIssueCertificate: "will be retried", with exponential backoff from
    // status.lastFailureTime, and at once on a spec change), so Ready False and Issuing False stay in
    // progress and Flux reports the Kustomization's timeout. This differs from Argo CD's built-in check,
    // which calls Ready False Degraded and ignores the generation; charts/delivery/argocd/health/
    // certificate.lua replaces it with these verdicts.
    check(Certificate.GVK, {
      current: `${hasConditions} && status.conditions.exists(c, c.type == 'Ready' && c.status == 'True' && has(c.observedGeneration) && c.observedGeneration == metadata.generation)`,
    }),
  ].map((c) => [`${c.apiVersion}/${c.kind}`, c] as const),
);

/** The health checks that apply to a set of manifests, in a stable order. */
export function healthChecksFor(manifests: readonly { apiVersion: string; kind: string }[]): KustomizationSpecHealthCheckExprs[] {
  const keys = new Set(manifests.map((m) => `${m.apiVersion}/${m.kind}`));
  return [...HEALTH_CHECKS.entries()].filter(([key]) => keys.has(key)).map(([, c]) => c);
}

/**
 * How long one apply + health check may take before Flux marks the Kustomization failed and retries.
 * A Garden or Shoot takes tens of minutes to become ready; most layers are Helm releases and plain objects.
 */
const TIMEOUT_BY_KIND: ReadonlyMap<string, number> = new Map([
  ['Garden', 45],
  ['Shoot', 45],
  ['ManagedSeed', 30],
  ['Gardenlet', 20],
  ['HelmRelease', 15],
]);
const DEFAULT_TIMEOUT_MINUTES = 10;

export function timeoutFor(manifests: readonly { kind: string }[]): string {
  const minutes = Math.max(DEFAULT_TIMEOUT_MINUTES, ...manifests.map((m) => TIMEOUT_BY_KIND.get(m.kind) ?? 0));
  return `${minutes}m`;
}
