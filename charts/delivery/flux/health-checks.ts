import type { GroupVersionKind } from 'cdk8s';
import { Extension, Garden } from '../../imports/operator.gardener.cloud.js';
import { Shoot } from '../../imports/gardener/core.gardener.cloud.js';
import { Gardenlet, ManagedSeed } from '../../imports/gardener/seedmanagement.gardener.cloud.js';
import { ManagedResource } from '../../imports/resources.gardener.cloud.js';
import type { KustomizationSpecHealthCheckExprs } from '../../imports/kustomize.toolkit.fluxcd.io.js';

/**
 * CEL health checks for the Gardener kinds whose status does not follow kstatus (no `Ready`
 * condition), so Flux's `wait: true` alone would call them ready as soon as they exist.
 *
 * Every expression is evaluated by kustomize-controller against the object itself (top-level
 * `metadata`, `status`). `has()` cannot test top-level fields: while `status` is missing the
 * evaluation errors, which Flux treats as "in progress" until the Kustomization's timeout.
 * Every `current` starts with the generation check, so a spec change is not "ready" on the strength
 * of the previous generation's status.
 */
const generationObserved = 'has(status.observedGeneration) && status.observedGeneration == metadata.generation';

/** True when a condition of `type` exists and is True (an absent condition is not success: `all` on an empty list is true). */
function conditionTrue(type: string): string {
  return `status.conditions.exists(c, c.type == '${type}' && c.status == 'True')`;
}

const hasConditions = 'has(status.conditions) && size(status.conditions) > 0';
const lastOperationIs = (state: string) => `has(status.lastOperation) && status.lastOperation.state == '${state}'`;

function check(gvk: GroupVersionKind, expressions: Omit<KustomizationSpecHealthCheckExprs, 'apiVersion' | 'kind'>): KustomizationSpecHealthCheckExprs {
  return { apiVersion: gvk.apiVersion, kind: gvk.kind, ...expressions };
}

/** Health checks keyed by `apiVersion/kind`. Condition types are Gardener's own constants (see comments). */
export const HEALTH_CHECKS: ReadonlyMap<string, KustomizationSpecHealthCheckExprs> = new Map(
  [
    // Gardener's own e2e readiness for a Garden: generation observed, every condition True,
    // lastOperation Succeeded (RuntimeComponentsHealthy, VirtualComponentsHealthy,
    // VirtualGardenAPIServerAvailable, ObservabilityComponentsHealthy). `Failed` is terminal in
    // Gardener (no retry without a spec change); `Error` is retried, so it stays "in progress".
    check(Garden.GVK, {
      current: `${generationObserved} && ${lastOperationIs('Succeeded')} && ${hasConditions} && status.conditions.all(c, c.status == 'True')`,
      failed: `${generationObserved} && ${lastOperationIs('Failed')}`,
    }),
    // operator.gardener.cloud Extension has one condition of its own, `Installed`. Before a Garden
    // exists the operator reports Installed=False with reason NoGardenFound — the expected state
    // in DESIGN §1 order, where Extensions are delivered before the Garden that needs them.
    check(Extension.GVK, {
      current: `${generationObserved} && status.conditions.exists(c, c.type == 'Installed' && (c.status == 'True' || c.reason == 'NoGardenFound'))`,
    }),
    // seedmanagement Gardenlet: condition GardenletReconciled (the soil's gardenlet is deployed).
    check(Gardenlet.GVK, {
      current: `${generationObserved} && ${conditionTrue('GardenletReconciled')}`,
    }),
    // Shoot: the operation finished and every health condition (APIServerAvailable,
    // ControlPlaneHealthy, ObservabilityComponentsHealthy, EveryNodeReady, SystemComponentsHealthy) is True.
    check(Shoot.GVK, {
      current: `${generationObserved} && ${lastOperationIs('Succeeded')} && ${hasConditions} && status.conditions.all(c, c.status == 'True')`,
      failed: `${generationObserved} && ${lastOperationIs('Failed')}`,
    }),
    // ManagedResource (the GitOps identity's RBAC in the virtual garden): Gardener's own
    // health.CheckManagedResource, i.e. gardener-resource-manager applied the current generation
    // (ResourcesApplied) and the objects are healthy (ResourcesHealthy). Without it the virtual-garden
    // layers could run before the RBAC for new objects is in place and fail with 403 until a retry.
    check(ManagedResource.GVK, {
      current: `${generationObserved} && ${conditionTrue('ResourcesApplied')} && ${conditionTrue('ResourcesHealthy')}`,
    }),
    // ManagedSeed: Gardener's own health.CheckManagedSeed requires ShootReconciled and SeedRegistered.
    check(ManagedSeed.GVK, {
      current: `${generationObserved} && ${conditionTrue('ShootReconciled')} && ${conditionTrue('SeedRegistered')}`,
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
