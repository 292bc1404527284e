import type { Layer } from '../layer.js';

export const soilLayer: Layer = {
  cluster: 'virtual-garden',
  name: 'soil',
  description: 'Gardenlet registering the runtime cluster as the protected soil seed',
  dependsOn: ['virtual-garden/garden-project'],
  render: () => {
    // TODO(layer owner): render the objects of this layer.
  },
};
