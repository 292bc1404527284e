import type { Layer } from '../layer.js';

export const gardenerOperatorLayer: Layer = {
  cluster: 'runtime',
  name: 'gardener-operator',
  description: 'gardener-operator Helm release from its OCI chart; brings the Garden and Extension CRDs',
  dependsOn: ['runtime/prerequisites'],
  render: () => {
    // TODO(layer owner): render the objects of this layer.
  },
};
