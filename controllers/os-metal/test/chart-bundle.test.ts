// The bundle's choice of os-metal (`spec.extensions.os-metal.implementation`) and what dist/'s
// os-metal Extension carries for each: rendered by the real extensions layer, checked against the
// vendored Extension CRD and against the committed dist/.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { App, Chart } from 'cdk8s';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { GardenerExtension } from '../../../charts/constructs/gardener-extension.js';
import { artifactsRegistry, osMetalArtifacts, osMetalChart } from '../../../charts/landscape/os-metal.js';
import { projectRoot } from '../../../generators/upstream.js';
import { crdValidator } from '../../../test/unit/runtime-gardener/crd-schema.js';
import { defaultInput, one, render, resolve } from '../../../test/unit/runtime-gardener/render.js';
import { checkChartValues } from '../chart/index.js';
import { protectFromDeletion } from '../../../charts/dist/protect.js';
import type { Manifest } from '../../../charts/synth.js';

interface OsMetalExtension {
  metadata: { name: string };
  spec: {
    resources: { kind: string; type: string }[];
    deployment: { extension: { helm: { ociRepository: Record<string, string> }; policy?: string; values: Record<string, unknown> } };
  };
}

const artifacts = osMetalArtifacts();
const crd = crdValidator('gardener', 'crds', '10-crd-operator.gardener.cloud_extensions.yaml');

/** dist/'s os-metal Extension for the default landscape changed by `change` (on the YAML input). */
function osMetalFor(change: (spec: Record<string, unknown> & { extensions?: Record<string, unknown> }) => void = () => {}): OsMetalExtension {
  const input = defaultInput() as { spec: Record<string, unknown> & { extensions?: Record<string, unknown> } };
  change(input.spec);
  const extension = one(render(resolve(input)).layers['extensions']!, 'Extension', 'os-metal') as unknown as OsMetalExtension;
  expect(crd.validate(extension)).toEqual([]);
  return extension;
}

function setOsMetal(settings: Record<string, unknown>) {
  return (spec: { extensions?: Record<string, unknown> }) => {
    spec.extensions = { ...spec.extensions, 'os-metal': settings };
  };
}

const OS_TYPES = [
  { kind: 'OperatingSystemConfig', type: 'ubuntu' },
  { kind: 'OperatingSystemConfig', type: 'debian' },
];

describe('os-metal implementation metal-garden (the default)', () => {
  const extension = osMetalFor();

  it('pulls the project’s chart by the version (and digest, once built) in controllers/artifacts.json', () => {
    const { repository, version, digest } = artifacts.chart;
    expect(extension.spec.deployment.extension.helm.ociRepository).toEqual(digest ? { repository, tag: version, digest } : { ref: `${repository}:${version}` });
  });

  it('runs the image by digest and configures the OS types it registers', () => {
    const values = extension.spec.deployment.extension.values;
    expect(values).toEqual({ image: { repository: artifacts.image.repository, digest: artifacts.image.digest }, config: { osTypes: ['ubuntu', 'debian'] } });
    expect(extension.spec.resources).toEqual(OS_TYPES);
    // what the chart makes of them: valid, and the configuration reconciles exactly the registered types
    expect(checkChartValues(values).config.osTypes).toEqual(extension.spec.resources.map((r) => r.type));
    expect(extension.spec.deployment.extension.policy).toBe('Always');
  });

  it('is what dist/ holds', () => {
    const committed = parse(readFileSync(join(projectRoot, 'dist', 'runtime', 'extensions', 'extension.os-metal.yaml'), 'utf8')) as unknown;
    // dist/ marks Extensions as never pruned (charts/dist/protect.ts); the rest is the construct's output as is.
    expect(committed).toEqual(protectFromDeletion(extension as unknown as Manifest));
  });

  it('pulls chart and image from spec.controllers.registry when the landscape names one', () => {
    const moved = osMetalFor((spec) => {
      spec['controllers'] = { registry: 'registry.example.com:5000/platform' };
    });
    expect(artifactsRegistry(artifacts)).toBe('ghcr.io/metal-garden');
    const helm = moved.spec.deployment.extension.helm.ociRepository;
    expect(helm['ref'] ?? helm['repository']).toMatch(/^registry\.example\.com:5000\/platform\/charts\/os-metal(:|$)/);
    expect(moved.spec.deployment.extension.values['image']).toEqual({
      repository: 'registry.example.com:5000/platform/os-metal',
      digest: artifacts.image.digest,
    });
  });

  it('registers exactly the OS types the landscape’s values configure, and passes the other values through', () => {
    const custom = osMetalFor(setOsMetal({ values: { config: { osTypes: ['ubuntu', 'debian', 'nvidia'] }, replicaCount: 3 } }));
    expect(custom.spec.resources.map((r) => r.type)).toEqual(['ubuntu', 'debian', 'nvidia']);
    expect(custom.spec.deployment.extension.values).toMatchObject({ replicaCount: 3, config: { osTypes: ['ubuntu', 'debian', 'nvidia'] } });
  });

  it('pins the chart digest with repository/tag/digest (Gardener forbids a digest beside ref)', () => {
    const digest = `sha256:${'ab'.repeat(32)}`;
    const landscape = resolve(defaultInput()).landscape;
    const chart = osMetalChart(landscape, { ...artifacts, chart: { ...artifacts.chart, digest } });
    const scope = new Chart(new App(), 'test');
    const rendered = new GardenerExtension(scope, 'os-metal', { name: 'os-metal', resources: OS_TYPES, chart }).extension.toJson() as OsMetalExtension;
    expect(rendered.spec.deployment.extension.helm.ociRepository).toEqual({ repository: artifacts.chart.repository, tag: artifacts.chart.version, digest });
    expect(crd.validate(rendered)).toEqual([]);
    expect(() => new GardenerExtension(scope, 'bad', { name: 'bad', resources: OS_TYPES, chart: { ...chart, digest: 'sha256:abc' } })).toThrow(
      'Extension bad: extension chart digest "sha256:abc" is not sha256:<64 lowercase hex digits>',
    );
  });
});

describe('os-metal implementation upstream', () => {
  it('deploys the chart and image the release vector pins, as before metal-garden had its own', () => {
    const extension = osMetalFor(setOsMetal({ implementation: 'upstream' }));
    const component = resolve(defaultInput()).components['os-metal-extension']!;
    expect(extension).toEqual({
      apiVersion: 'operator.gardener.cloud/v1alpha1',
      kind: 'Extension',
      metadata: { name: 'os-metal' },
      spec: {
        deployment: {
          extension: {
            helm: { ociRepository: { ref: `${component.charts!['extension']}:${component.tag}` } },
            policy: 'Always',
            values: { image: { repository: component.image, tag: component.tag } },
          },
        },
        resources: OS_TYPES,
      },
    });
    expect(component).toMatchObject({ image: 'ghcr.io/metal-stack/os-metal-extension', tag: 'v0.8.11' });
  });
});
