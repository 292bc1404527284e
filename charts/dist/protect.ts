import type { Manifest } from '../synth.js';

/**
 * Kinds whose deletion by a GitOps prune would destroy a landscape or its data (DESIGN §4): when one
 * leaves dist/, it stays in the cluster until a person deletes it (synth warns and names how).
 */
const PROTECTED_KINDS = new Set([
  // Deleting a Namespace or CRD deletes everything in it or of it.
  'Namespace',
  'CustomResourceDefinition',
  // Gardener: deleting these tears down the virtual garden, seeds, shoots and their machines.
  'Garden',
  'Extension',
  'Gardenlet',
  'ManagedSeed',
  'Shoot',
  'Project',
  'CloudProfile',
  'CredentialsBinding',
  'SecretBinding',
  // A deleted HelmRelease is uninstalled: gardener-operator, cert-manager, ingress-nginx, the metal control plane.
  'HelmRelease',
  // The metal databases with their volumes, Services (clients' addresses) and configuration (backup targets).
  'StatefulSet',
  'PersistentVolumeClaim',
  'Service',
  'ConfigMap',
  // The metal PKI: a new CA would invalidate every certificate the partitions and clients trust.
  'Issuer',
  'ClusterIssuer',
  'Certificate',
  // The virtual-garden access: its token Secret and the RBAC the engine reaches the virtual garden with.
  'ManagedResource',
  'Secret',
]);

export const FLUX_PRUNE = 'kustomize.toolkit.fluxcd.io/prune';

/** The protected kinds, sorted, for documentation. */
export function protectedKinds(): string[] {
  return [...PROTECTED_KINDS].sort();
}

/** Whether dist/ marks the object so the engine never prunes it. */
export function isPruneProtected(manifest: Pick<Manifest, 'kind'>): boolean {
  return PROTECTED_KINDS.has(manifest.kind);
}

/** Marks objects the engine must never prune when they disappear from git. */
export function protectFromDeletion(manifest: Manifest): Manifest {
  if (!isPruneProtected(manifest)) return manifest;
  const annotations = { ...((manifest.metadata.annotations as Record<string, string> | undefined) ?? {}), [FLUX_PRUNE]: 'disabled' };
  return { ...manifest, metadata: { ...manifest.metadata, annotations } };
}
