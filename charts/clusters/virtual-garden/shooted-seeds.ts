import { regionOfPartition } from '../../constructs/metal-cloud-profile.js';
import { shootedSeedCredentialsName } from '../../constructs/metal-credentials-binding.js';
import { gardenMetalProjectId, providerTenant } from '../../constructs/metal-tenancy.js';
import { ShootedSeed, type ShootedSeedProps } from '../../constructs/shooted-seed.js';
import { extensionEnabled, newestSupported, shootedKubernetesVersion, shootedSeedDomain } from '../../landscape/effective.js';
import type { Landscape } from '../../landscape/schema/landscape.js';
import { needs, type Layer } from '../layer.js';

type ShootedSeedSpec = Landscape['spec']['seeds']['shooted'][number];

/** calico unless its extension is disabled, then cilium; the CNI must be installed as an Extension. */
export function shootNetworkingType(landscape: Landscape): 'calico' | 'cilium' {
  if (extensionEnabled(landscape, 'networking-calico')) return 'calico';
  if (extensionEnabled(landscape, 'networking-cilium')) return 'cilium';
  throw new Error('spec.extensions disables both networking-calico and networking-cilium; shooted seeds need one of them');
}

/** A default the validation guarantees; the message names the field in case a landscape bypassed it. */
function required<T>(value: T | undefined, what: string): T {
  if (value === undefined) throw new Error(`${what} has no version classified "supported"; mark one supported or pin the version on the seed`);
  return value;
}

/** The Shoot of a shooted seed, with the landscape's defaults applied (the same ones the validation checks, from landscape/effective.ts). */
export function shootedSeedProps(landscape: Landscape, seed: ShootedSeedSpec): ShootedSeedProps {
  const { cloudProfile, garden, seeds } = landscape.spec;
  return {
    name: seed.name,
    cloudProfileName: cloudProfile.name,
    region: regionOfPartition(cloudProfile.regions, seed.partition),
    credentialsBindingName: shootedSeedCredentialsName(seed.name),
    kubernetesVersion: required(shootedKubernetesVersion(landscape, seed), 'spec.cloudProfile.kubernetesVersions'),
    networking: { type: shootNetworkingType(landscape), pods: seed.networks.pods, services: seed.networks.services },
    tenant: providerTenant(landscape),
    metalProjectId: gardenMetalProjectId(landscape),
    partition: seed.partition,
    dnsDomain: shootedSeedDomain(landscape, seed),
    firewall: {
      size: seed.firewall.size,
      image: seed.firewall.image,
      networks: seed.firewall.networks,
      controllerVersion:
        seed.firewall.controllerVersion ??
        required(newestSupported(cloudProfile.firewall.controllerVersions)?.version, 'spec.cloudProfile.firewall.controllerVersions'),
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
  dependsOn: [
    needs('virtual-garden/garden-project', 'the CloudProfile, the CredentialsBindings and the protected-seed toleration whitelist of Project garden'),
    needs('virtual-garden/soil', 'the Shoots name seed soil in spec.seedName; admission needs that Seed, which the soil gardenlet registers'),
    needs('runtime/metal-control-plane', "provider-metal allocates the Shoots' machines and firewalls through metal-api"),
  ],
  render: (chart, { landscape }) => {
    for (const seed of landscape.spec.seeds.shooted) {
      new ShootedSeed(chart, `shoot-${seed.name}`, shootedSeedProps(landscape, seed));
    }
  },
};
