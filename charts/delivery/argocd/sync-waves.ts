import { dependencyIds, layerId, type Layer, type LayerId } from '../../clusters/layer.js';
import { orderByDependencies } from '../../clusters/layer-graph.js';

/** Annotation Argo CD orders the objects of one sync by (lower waves first, each wave healthy before the next). */
export const SYNC_WAVE = 'argocd.argoproj.io/sync-wave';

/**
 * The sync wave of each layer's Application in the root app: the length of the longest dependency
 * path that ends at the layer (a layer without dependencies is wave 0). Along every edge the wave
 * strictly increases, so the root applies a layer's Application only after the Applications of every
 * layer it depends on are healthy (with the Application health check in argocd-cm). Waves are
 * coarser than Flux's dependsOn: two layers in one wave wait for each other's predecessors in the
 * wave before, not only for their own.
 */
export function syncWaves(layers: readonly Pick<Layer, 'cluster' | 'name' | 'dependsOn'>[]): ReadonlyMap<LayerId, number> {
  const waves = new Map<LayerId, number>();
  for (const layer of orderByDependencies(layers, layerId, dependencyIds)) {
    const dependencies = dependencyIds(layer).map((id) => {
      const wave = waves.get(id);
      if (wave === undefined) throw new Error(`syncWaves: layer ${layerId(layer)} depends on ${id}, which is not among the layers`);
      return wave;
    });
    waves.set(layerId(layer), dependencies.length === 0 ? 0 : Math.max(...dependencies) + 1);
  }
  return waves;
}
