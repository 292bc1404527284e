import { regionOfPartition } from '../../constructs/metal-cloud-profile.js';
import { shootedSeedCredentialsName } from '../../constructs/metal-credentials-binding.js';
import { gardenMetalProjectId, providerTenant } from '../../constructs/metal-tenancy.js';
import { ShootedSeed, type ShootedSeedProps } from '../../constructs/shooted-seed.js';
import { newestSupported } from '../../constructs/version-selection.js';
import type { Landscape } from '../../landscape/schema/landscape.js';
import type { Layer } from '../layer.js';

type ShootedSeedSpec = Landscape['spec']['seeds']['shooted'][number];

/** calico unless its extension is disabled, then cilium; the CNI must be installed as an Extension. */
export function shootNetworkingType(landscape: Landscape): 'calico' | 'cilium' {
  const { extensions } = landscape.spec;
  if (extensions['networking-calico']?.enabled !== false) return 'calico';
  if (extensions['networking-cilium']?.enabled !== false) return 'cilium';
  throw new Error('spec.extensions disables both networking-calico and networking-cilium; shooted seeds need one of them');
}

/** The Shoot of a shooted seed, with the landscape's defaults applied. */
export function shootedSeedProps(landscape: Landscape, seed: ShootedSeedSpec): ShootedSeedProps {
  const { cloudProfile, garden, seeds } = landscape.spec;
  return {
    name: seed.name,
    cloudProfileName: cloudProfile.name,
    region: regionOfPartition(cloudProfile.regions, seed.partition),
    credentialsBindingName: shootedSeedCredentialsName(seed.name),
    kubernetesVersion: seed.kubernetesVersion ?? newestSupported(cloudProfile.kubernetesVersions, 'spec.cloudProfile.kubernetesVersions'),
    networking: { type: shootNetworkingType(landscape), ...seed.networks },
    tenant: providerTenant(landscape),
    metalProjectId: gardenMetalProjectId(landscape),
    partition: seed.partition,
    firewall: {
      size: seed.firewall.size,
      image: seed.firewall.image,
      networks: seed.firewall.networks,
      controllerVersion: seed.firewall.controllerVersion ?? newestSupported(cloudProfile.firewall.controllerVersions, 'spec.cloudProfile.firewall.controllerVersions'),
    },
    workers: seed.workers.map((worker) => ({ ...worker, image: { name: worker.image.os, version: worker.image.version } })),
    maintenance: garden.maintenance,
    seedName: seeds.soil.name,
    highAvailability: seed.highAvailability,
  };
}

export const shootedSeedsLayer: Layer = {
  cluster: 'virtual-garden',
  name: 'shooted-seeds',
  description: 'Shoots in project garden that will host the shooted seeds',
  dependsOn: ['virtual-garden/soil'],
  render: (chart, { landscape }) => {
    for (const seed of landscape.spec.seeds.shooted) {
      new ShootedSeed(chart, `shoot-${seed.name}`, shootedSeedProps(landscape, seed));
    }
  },
};
