import { layerId, type Layer, type LayerId } from './layer.js';

/** Fails on unknown dependencies, duplicate ids and cycles: the engines would deadlock on them. */
export function checkLayerGraph(layers: readonly Layer[]): void {
  const ids = new Map<LayerId, Layer>();
  for (const layer of layers) {
    const id = layerId(layer);
    if (ids.has(id)) throw new Error(`layer ${id} is defined twice`);
    ids.set(id, layer);
  }
  for (const [id, layer] of ids) {
    for (const dependency of layer.dependsOn) {
      if (!ids.has(dependency)) throw new Error(`layer ${id} depends on ${dependency}, which is not a layer; known: ${[...ids.keys()].join(', ')}`);
    }
  }
  topologicalOrder(layers);
}

/** Layers ordered so every layer comes after its dependencies (stable: ties keep definition order). */
export function topologicalOrder(layers: readonly Layer[]): Layer[] {
  const ordered: Layer[] = [];
  const state = new Map<LayerId, 'visiting' | 'done'>();
  const byId = new Map(layers.map((layer) => [layerId(layer), layer] as const));
  const visit = (layer: Layer, path: LayerId[]) => {
    const id = layerId(layer);
    if (state.get(id) === 'done') return;
    if (state.get(id) === 'visiting') throw new Error(`layer dependency cycle: ${[...path, id].join(' -> ')}`);
    state.set(id, 'visiting');
    for (const dependency of layer.dependsOn) {
      const next = byId.get(dependency);
      if (next) visit(next, [...path, id]);
    }
    state.set(id, 'done');
    ordered.push(layer);
  };
  for (const layer of layers) visit(layer, []);
  return ordered;
}
