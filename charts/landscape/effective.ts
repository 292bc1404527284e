import type { ExtensionName } from './schema/gardener.js';
import type { Landscape } from './schema/landscape.js';

/**
 * Values the landscape leaves to defaults, derived the way the charts derive them, so that the
 * rules check what will actually be rendered.
 */

type Shooted = Landscape['spec']['seeds']['shooted'][number];

const OFF_BY_DEFAULT: readonly ExtensionName[] = ['dns-powerdns', 'backup-s3'];

export function extensionEnabled(landscape: Landscape, name: ExtensionName): boolean {
  return landscape.spec.extensions[name]?.enabled ?? !OFF_BY_DEFAULT.includes(name);
}

export function soilIngressDomain(landscape: Landscape): string {
  const { soil } = landscape.spec.seeds;
  return soil.ingressDomain ?? `${soil.name}.${landscape.spec.runtime.ingress.domain}`;
}

/** Gardener's default domain for Shoots (the `default-domain` Secret's domain). */
export function defaultDomain(landscape: Landscape): string {
  return `shoot.${landscape.spec.runtime.ingress.domain}`;
}

/**
 * The DNS domain of a shooted seed's Shoot: the one Gardener assigns from the default domain,
 * `<shoot>.<project garden>.<default domain>`, rendered explicitly so the seed can name its ingress.
 */
export function shootedSeedDomain(landscape: Landscape, seed: Shooted): string {
  return `${seed.name}.garden.${defaultDomain(landscape)}`;
}

/** gardener-apiserver only admits a ManagedSeed whose ingress domain is `ingress.<the Shoot's DNS domain>`. */
export function shootedIngressDomain(landscape: Landscape, seed: Shooted): string {
  return `ingress.${shootedSeedDomain(landscape, seed)}`;
}

/** Numeric comparison of x.y.z versions (a leading "v" is ignored); newest first when used in sort. */
export function compareVersions(a: string, b: string): number {
  const parts = (v: string) => v.replace(/^v/, '').split(/[.+-]/).slice(0, 3).map(Number);
  const [pa, pb] = [parts(a), parts(b)];
  for (let i = 0; i < 3; i++) {
    const diff = (pa[i] ?? 0) - (pb[i] ?? 0);
    if (diff !== 0) return diff;
  }
  return 0;
}

/** The newest `supported` entry: what a seed gets when it does not name a version. */
export function newestSupported<T extends { version: string; classification: string }>(entries: readonly T[]): T | undefined {
  return [...entries].filter((e) => e.classification === 'supported').sort((a, b) => compareVersions(b.version, a.version))[0];
}

/** Kubernetes version a shooted seed runs: its own, or the newest supported one of the CloudProfile. */
export function shootedKubernetesVersion(landscape: Landscape, seed: Shooted): string | undefined {
  return seed.kubernetesVersion ?? newestSupported(landscape.spec.cloudProfile.kubernetesVersions)?.version;
}

/** The machine images the CloudProfile offers (and provider-metal maps): metal-api images with feature `machine`. */
export function machineImagesOffered(landscape: Landscape): Landscape['spec']['metalControlPlane']['images'] {
  return landscape.spec.metalControlPlane.images.filter((image) => image.features.includes('machine'));
}

/** metal-api image id: `<os>-<version>`. */
export function imageId(image: { os: string; version: string }): string {
  return `${image.os}-${image.version}`;
}

/** "a, b, c" of the sorted distinct values, or "none" when empty. */
export function known(values: Iterable<string>): string {
  const list = [...new Set(values)].sort();
  return list.length === 0 ? 'none' : list.join(', ');
}
