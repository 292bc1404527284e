import { gardenletChartRef } from '../../constructs/gardenlet-release.js';
import { seedSecrets, seedTemplate, soilSeed } from '../../constructs/seed-config.js';
import { SoilGardenlet } from '../../constructs/soil-gardenlet.js';
import { needs, type Layer } from '../layer.js';

export const soilLayer: Layer = {
  cluster: 'virtual-garden',
  name: 'soil',
  description: 'Gardenlet registering the runtime cluster as the protected soil seed',
  dependsOn: [
    needs('virtual-garden/garden-project', 'the Gardenlet lives in namespace garden of Project garden, next to the DNS and backup Secrets its seed uses'),
  ],
  render: (chart, { landscape, components, secrets }) => {
    const seed = soilSeed(landscape);
    for (const secret of seedSecrets(seed)) secrets.require(secret);
    new SoilGardenlet(chart, 'gardenlet', { name: seed.name, seed: seedTemplate(seed), chartRef: gardenletChartRef(components) });
  },
};
