import type { ApplicationSpecIgnoreDifferences } from '../../imports/argoproj.io.js';
import type { Manifest } from '../../synth.js';
import { apiGroup } from './crd-arrival.js';

/**
 * Flux's create-only marker (`kustomize.toolkit.fluxcd.io/ssa: IfNotPresent`): the object is created
 * once and never re-applied, because a controller owns its content afterwards (the token-requestor
 * kubeconfig Secret of runtime/virtual-garden-access, whose token and CA Gardener writes).
 */
export const FLUX_SSA = 'kustomize.toolkit.fluxcd.io/ssa';

/**
 * Fields of dist/'s objects that Gardener rewrites after they are applied, per kind. Only fields
 * dist/ itself sets belong here: with server-side diff (ServerSideDiff=true) Argo CD compares what
 * its apply would change, so fields other managers add (status, defaults, annotations such as
 * `gardener.cloud/operation`, which dist/ never sets: charts/dist/secret-guard.ts) never show as a
 * difference. With RespectIgnoreDifferences=true a sync keeps the live value of these fields instead
 * of resetting them.
 *
 * - Shoot `spec.kubernetes.version` and each worker's `machine.image.version`: gardener-controller-manager's
 *   shoot maintenance raises them in the maintenance window when `spec.maintenance.autoUpdate` opts
 *   in (dist/ sets both to true by default) and force-updates expired versions even without it
 *   (Gardener docs/usage/shoot/shoot_maintenance.md, "Automatic Version Updates";
 *   docs/usage/shoot-operations/shoot_versions.md). Re-applying dist/'s older version would be a
 *   downgrade, which gardener-apiserver refuses, so the sync would fail, not only show OutOfSync.
 */
const REWRITTEN_FIELDS: ReadonlyArray<{ readonly group: string; readonly kind: string; readonly jqPathExpressions: readonly string[] }> = [
  { group: 'core.gardener.cloud', kind: 'Shoot', jqPathExpressions: ['.spec.kubernetes.version', '.spec.provider.workers[]?.machine.image.version'] },
];

/** Top-level fields of an object that hold its content (everything but type and object metadata). */
function contentFields(manifest: Manifest): string[] {
  const fields = Object.keys(manifest).filter((key) => key !== 'apiVersion' && key !== 'kind' && key !== 'metadata');
  // Argo CD diffs a Secret's stringData as data (gitops-engine NormalizeSecret), and the server stores it there.
  if (manifest.kind === 'Secret' && apiGroup(manifest.apiVersion) === '' && fields.includes('stringData') && !fields.includes('data')) fields.push('data');
  return fields.sort();
}

/**
 * The `spec.ignoreDifferences` of a layer's Application: the Gardener-rewritten fields of the kinds
 * the layer holds, and the whole content of each create-only object. Deterministic order: the kind
 * rules first (in REWRITTEN_FIELDS order), then objects by kind, namespace and name.
 */
export function ignoreDifferencesFor(manifests: readonly Manifest[]): ApplicationSpecIgnoreDifferences[] {
  const kinds = new Set(manifests.map((m) => `${apiGroup(m.apiVersion)}/${m.kind}`));
  const rules: ApplicationSpecIgnoreDifferences[] = REWRITTEN_FIELDS.filter((r) => kinds.has(`${r.group}/${r.kind}`)).map((r) => ({
    group: r.group,
    kind: r.kind,
    jqPathExpressions: [...r.jqPathExpressions],
  }));
  const createOnly = manifests
    .filter((m) => (m.metadata.annotations as Record<string, string> | undefined)?.[FLUX_SSA] === 'IfNotPresent')
    .map((m) => ({ manifest: m, sortKey: `${m.kind}/${m.metadata.namespace ?? ''}/${m.metadata.name}` }))
    .sort((a, b) => (a.sortKey < b.sortKey ? -1 : a.sortKey > b.sortKey ? 1 : 0));
  for (const { manifest } of createOnly) {
    rules.push({
      group: apiGroup(manifest.apiVersion),
      kind: manifest.kind,
      name: manifest.metadata.name,
      ...(manifest.metadata.namespace ? { namespace: manifest.metadata.namespace } : {}),
      jsonPointers: contentFields(manifest).map((field) => `/${field}`),
    });
  }
  return rules;
}

/** The kinds whose fields Gardener rewrites, for tests and the README. */
export const GARDENER_REWRITTEN_FIELDS = REWRITTEN_FIELDS;
