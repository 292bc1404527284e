import type { Layer } from '../layer.js';

export const projectsLayer: Layer = {
  cluster: 'virtual-garden',
  name: 'projects',
  description: 'Tenant projects',
  dependsOn: ['virtual-garden/managed-seeds'],
  render: () => {
    // TODO(layer owner): render the objects of this layer.
  },
};
