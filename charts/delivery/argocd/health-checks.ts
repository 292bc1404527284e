import { readFileSync } from 'node:fs';
import type { GroupVersionKind } from 'cdk8s';
import { Extension, Garden } from '../../imports/operator.gardener.cloud.js';
import { Project, Seed, Shoot } from '../../imports/gardener/core.gardener.cloud.js';
import { Gardenlet, ManagedSeed } from '../../imports/gardener/seedmanagement.gardener.cloud.js';
import { ManagedResource } from '../../imports/resources.gardener.cloud.js';
import { ExternalSecret } from '../../imports/external-secrets.io.js';
import { Certificate } from '../../imports/cert-manager.io.js';

/**
 * Argo CD health checks for Gardener's kinds: Lua scripts for argocd-cm's
 * `resource.customizations.health.<group>_<kind>` keys. Argo CD runs a script with the object as
 * the global `obj` and reads `status` (Healthy, Progressing, Degraded, Suspended, Missing) and
 * `message` from the table it returns. Without a script Argo CD calls an object of these kinds
 * Healthy as soon as it exists, and sync waves would not wait for a Garden or a Shoot.
 *
 * One file per kind under `health/`; `health/common.lua` (the helpers) goes in front of each, since
 * Argo CD runs every script alone. The verdicts are the Flux health expressions'
 * (charts/delivery/flux/health-checks.ts); test/unit/delivery/health-cases.ts runs both on one table.
 */
const SCRIPTS: ReadonlyArray<readonly [GroupVersionKind, string]> = [
  [Garden.GVK, 'garden.lua'],
  [Extension.GVK, 'extension.lua'],
  [Gardenlet.GVK, 'gardenlet.lua'],
  [ManagedSeed.GVK, 'managedseed.lua'],
  [Seed.GVK, 'seed.lua'],
  [Project.GVK, 'project.lua'],
  [Shoot.GVK, 'shoot.lua'],
  [ManagedResource.GVK, 'managedresource.lua'],
  // Not a Gardener kind: delivered in spec.delivery.secrets.mode external-secrets; replaces Argo CD's built-in check (same verdicts, plus the generation check).
  [ExternalSecret.GVK, 'externalsecret.lua'],
  // Not a Gardener kind (runtime/metal-databases). Replaces Argo CD's built-in check, whose verdicts differ from Flux's:
  // it calls Ready False Degraded (cert-manager retries every failed issuance) and ignores the generation.
  [Certificate.GVK, 'certificate.lua'],
];

const readScript = (file: string) => readFileSync(new URL(`./health/${file}`, import.meta.url), 'utf8');

/** argocd-cm's key for a kind: the API group (without version) and the kind, e.g. `resource.customizations.health.operator.gardener.cloud_Garden`. */
export function argoCdHealthKey(apiVersion: string, kind: string): string {
  const slash = apiVersion.indexOf('/');
  if (slash < 0) throw new Error(`argoCdHealthKey: apiVersion "${apiVersion}" of ${kind} has no group; Argo CD's built-in checks cover the core group`);
  return `resource.customizations.health.${apiVersion.slice(0, slash)}_${kind}`;
}

/** The script Argo CD runs for a kind (helpers + the kind's own file), or undefined for kinds without one. */
export function argoCdHealthScript(apiVersion: string, kind: string): string | undefined {
  const entry = SCRIPTS.find(([gvk]) => gvk.apiVersion === apiVersion && gvk.kind === kind);
  return entry ? `${readScript('common.lua')}\n${readScript(entry[1])}` : undefined;
}

/**
 * The argocd-cm `data` entries for the Gardener kinds among `manifests` (default: every kind with a
 * script), keys sorted so the rendering is byte-stable.
 */
export function argoCdHealthCustomizations(manifests?: readonly { apiVersion: string; kind: string }[]): Record<string, string> {
  const wanted = manifests ? new Set(manifests.map((m) => `${m.apiVersion}/${m.kind}`)) : undefined;
  const entries = SCRIPTS.filter(([gvk]) => !wanted || wanted.has(`${gvk.apiVersion}/${gvk.kind}`)).map(
    ([gvk]) => [argoCdHealthKey(gvk.apiVersion, gvk.kind), argoCdHealthScript(gvk.apiVersion, gvk.kind)!] as const,
  );
  return Object.fromEntries(entries.sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
}

/** The kinds that have an Argo CD health check of this project, as `apiVersion/kind`. */
export const ARGOCD_HEALTH_KINDS: readonly string[] = SCRIPTS.map(([gvk]) => `${gvk.apiVersion}/${gvk.kind}`);
