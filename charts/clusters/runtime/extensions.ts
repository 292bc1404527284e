import type { Layer } from '../layer.js';

export const extensionsLayer: Layer = {
  cluster: 'runtime',
  name: 'extensions',
  description: 'Gardener Extension resources (provider-metal, os-metal, networking, shoot services)',
  dependsOn: ['runtime/gardener-operator'],
  render: () => {
    // TODO(layer owner): render the objects of this layer.
  },
};
