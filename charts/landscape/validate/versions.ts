import type { Problem } from '../problems.js';
import type { Components } from '../release-vector.js';
import type { Landscape } from '../schema/landscape.js';
import { compareVersions, newestSupported } from '../effective.js';

/**
 * Kubernetes minors that Gardener supports for garden, seed and shoot clusters, by Gardener release
 * (its `SupportedVersions` list). Sources: the supported_k8s_versions.md table (1.35 since v1.136.0,
 * 1.36 since v1.145.0) and the release notes of gardener#13487 (v1.134.0 drops 1.29), gardener#14501
 * (v1.141.0 drops <= 1.30) and v1.142.0 (drops 1.31). Outside these releases nothing is checked
 * beyond the version syntax: an unverified table would reject valid landscapes.
 */
const GARDENER_KUBERNETES_SUPPORT: readonly { from: string; until: string; minors: readonly string[] }[] = [
  { from: '1.134.0', until: '1.136.0', minors: ['1.30', '1.31', '1.32', '1.33', '1.34'] },
  { from: '1.136.0', until: '1.141.0', minors: ['1.30', '1.31', '1.32', '1.33', '1.34', '1.35'] },
  { from: '1.141.0', until: '1.142.0', minors: ['1.31', '1.32', '1.33', '1.34', '1.35'] },
  { from: '1.142.0', until: '1.145.0', minors: ['1.32', '1.33', '1.34', '1.35'] },
];

/** The Gardener release is the gardener-operator image tag (the operator deploys the same version of every Gardener component). */
export function gardenerVersion(components: Components): string | undefined {
  return components['operator']?.tag;
}

export function supportedKubernetesMinors(gardener: string): readonly string[] | undefined {
  if (!/^v?\d+\.\d+\.\d+/.test(gardener)) return undefined;
  return GARDENER_KUBERNETES_SUPPORT.find((r) => compareVersions(gardener, r.from) >= 0 && compareVersions(gardener, r.until) < 0)?.minors;
}

function minorOf(version: string): string {
  return version.split('.').slice(0, 2).join('.');
}

/** The virtual garden and every shooted seed (a seed and a shoot at once) run a minor the pinned Gardener supports. */
export function gardenerSupportsKubernetes(landscape: Landscape, components: Components): Problem[] {
  const gardener = gardenerVersion(components);
  const minors = gardener === undefined ? undefined : supportedKubernetesMinors(gardener);
  if (!gardener || !minors) return [];
  const accepted = `Gardener ${gardener} (gardener-operator of the release vector) supports ${minors.join(', ')}`;
  const problems: Problem[] = [];
  const { spec } = landscape;
  const virtual = spec.garden.virtualCluster.kubernetesVersion;
  if (!minors.includes(minorOf(virtual))) {
    problems.push({
      path: 'spec.garden.virtualCluster.kubernetesVersion',
      message: `${JSON.stringify(virtual)} is not supported for the virtual garden; ${accepted}`,
    });
  }
  spec.seeds.shooted.forEach((seed, i) => {
    if (seed.kubernetesVersion !== undefined && !minors.includes(minorOf(seed.kubernetesVersion))) {
      problems.push({
        path: `spec.seeds.shooted[${i}].kubernetesVersion`,
        message: `${JSON.stringify(seed.kubernetesVersion)} is not supported for seeds; ${accepted}`,
      });
    }
  });
  const relying = spec.seeds.shooted.filter((seed) => seed.kubernetesVersion === undefined).map((seed) => seed.name);
  const fallback = newestSupported(spec.cloudProfile.kubernetesVersions);
  if (relying.length > 0 && fallback && !minors.includes(minorOf(fallback.version))) {
    const k = spec.cloudProfile.kubernetesVersions.indexOf(fallback);
    problems.push({
      path: `spec.cloudProfile.kubernetesVersions[${k}].version`,
      message: `${JSON.stringify(fallback.version)} is the newest supported version, the default of shooted seeds ${relying.join(', ')}, but it is not supported for seeds; ${accepted}`,
    });
  }
  return problems;
}

/**
 * gardener-apiserver refuses a CloudProfile with two `supported` versions of one minor (Gardener
 * v1.138.3 pkg/api/core/validation/cloudprofile.go validateSupportedVersionsConfiguration:
 * "supported" lifecycle stages must not overlap per minor version). Reported at every later one.
 */
export function oneSupportedPerMinor(landscape: Landscape): Problem[] {
  const versions = landscape.spec.cloudProfile.kubernetesVersions;
  const first = new Map<string, number>();
  const problems: Problem[] = [];
  versions.forEach((entry, i) => {
    if (entry.classification !== 'supported') return;
    const minor = minorOf(entry.version);
    const earlier = first.get(minor);
    if (earlier === undefined) {
      first.set(minor, i);
      return;
    }
    problems.push({
      path: `spec.cloudProfile.kubernetesVersions[${i}].classification`,
      message: `${JSON.stringify(entry.version)} is supported, and so is ${versions[earlier]?.version} (spec.cloudProfile.kubernetesVersions[${earlier}]); Gardener allows one supported version per minor: classify the others deprecated or preview`,
    });
  });
  return problems;
}
