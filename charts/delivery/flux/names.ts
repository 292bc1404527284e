import type { ClusterName, LayerId } from '../../clusters/layer.js';

/** Flux Kustomization name of a layer: `<cluster>-<layer>`, e.g. `runtime-garden`, `virtual-garden-soil`. */
export function kustomizationName(id: LayerId): string {
  return id.replace('/', '-');
}

/** Where Flux finds a layer in the Git source: `./<repository path>/<cluster>/<layer>`. */
export function layerPath(repositoryPath: string, id: LayerId): string {
  return `./${repositoryPath}/${id}`;
}

/** Where a layer's Kustomization lives in the runtime cluster, given the namespace per target cluster. */
export type NamespaceByCluster = Readonly<Record<ClusterName, string>>;
