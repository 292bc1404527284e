import { GardenerExtension } from '../../constructs/gardener-extension.js';
import { extensionDeployments } from '../../constructs/gardener-extension-catalog.js';
import { needs, type Layer } from '../layer.js';

export const extensionsLayer: Layer = {
  cluster: 'runtime',
  name: 'extensions',
  description: 'Gardener Extension resources (provider-metal, os-metal, networking, shoot services)',
  dependsOn: [needs('runtime/gardener-operator', 'the Extension CRD comes with the gardener-operator chart')],
  render: (chart, { landscape, components }) => {
    for (const props of extensionDeployments(landscape, components)) {
      new GardenerExtension(chart, props.name, props);
    }
  },
};
