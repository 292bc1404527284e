import type { Layer } from '../layer.js';

export const gardenLayer: Layer = {
  cluster: 'runtime',
  name: 'garden',
  description: 'The Garden: virtual garden and Gardener control plane, with DNS and backup secret references',
  dependsOn: ['runtime/extensions', 'runtime/metal-control-plane'],
  render: () => {
    // TODO(layer owner): render the objects of this layer.
  },
};
