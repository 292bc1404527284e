import type { Layer } from '../layer.js';

export const prerequisitesLayer: Layer = {
  cluster: 'runtime',
  name: 'prerequisites',
  description: 'Namespaces, cert-manager and ingress-nginx (TCP 4150/5222/50051, ssl-passthrough)',
  dependsOn: [],
  render: () => {
    // TODO(layer owner): render the objects of this layer.
  },
};
