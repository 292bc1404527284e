import type { Layer } from '../layer.js';

export const gardenProjectLayer: Layer = {
  cluster: 'virtual-garden',
  name: 'garden-project',
  description: 'Project garden, the metal CloudProfile, provider credentials bindings',
  dependsOn: ['runtime/virtual-garden-access'],
  render: () => {
    // TODO(layer owner): render the objects of this layer.
  },
};
