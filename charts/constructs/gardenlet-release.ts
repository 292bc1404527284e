/**
 * The gardenlet version a landscape runs, read from the release vector (`components['gardenlet']`:
 * image, tag and `charts.ref`), so soil and shooted seeds run the same gardenlet as the Gardener
 * control plane gardener-operator deploys.
 */
import type { Components } from '../landscape/release-vector.js';

function gardenlet(components: Components) {
  const component = components['gardenlet'];
  if (!component?.tag) {
    throw new Error(
      'the release vector has no gardenlet component with a tag (docker-images.gardener.gardener.gardenlet); set spec.versions.overrides.gardenlet',
    );
  }
  return { ...component, tag: component.tag };
}

/** OCI reference `<chart>:<tag>` of the gardenlet Helm chart, for `Gardenlet.spec.deployment.helm.ociRepository.ref`. */
export function gardenletChartRef(components: Components): string {
  const component = gardenlet(components);
  const chart = component.charts?.['ref'];
  if (!chart) throw new Error('the release vector pins no gardenlet chart (gardenlet.charts.ref); set spec.versions.overrides.gardenlet.charts.ref');
  return `${chart.replace(/^oci:\/\//, '')}:${component.tag}`;
}

/** The gardenlet image, pinned explicitly for ManagedSeeds (their chart comes with the parent gardenlet). */
export function gardenletImage(components: Components): { repository: string; tag: string } {
  const component = gardenlet(components);
  if (!component.image) throw new Error('the release vector has no gardenlet image name; set spec.versions.overrides.gardenlet.image');
  return { repository: component.image, tag: component.tag };
}
