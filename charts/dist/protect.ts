import type { Manifest } from '../synth.js';

/** Kinds whose deletion by a GitOps prune would destroy a landscape (DESIGN §4). */
const PROTECTED_KINDS = new Set([
  'Namespace',
  'CustomResourceDefinition',
  'Garden',
  'Gardenlet',
  'ManagedSeed',
  'Shoot',
  'Project',
  'CloudProfile',
  'PersistentVolumeClaim',
  'StatefulSet',
]);

export const FLUX_PRUNE = 'kustomize.toolkit.fluxcd.io/prune';

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
