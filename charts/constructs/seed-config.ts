/**
 * One pure function builds the Seed both the soil `Gardenlet` and each shooted seed's `ManagedSeed`
 * register, so the two kinds of seed cannot drift apart in how they wire DNS, backup and networks.
 * `soilSeed()` / `shootedSeedSeed()` resolve the landscape defaults; `seedTemplate()` renders.
 */
import type { RequiredSecret } from '../clusters/secret-inventory.js';
import { SEED_TAINT_PROTECTED } from '../imports/gardener/common.js';
import type { ObjectReference } from '../imports/gardener/core.gardener.cloud.js';
import type { SeedTemplate } from '../imports/gardener/gardenlet.config.gardener.cloud.js';
import type { Landscape } from '../landscape/schema/landscape.js';
import { backupCredentialKeys, dnsCredentialKeys } from './credential-keys.js';
import { shootedIngressDomain, soilIngressDomain } from '../landscape/effective.js';
import { GARDEN_NAMESPACE, INTERNAL_DOMAIN_SECRET, internalDomain } from './gardener-domains.js';

type ShootedSeedSpec = Landscape['spec']['seeds']['shooted'][number];

/** Everything that distinguishes one seed from another; secret names refer to Secrets in the virtual garden's `garden` namespace. */
export interface SeedInput {
  readonly name: string;
  /** Provider type and region of the seed's own cluster (`gcp` for the soil, `metal` for shooted seeds). */
  readonly provider: { readonly type: string; readonly region: string; readonly zones?: readonly string[] };
  /** The seed cluster's real CIDRs; nodes may be unknown. */
  readonly networks: { readonly nodes?: string; readonly pods: string; readonly services: string };
  /** Default pod/service CIDRs of shoots on this seed. */
  readonly shootDefaults: { readonly pods: string; readonly services: string };
  /** Wildcard domain of the seed's ingress (plutono, prometheus, ...). */
  readonly ingressDomain: string;
  /** DNS provider gardenlet uses for the ingress domain. */
  readonly dns: { readonly type: string; readonly secretName: string };
  /** Internal shoot domain (required on every Seed since Gardener v1.135). */
  readonly internalDns: { readonly type: string; readonly domain: string; readonly secretName: string };
  /** Object storage for the etcd backups of the shoots on this seed. */
  readonly backup: { readonly provider: string; readonly region: string; readonly secretName: string };
  /** Protected seeds (the soil) only take shoots of project garden that tolerate the taint. */
  readonly protected: boolean;
  /** Invisible seeds are ignored by the scheduler; shoots must name them in `seedName`. */
  readonly visible: boolean;
}

function secretRef(name: string): ObjectReference {
  return { apiVersion: 'v1', kind: 'Secret', name, namespace: GARDEN_NAMESPACE };
}

/**
 * The Seed template for `GardenletConfiguration.seedConfig`, without a name: the Seed takes the name of
 * the Gardenlet or ManagedSeed carrying it (`seed.name`). Credentials use `credentialsRef`
 * (`secretRef` is removed in Gardener v1.139).
 */
export function seedTemplate(seed: SeedInput): SeedTemplate {
  return {
    spec: {
      provider: { type: seed.provider.type, region: seed.provider.region, zones: seed.provider.zones && [...seed.provider.zones] },
      networks: {
        nodes: seed.networks.nodes,
        pods: seed.networks.pods,
        services: seed.networks.services,
        shootDefaults: { pods: seed.shootDefaults.pods, services: seed.shootDefaults.services },
      },
      dns: {
        provider: { type: seed.dns.type, credentialsRef: secretRef(seed.dns.secretName) },
        internal: { type: seed.internalDns.type, domain: seed.internalDns.domain, credentialsRef: secretRef(seed.internalDns.secretName) },
      },
      ingress: { domain: seed.ingressDomain, controller: { kind: 'nginx' } },
      backup: { provider: seed.backup.provider, region: seed.backup.region, credentialsRef: secretRef(seed.backup.secretName) },
      taints: seed.protected ? [{ key: SEED_TAINT_PROTECTED }] : undefined,
      settings: { scheduling: { visible: seed.visible } },
    },
  };
}

/** The Secrets a seed's template references, for the secret inventory (cluster virtual-garden, namespace garden). */
export function seedSecrets(seed: SeedInput): RequiredSecret[] {
  const at = { cluster: 'virtual-garden', namespace: GARDEN_NAMESPACE } as const;
  return [
    {
      ...at,
      name: seed.dns.secretName,
      keys: dnsCredentialKeys(seed.dns.type),
      purpose: `${seed.dns.type} credentials gardenlet of seed ${seed.name} uses for its ingress domain ${seed.ingressDomain}`,
    },
    {
      ...at,
      name: seed.internalDns.secretName,
      keys: dnsCredentialKeys(seed.internalDns.type),
      purpose: `${seed.internalDns.type} credentials for the internal domain ${seed.internalDns.domain} (Seed spec.dns.internal of ${seed.name})`,
    },
    {
      ...at,
      name: seed.backup.secretName,
      keys: backupCredentialKeys(seed.backup.provider),
      purpose: `${seed.backup.provider} object storage credentials for the etcd backups of shoots on seed ${seed.name}`,
    },
  ];
}

/**
 * Gardener provider type of the soil seed, by the runtime cluster's provider; a provider without a
 * Gardener extension here (`other`) cannot be a seed (the validation refuses it: runtimeSeedable).
 */
export const RUNTIME_SEED_PROVIDER_TYPES: Readonly<Partial<Record<Landscape['spec']['runtime']['provider']['type'], string>>> = {
  gcp: 'gcp',
  'metalstack-cloud': 'metal',
};

export function runtimeSeedProviderType(runtimeType: Landscape['spec']['runtime']['provider']['type']): string {
  const type = RUNTIME_SEED_PROVIDER_TYPES[runtimeType];
  if (type === undefined)
    throw new Error(
      `spec.runtime.provider.type ${JSON.stringify(runtimeType)} has no Gardener provider extension, so the runtime cluster cannot become the soil seed; use gcp or metalstack-cloud`,
    );
  return type;
}

function internalDns(landscape: Landscape): SeedInput['internalDns'] {
  return { type: landscape.spec.runtime.dns.type, domain: internalDomain(landscape), secretName: INTERNAL_DOMAIN_SECRET };
}

/** The runtime cluster as soil: protected and invisible, so only the shooted seeds' Shoots land there. */
export function soilSeed(landscape: Landscape): SeedInput {
  const { runtime, seeds } = landscape.spec;
  const dns = seeds.soil.dns ?? runtime.dns;
  return {
    name: seeds.soil.name,
    provider: { type: runtimeSeedProviderType(runtime.provider.type), region: runtime.provider.region },
    networks: runtime.networks,
    shootDefaults: seeds.soil.shootDefaults,
    ingressDomain: soilIngressDomain(landscape),
    dns: { type: dns.type, secretName: dns.secretRef },
    internalDns: internalDns(landscape),
    backup: { provider: seeds.soil.backup.provider, region: seeds.soil.backup.region, secretName: seeds.soil.backup.secretRef },
    protected: true,
    visible: false,
  };
}

/** A shooted seed: a metal Shoot in `region` that hosts tenant shoots, so it is visible and untainted. */
export function shootedSeedSeed(landscape: Landscape, seed: ShootedSeedSpec, region: string): SeedInput {
  const { runtime, seeds } = landscape.spec;
  const dns = seed.dns ?? runtime.dns;
  const backup = seed.backup ?? seeds.soil.backup;
  return {
    name: seed.name,
    // No zones: gardener-apiserver requires a seed's zones among its Shoot's worker zones, and
    // provider-metal Shoots have none (the partition is InfrastructureConfig.partitionID).
    provider: { type: 'metal', region },
    // No nodes: provider-metal allocates them; the ManagedSeed admission copies the Shoot's nodes
    // into the Seed once gardenlet has written them (a preset value would conflict with the allocation).
    networks: { pods: seed.networks.pods, services: seed.networks.services },
    shootDefaults: seed.shootDefaults,
    ingressDomain: shootedIngressDomain(landscape, seed),
    dns: { type: dns.type, secretName: dns.secretRef },
    internalDns: internalDns(landscape),
    backup: { provider: backup.provider, region: backup.region, secretName: backup.secretRef },
    protected: false,
    visible: true,
  };
}
