import { gardenletImage } from '../../constructs/gardenlet-release.js';
import { ShootedSeedManagedSeed } from '../../constructs/managed-seed.js';
import { regionOfPartition } from '../../constructs/metal-cloud-profile.js';
import { seedSecrets, seedTemplate, shootedSeedSeed } from '../../constructs/seed-config.js';
import { needs, type Layer } from '../layer.js';

export const managedSeedsLayer: Layer = {
  cluster: 'virtual-garden',
  name: 'managed-seeds',
  description: 'ManagedSeeds turning the shooted-seed Shoots into seeds',
  dependsOn: [
    needs(
      'virtual-garden/shooted-seeds',
      'a ManagedSeed turns an existing, reconciled Shoot into a seed (admission rejects a missing Shoot); through it also the metal control plane',
    ),
  ],
  render: (chart, { landscape, components, secrets }) => {
    const image = gardenletImage(components);
    for (const shooted of landscape.spec.seeds.shooted) {
      const seed = shootedSeedSeed(landscape, shooted, regionOfPartition(landscape.spec.cloudProfile.regions, shooted.partition));
      for (const secret of seedSecrets(seed)) secrets.require(secret);
      new ShootedSeedManagedSeed(chart, `managed-seed-${shooted.name}`, { seed: seedTemplate(seed), shootName: shooted.name, image });
    }
  },
};
