import { describe, expect, it } from 'vitest';
import { checkLayerGraph, topologicalOrder } from '../../../charts/clusters/layer-graph.js';
import { layers } from '../../../charts/clusters/index.js';
import { layerId, needs, type Layer, type LayerId } from '../../../charts/clusters/layer.js';

const layer = (id: LayerId, ...dependsOn: LayerId[]): Layer => {
  const [cluster, name] = id.split('/') as [Layer['cluster'], string];
  return { cluster, name, description: id, dependsOn: dependsOn.map((d) => needs(d, `test edge to ${d}`)), render: () => undefined };
};

describe('the layer graph', () => {
  it('of the real layers is acyclic, names only existing layers and orders every layer after what it needs', () => {
    expect(() => checkLayerGraph(layers)).not.toThrow();
    const order = topologicalOrder(layers).map(layerId);
    for (const l of layers)
      for (const d of l.dependsOn) expect(order.indexOf(d.layer), `${layerId(l)} after ${d.layer}`).toBeLessThan(order.indexOf(layerId(l)));
  });

  it('rejects a cycle, naming its path', () => {
    const graph = [layer('runtime/a', 'runtime/c'), layer('runtime/b', 'runtime/a'), layer('runtime/c', 'runtime/b')];
    expect(() => checkLayerGraph(graph)).toThrow('layer dependency cycle: runtime/a -> runtime/c -> runtime/b -> runtime/a');
  });

  it('rejects a dependency on a layer that does not exist', () => {
    expect(() => checkLayerGraph([layer('runtime/a', 'runtime/missing')])).toThrow(
      'layer runtime/a depends on runtime/missing, which is not a layer; known: runtime/a',
    );
  });
});
