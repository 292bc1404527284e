import { backupProviderType, credentialKeys } from '../../constructs/gardener-extension-catalog.js';
import { GardenerGarden } from '../../constructs/garden.js';
import { needs, type Layer } from '../layer.js';
import { GARDEN_NAMESPACE } from './gardener-operator.js';

export const gardenLayer: Layer = {
  cluster: 'runtime',
  name: 'garden',
  description: 'The Garden: virtual garden and Gardener control plane, with DNS and backup secret references',
  // Not the metal control plane: the Garden (virtual garden, Gardener control plane) needs nothing
  // from metal-api, and metal-roles installs the two independently. Only the shooted seeds do.
  dependsOn: [
    needs(
      'runtime/extensions',
      "gardener-operator sets up the Garden's DNS records and etcd backup through the provider Extensions and registers every Extension in the virtual garden",
    ),
  ],
  render: (chart, { landscape, secrets }) => {
    const { runtime, garden } = landscape.spec;
    const backup = garden.virtualCluster.etcd.backup;
    const dnsSecret = secrets.require({
      cluster: 'runtime',
      namespace: GARDEN_NAMESPACE,
      name: runtime.dns.secretRef,
      keys: credentialKeys(runtime.dns.type),
      purpose: `credentials of the ${runtime.dns.type} DNS provider for the Garden's DNS records (Garden spec.dns.providers[].secretRef)`,
    });
    const backupSecret = secrets.require({
      cluster: 'runtime',
      namespace: GARDEN_NAMESPACE,
      name: backup.secretRef,
      keys: credentialKeys(backupProviderType(backup.provider)),
      purpose: `object-store credentials for the virtual garden etcd backup in ${backup.provider} bucket ${backup.bucketName} (Garden spec.virtualCluster.etcd.main.backup.secretRef)`,
    });
    new GardenerGarden(chart, 'garden', {
      name: landscape.metadata.name,
      dns: { type: runtime.dns.type, secretName: dnsSecret },
      runtime: { region: runtime.provider.region, networks: runtime.networks, ingressDomain: runtime.ingress.domain },
      virtualCluster: {
        domain: garden.virtualCluster.domain,
        kubernetesVersion: garden.virtualCluster.kubernetesVersion,
        highAvailability: garden.virtualCluster.highAvailability,
        maintenance: garden.maintenance.timeWindow,
        backup: { provider: backupProviderType(backup.provider), bucketName: backup.bucketName, region: backup.region, secretName: backupSecret },
      },
    });
  },
};
