import type { Layer } from '../layer.js';

export const metalControlPlaneLayer: Layer = {
  cluster: 'runtime',
  name: 'metal-control-plane',
  description: 'The metal-control-plane Helm release with the masterdata (partitions, images, sizes, networks)',
  dependsOn: ['runtime/metal-databases'],
  render: () => {
    // TODO(layer owner): render the objects of this layer.
  },
};
