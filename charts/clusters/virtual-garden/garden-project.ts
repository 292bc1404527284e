import { KubeNamespace } from '../../imports/k8s.js';
import { SEED_TAINT_PROTECTED } from '../../imports/gardener/common.js';
import type { Landscape } from '../../landscape/schema/landscape.js';
import { machineImagesOffered } from '../../landscape/effective.js';
import { dnsCredentialKeys, METAL_API_CREDENTIAL_KEYS, METAL_API_CREDENTIAL_NOTE } from '../../constructs/credential-keys.js';
import { GardenerProject } from '../../constructs/gardener-project.js';
import { DEFAULT_DOMAIN_SECRET, defaultDomain, GARDEN_NAMESPACE, INTERNAL_DOMAIN_SECRET, internalDomain } from '../../constructs/gardener-domains.js';
import { MetalCloudProfile, type MetalCloudProfileProps } from '../../constructs/metal-cloud-profile.js';
import { metalApiUrl } from '../../constructs/metal-control-plane.js';
import { MetalCredentialsBinding, shootedSeedCredentialsName } from '../../constructs/metal-credentials-binding.js';
import { needs, type Layer } from '../layer.js';

/**
 * Owner of project `garden`. Deliberately not a tenant project's owner: project `garden` holds the
 * metal-api admin credentials and the seeds' Shoots, so it belongs to the platform team. The group
 * must exist in the virtual garden's authentication (OIDC); Gardener itself does not check it.
 */
export const GARDEN_PROJECT_OWNER = { kind: 'Group', name: 'garden-operators' } as const;

/** The metal-api URL provider-metal talks to: the chart's ingress host and base path. */
export function metalApiEndpoint(landscape: Landscape): string {
  return metalApiUrl(landscape.spec.metalControlPlane.apiDomain);
}

export function cloudProfileProps(landscape: Landscape): MetalCloudProfileProps {
  const { cloudProfile, metalControlPlane } = landscape.spec;
  return {
    name: cloudProfile.name,
    controlPlaneName: landscape.metadata.name,
    metalApiEndpoint: metalApiEndpoint(landscape),
    kubernetesVersions: cloudProfile.kubernetesVersions,
    machineImages: machineImagesOffered(landscape),
    machineTypes: metalControlPlane.sizes.filter((size) => size.purpose === 'machine'),
    regions: cloudProfile.regions,
    partitions: metalControlPlane.partitions.map((partition) => ({ id: partition.id })),
    firewall: cloudProfile.firewall,
  };
}

export const gardenProjectLayer: Layer = {
  cluster: 'virtual-garden',
  name: 'garden-project',
  description: 'Project garden, the metal CloudProfile, provider credentials bindings',
  dependsOn: [needs('runtime/virtual-garden-access', 'Flux reaches the virtual garden only through the token-requestor kubeconfig and the RBAC granted there')],
  render: (chart, { landscape, secrets }) => {
    // The garden namespace exists already (gardener-operator creates it); Gardener only adopts an
    // existing namespace for a Project when it carries these two labels.
    new KubeNamespace(chart, 'namespace-garden', {
      metadata: { name: GARDEN_NAMESPACE, labels: { 'gardener.cloud/role': 'project', 'project.gardener.cloud/name': 'garden' } },
    });
    new GardenerProject(chart, 'project-garden', {
      name: 'garden',
      namespace: GARDEN_NAMESPACE,
      owner: GARDEN_PROJECT_OWNER,
      description: `Infrastructure of landscape ${landscape.metadata.name}: Shoots of the shooted seeds`,
      purpose: 'infrastructure',
      tolerations: [{ key: SEED_TAINT_PROTECTED }],
    });
    new MetalCloudProfile(chart, 'cloud-profile', cloudProfileProps(landscape));

    const dnsType = landscape.spec.runtime.dns.type;
    const at = { cluster: 'virtual-garden', namespace: GARDEN_NAMESPACE } as const;
    secrets.require({
      ...at,
      name: INTERNAL_DOMAIN_SECRET,
      keys: dnsCredentialKeys(dnsType),
      purpose: `${dnsType} credentials for Gardener's internal domain ${internalDomain(landscape)}; gardener-apiserver finds it by its role label`,
      labels: { 'gardener.cloud/role': 'internal-domain' },
      annotations: { 'dns.gardener.cloud/provider': dnsType, 'dns.gardener.cloud/domain': internalDomain(landscape) },
    });
    secrets.require({
      ...at,
      name: DEFAULT_DOMAIN_SECRET,
      keys: dnsCredentialKeys(dnsType),
      purpose: `${dnsType} credentials for the shoots' default domain ${defaultDomain(landscape)}; gardener-apiserver finds it by its role label and names Shoots under the domain annotation`,
      labels: { 'gardener.cloud/role': 'default-domain' },
      annotations: { 'dns.gardener.cloud/provider': dnsType, 'dns.gardener.cloud/domain': defaultDomain(landscape) },
    });

    for (const seed of landscape.spec.seeds.shooted) {
      const name = shootedSeedCredentialsName(seed.name);
      secrets.require({
        ...at,
        name,
        keys: METAL_API_CREDENTIAL_KEYS,
        purpose: `metal-api credentials (${METAL_API_CREDENTIAL_NOTE}; metalAPIURL ${metalApiEndpoint(landscape)}) for Shoot ${seed.name}, bound by CredentialsBinding ${name}`,
      });
      new MetalCredentialsBinding(chart, `credentials-binding-${seed.name}`, { name, namespace: GARDEN_NAMESPACE, secretName: name });
    }
  },
};
