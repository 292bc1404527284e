import { dependencyIds, layerId, type Layer, type LayerId } from './layer.js';

/** Fails on unknown dependencies, duplicate ids and cycles: the engines would deadlock on them. */
export function checkLayerGraph(layers: readonly Layer[]): void {
  const ids = new Map<LayerId, Layer>();
  for (const layer of layers) {
    const id = layerId(layer);
    if (ids.has(id)) throw new Error(`layer ${id} is defined twice`);
    ids.set(id, layer);
  }
  for (const [id, layer] of ids) {
    for (const dependency of dependencyIds(layer)) {
      if (!ids.has(dependency)) throw new Error(`layer ${id} depends on ${dependency}, which is not a layer; known: ${[...ids.keys()].join(', ')}`);
    }
  }
  topologicalOrder(layers);
}

/** Layers ordered so every layer comes after its dependencies (stable: ties keep definition order). */
export function topologicalOrder(layers: readonly Layer[]): Layer[] {
  return orderByDependencies(layers, layerId, dependencyIds);
}

/**
 * Items ordered so every item comes after the items it depends on (stable: ties keep input order);
 * dependencies that name no item are ignored, a cycle throws with its path.
 */
export function orderByDependencies<T, Id extends string>(items: readonly T[], idOf: (item: T) => Id, dependsOn: (item: T) => readonly Id[]): T[] {
  const ordered: T[] = [];
  const state = new Map<Id, 'visiting' | 'done'>();
  const byId = new Map(items.map((item) => [idOf(item), item] as const));
  const visit = (item: T, path: Id[]) => {
    const id = idOf(item);
    if (state.get(id) === 'done') return;
    if (state.get(id) === 'visiting') throw new Error(`layer dependency cycle: ${[...path, id].join(' -> ')}`);
    state.set(id, 'visiting');
    for (const dependency of dependsOn(item)) {
      const next = byId.get(dependency);
      if (next) visit(next, [...path, id]);
    }
    state.set(id, 'done');
    ordered.push(item);
  };
  for (const item of items) visit(item, []);
  return ordered;
}
