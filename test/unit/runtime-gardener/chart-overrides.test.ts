/**
 * `spec.versions.overrides.<component>.charts.<role>` reaches the object that pulls the chart, and a
 * `chart` override of a component whose renderers read `charts.<role>` is refused rather than ignored
 * (a mirror registry set as `operator.chart` used to leave dist/ pulling from the original one).
 */
import { describe, expect, it } from 'vitest';
import { LandscapeError } from '../../../charts/landscape/problems.js';
import { renderVirtualGarden } from '../virtual-garden/render.js';
import { defaultInput, one, render, resolve } from './render.js';

const mirror = 'registry.example.com/mirror';

interface HelmRef {
  readonly helm: { readonly ociRepository: { readonly ref: string } };
}

function withOverrides(overrides: Record<string, unknown>): ReturnType<typeof resolve> {
  const input = defaultInput() as { spec: { versions: { overrides?: unknown } } };
  input.spec.versions.overrides = overrides;
  return resolve(input);
}

function problemsOf(run: () => unknown): readonly { path: string; message: string }[] {
  try {
    run();
  } catch (error) {
    if (error instanceof LandscapeError) return error.problems;
    throw error;
  }
  throw new Error('expected a LandscapeError');
}

describe('chart overrides', () => {
  it("operator charts.ref becomes the gardener-operator OCIRepository's URL, still at the operator tag", () => {
    const layers = render(withOverrides({ operator: { charts: { ref: `${mirror}/charts/gardener/operator` } } })).layers;
    const source = one(layers['gardener-operator']!, 'OCIRepository', 'gardener-operator')['spec'] as { url: string; ref: unknown };
    expect(source.url).toBe(`oci://${mirror}/charts/gardener/operator`);
    expect(source.ref).toEqual({ tag: 'v1.138.3' });
  });

  it('a release vector whose operator charts.ref carries oci:// (which validation accepts) renders the same OCIRepository', () => {
    const input = resolve(defaultInput());
    const operator = input.components['operator']!;
    const components = { ...input.components, operator: { ...operator, charts: { ref: `oci://${operator.charts!['ref']}` } } };
    const source = one(render({ ...input, components }).layers['gardener-operator']!, 'OCIRepository', 'gardener-operator')['spec'] as { url: string };
    expect(source.url).toBe(`oci://${operator.charts!['ref']}`);
  });

  it("gardenlet charts.ref becomes the soil Gardenlet's chart reference", () => {
    const rendered = renderVirtualGarden(withOverrides({ gardenlet: { charts: { ref: `${mirror}/charts/gardener/gardenlet` } } }));
    const gardenlet = one(rendered.layers['soil']!, 'Gardenlet', 'soil')['spec'] as { deployment: HelmRef };
    expect(gardenlet.deployment.helm.ociRepository.ref).toBe(`${mirror}/charts/gardener/gardenlet:v1.138.3`);
  });

  it('an extension charts.extension override replaces that role only and keeps the admission charts', () => {
    const layers = render(
      withOverrides({ 'gardener-extension-provider-metal': { charts: { extension: `${mirror}/charts/gardener-extension-provider-metal` } } }),
    ).layers;
    const { deployment } = one(layers['extensions']!, 'Extension', 'provider-metal')['spec'] as {
      deployment: { extension: HelmRef; admission: { runtimeCluster: HelmRef } };
    };
    expect(deployment.extension.helm.ociRepository.ref).toBe(`${mirror}/charts/gardener-extension-provider-metal:v0.27.11`);
    expect(deployment.admission.runtimeCluster.helm.ociRepository.ref).toBe('ghcr.io/metal-stack/charts/gardener-extension-admission-metal-runtime:v0.27.11');
  });

  it('refuses a chart override of a component whose charts ride with its image, naming the field to set', () => {
    expect(problemsOf(() => withOverrides({ operator: { chart: `${mirror}/charts/gardener/operator` } }))).toEqual([
      {
        path: 'spec.versions.overrides.operator.chart',
        message:
          'component "operator" has no chart of its own; its charts are charts.ref, pulled at its tag: set spec.versions.overrides.operator.charts.ref instead',
      },
    ]);
    expect(problemsOf(() => withOverrides({ 'gardener-extension-provider-metal': { chart: `${mirror}/x` } }))[0]?.message).toBe(
      'component "gardener-extension-provider-metal" has no chart of its own; its charts are charts.application, charts.extension, charts.runtime, pulled at its tag: set spec.versions.overrides.gardener-extension-provider-metal.charts.extension instead',
    );
  });

  it('checks the form of a charts override and names its path', () => {
    expect(problemsOf(() => withOverrides({ gardenlet: { charts: { ref: 'oci://Registry/Gardenlet:v1' } } }))).toContainEqual(
      expect.objectContaining({ path: 'spec.versions.overrides.gardenlet.charts.ref' }),
    );
    expect(problemsOf(() => withOverrides({ gardenlet: { charts: { reff: `${mirror}/gardenlet` } } }))).toContainEqual(
      expect.objectContaining({ path: 'spec.versions.overrides.gardenlet.charts' }),
    );
  });
});
