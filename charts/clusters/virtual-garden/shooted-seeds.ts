import type { Layer } from '../layer.js';

export const shootedSeedsLayer: Layer = {
  cluster: 'virtual-garden',
  name: 'shooted-seeds',
  description: 'Shoots in project garden that will host the shooted seeds',
  dependsOn: ['virtual-garden/soil'],
  render: () => {
    // TODO(layer owner): render the objects of this layer.
  },
};
