import type { Manifest } from '../../synth.js';

/**
 * API groups kube-apiserver serves by itself (Kubernetes 1.36, the version the integration tests
 * run): objects of these groups can be dry-run before anything else is applied. Every other group
 * comes with a CRD (cert-manager, Flux, Gardener's operator and resources groups) or an aggregated
 * API server (gardener-apiserver's core, seedmanagement and security groups), which a landscape
 * brings up in an earlier layer.
 */
export const BUILT_IN_API_GROUPS: ReadonlySet<string> = new Set([
  '',
  'admissionregistration.k8s.io',
  'apiextensions.k8s.io',
  'apiregistration.k8s.io',
  'apps',
  'authentication.k8s.io',
  'authorization.k8s.io',
  'autoscaling',
  'batch',
  'certificates.k8s.io',
  'coordination.k8s.io',
  'discovery.k8s.io',
  'events.k8s.io',
  'flowcontrol.apiserver.k8s.io',
  'internal.apiserver.k8s.io',
  'networking.k8s.io',
  'node.k8s.io',
  'policy',
  'rbac.authorization.k8s.io',
  'resource.k8s.io',
  'scheduling.k8s.io',
  'storage.k8s.io',
  'storagemigration.k8s.io',
]);

/** The API group of an apiVersion: `apps/v1` → `apps`, `v1` → `` (core). */
export function apiGroup(apiVersion: string): string {
  const slash = apiVersion.indexOf('/');
  return slash < 0 ? '' : apiVersion.slice(0, slash);
}

interface CrdManifest {
  readonly spec?: { readonly group?: string; readonly names?: { readonly kind?: string } };
}

/** `group/Kind` of each CustomResourceDefinition among `manifests`. */
function definedKinds(manifests: readonly Manifest[]): Set<string> {
  return new Set(
    manifests
      .filter((m) => m.kind === 'CustomResourceDefinition' && apiGroup(m.apiVersion) === 'apiextensions.k8s.io')
      .map((m) => (m as unknown as CrdManifest).spec)
      .map((spec) => `${spec?.group ?? ''}/${spec?.names?.kind ?? ''}`),
  );
}

/**
 * The kinds among `layer` the API server may not serve when the layer's Application first syncs:
 * a kind whose CRD another layer's manifests define (it arrives with that layer), or of an API group
 * kube-apiserver does not serve by itself (a CRD a chart installs, an aggregated API). A kind whose
 * CRD the layer itself defines is not listed: Argo CD applies CRDs first within one sync. Sorted
 * `group/Kind` strings.
 */
export function kindsArrivingLater(layer: readonly Manifest[], otherLayers: readonly Manifest[]): string[] {
  const own = definedKinds(layer);
  const others = definedKinds(otherLayers);
  const kinds = new Set<string>();
  for (const manifest of layer) {
    const key = `${apiGroup(manifest.apiVersion)}/${manifest.kind}`;
    if (own.has(key)) continue;
    if (others.has(key) || !BUILT_IN_API_GROUPS.has(apiGroup(manifest.apiVersion))) kinds.add(key);
  }
  return [...kinds].sort();
}
