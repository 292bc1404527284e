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

/** Marks objects the engine must never prune when they disappear from git. */
export function protectFromDeletion(manifest: Manifest): Manifest {
  if (!PROTECTED_KINDS.has(manifest.kind)) return manifest;
  const annotations = { ...((manifest.metadata.annotations as Record<string, string> | undefined) ?? {}), [FLUX_PRUNE]: 'disabled' };
  return { ...manifest, metadata: { ...manifest.metadata, annotations } };
}
