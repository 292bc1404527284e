import type { Layer } from '../layer.js';

export const managedSeedsLayer: Layer = {
  cluster: 'virtual-garden',
  name: 'managed-seeds',
  description: 'ManagedSeeds turning the shooted-seed Shoots into seeds',
  dependsOn: ['virtual-garden/shooted-seeds'],
  render: () => {
    // TODO(layer owner): render the objects of this layer.
  },
};
