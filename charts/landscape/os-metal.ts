// What a landscape deploys as os-metal when it chooses metal-garden's implementation: the chart and
// image recorded in controllers/artifacts.json, moved to the landscape's registry, and the chart
// values dist/'s Extension carries. The catalog renders them; validation checks them first.
import { controllerArtifactsOf, readArtifacts, type ControllerArtifacts } from '../../controllers/artifacts.js';
import {
  chartValuesProblems,
  checkChartValues,
  OS_METAL_ARTIFACTS_KEY,
  type ChartValuesInput,
  type ValuesProblem,
} from '../../controllers/os-metal/chart/index.js';
import { mergeValues, type HelmValues } from '../constructs/helm-values.js';
import type { OsMetalImplementation } from './schema/gardener.js';
import type { Landscape } from './schema/landscape.js';

/**
 * The OperatingSystemConfig types dist/'s os-metal registers and configures unless the landscape's
 * values say otherwise: the ones upstream's Extension registers (os-metal-extension
 * example/controller-registration.yaml: ubuntu, debian).
 */
export const OS_METAL_DEFAULT_OS_TYPES: readonly string[] = ['ubuntu', 'debian'];

let artifacts: ControllerArtifacts | undefined;

/** os-metal's entry of controllers/artifacts.json (read once). */
export function osMetalArtifacts(): ControllerArtifacts {
  return (artifacts ??= controllerArtifactsOf(readArtifacts(), OS_METAL_ARTIFACTS_KEY));
}

/** `spec.extensions.os-metal.implementation`, default `metal-garden`. */
export function osMetalImplementation(landscape: Landscape): OsMetalImplementation {
  return landscape.spec.extensions['os-metal']?.implementation ?? 'metal-garden';
}

/** The registry path both repositories of an artifacts entry live under (their common path prefix), e.g. `ghcr.io/metal-garden`. */
export function artifactsRegistry(entry: ControllerArtifacts): string {
  const [image, chart] = [entry.image.repository.split('/'), entry.chart.repository.split('/')];
  let shared = 0;
  while (shared < image.length - 1 && shared < chart.length - 1 && image[shared] === chart[shared]) shared++;
  if (shared === 0) {
    throw new Error(
      `controllers/artifacts.json: image ${entry.image.repository} and chart ${entry.chart.repository} share no registry; put both under one registry`,
    );
  }
  return image.slice(0, shared).join('/');
}

/** The registry the landscape pulls metal-garden's artifacts from: `spec.controllers.registry`, else artifacts.json's. */
export function controllersRegistry(landscape: Landscape, entry: ControllerArtifacts): string {
  return landscape.spec.controllers.registry ?? artifactsRegistry(entry);
}

function relocate(repository: string, entry: ControllerArtifacts, registry: string): string {
  return `${registry}${repository.slice(artifactsRegistry(entry).length)}`;
}

/** The chart as the landscape pulls it: repository in its registry, version as tag, digest once `npm run build` recorded it. */
export function osMetalChart(landscape: Landscape, entry: ControllerArtifacts): { repository: string; tag: string; digest?: string } {
  const registry = controllersRegistry(landscape, entry);
  return {
    repository: relocate(entry.chart.repository, entry, registry),
    tag: entry.chart.version,
    ...(entry.chart.digest ? { digest: entry.chart.digest } : {}),
  };
}

/** Values metal-garden sets: the image by digest from the landscape's registry, and the OS types the Extension registers. */
export function osMetalGeneratedValues(landscape: Landscape, entry: ControllerArtifacts): HelmValues {
  const values: ChartValuesInput = {
    image: { repository: relocate(entry.image.repository, entry, controllersRegistry(landscape, entry)), digest: entry.image.digest },
    config: { osTypes: [...OS_METAL_DEFAULT_OS_TYPES] },
  };
  return values;
}

/** The values dist/'s Extension carries: generated, with `spec.extensions.os-metal.values` merged over them. */
export function osMetalValues(landscape: Landscape, entry: ControllerArtifacts): HelmValues {
  return mergeValues(osMetalGeneratedValues(landscape, entry), landscape.spec.extensions['os-metal']?.values ?? {});
}

/** Problems the chart's values schema finds in `osMetalValues` (the chart would refuse to render). */
export function osMetalValuesProblems(landscape: Landscape, entry: ControllerArtifacts): ValuesProblem[] {
  return chartValuesProblems(osMetalValues(landscape, entry));
}

/** The OS types os-metal is configured for by these values: exactly what its Extension registers. */
export function osMetalOsTypes(values: HelmValues): string[] {
  return [...checkChartValues(values).config.osTypes];
}
