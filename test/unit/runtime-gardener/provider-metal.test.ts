/**
 * provider-metal's Extension, followed to what its charts and its controller read: the extension chart
 * values (machine images, image-vector overwrite, ingress-controller network policies), the admission
 * charts' values, and the garden/seed-api-server ConfigMap it looks up on the soil. Chart facts come from
 * the vendored chart (generators/upstream/charts/gardener-extension-provider-metal-<tag>/).
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { upstreamChartsDir } from '../../../generators/upstream.js';
import { App, Chart } from 'cdk8s';
import { INGRESS_NGINX_NAMESPACE, prerequisitesLayer } from '../../../charts/clusters/runtime/prerequisites.js';
import { SecretInventory } from '../../../charts/clusters/secret-inventory.js';
import { PROVIDER_METAL_IMAGE_EXCEPTIONS, PROVIDER_METAL_IMAGES, providerMetalImageVector } from '../../../charts/constructs/provider-metal-images.js';
import { PROVIDER_METAL_COMPONENT, providerMetalMachineImages, providerMetalValues } from '../../../charts/constructs/provider-metal-values.js';
import { SEED_API_SERVER_CONFIG_MAP } from '../../../charts/constructs/seed-api-server.js';
import { renderVirtualGarden } from '../virtual-garden/render.js';
import { unreadValues, valuesReadByChart } from './chart-values-paths.js';
import { defaultInput, ofKind, one, render, resolve, type Manifest } from './render.js';

const rendered = render();
const { components, landscape } = rendered.input;
const providerMetal = one(rendered.layers['extensions']!, 'Extension', 'provider-metal');
const values = providerMetal.spec.deployment.extension.values;
const admissionValues = providerMetal.spec.deployment.admission.values;

const release = components[PROVIDER_METAL_COMPONENT]!;
const chartRoot = join(upstreamChartsDir, `gardener-extension-provider-metal-${release.tag}`);
const extensionChart = join(chartRoot, 'gardener-extension-provider-metal');
const admissionRuntimeChart = join(chartRoot, 'gardener-extension-admission-metal', 'charts', 'runtime');
const admissionApplicationChart = join(chartRoot, 'gardener-extension-admission-metal', 'charts', 'application');

/** provider-metal's built-in image vector (what it falls back to for an image the overwrite lacks). */
const builtIn: { name: string; repository: string; tag: string }[] = parse(readFileSync(join(chartRoot, 'images.yaml'), 'utf8')).images;

describe('provider-metal config.machineImages', () => {
  const cloudProfile = ofKind(renderVirtualGarden(rendered.input).layers['garden-project']!, 'CloudProfile')[0]!;

  it('maps every image version the CloudProfile offers to its metal-api image id, and nothing else', () => {
    const offered = cloudProfile.spec.machineImages.flatMap((image: any) => image.versions.map((v: any) => `${image.name}/${v.version}`)).sort();
    const mapped = values.config.machineImages.map((image: any) => `${image.name}/${image.version}`).sort();
    expect(offered.length).toBeGreaterThan(0);
    expect(mapped).toEqual(offered);
  });

  it('each entry has exactly the fields of provider-metal’s MachineImage (name, version, image) and names a metal-api image', () => {
    const metalImageIds = landscape.spec.metalControlPlane.images.map((image) => `${image.os}-${image.version}`);
    for (const entry of values.config.machineImages) {
      expect(Object.keys(entry).sort()).toEqual(['image', 'name', 'version']);
      expect(metalImageIds).toContain(entry.image);
      expect(entry.image).toBe(`${entry.name}-${entry.version}`);
    }
    expect(values.config.machineImages).toEqual([
      { name: 'debian', version: '12.0.20251001', image: 'debian-12.0.20251001' },
      { name: 'ubuntu', version: '24.4.20251001', image: 'ubuntu-24.4.20251001' },
    ]);
  });

  it('follows the landscape: a second ubuntu version is mapped, a firewall-only image is not', () => {
    const input = defaultInput();
    input.spec.metalControlPlane.images.push({
      os: 'ubuntu',
      version: '24.4.20251101',
      url: 'https://images.metal.example.com/u/img.tar.lz4',
      features: ['machine'],
    });
    const variant = one(render(resolve(input)).layers['extensions']!, 'Extension', 'provider-metal');
    expect(variant.spec.deployment.extension.values.config.machineImages.map((i: any) => i.image)).toEqual([
      'debian-12.0.20251001',
      'ubuntu-24.4.20251001',
      'ubuntu-24.4.20251101',
    ]);
  });

  it('rejects an image listed twice', () => {
    expect(() =>
      providerMetalMachineImages([
        { os: 'ubuntu', version: '1.0.0' },
        { os: 'ubuntu', version: '1.0.0' },
      ]),
    ).toThrow(/ubuntu version 1.0.0 is listed twice/);
  });
});

describe('provider-metal imageVectorOverwrite', () => {
  // no overwrite at all reads as an empty one, so each test below names what is missing
  const overwrite: { name: string; repository: string; tag: string; sourceRepository: string }[] = parse(values.imageVectorOverwrite ?? 'images: []').images;

  it('every image in provider-metal’s images.yaml is pinned by the release vector or is a named exception', () => {
    const unaccounted = builtIn.map((image) => image.name).filter((name) => !PROVIDER_METAL_IMAGES[name] && !PROVIDER_METAL_IMAGE_EXCEPTIONS[name]);
    expect(unaccounted).toEqual([]);
    // no stale table entries either: everything named is in the extension's image vector
    const names = builtIn.map((image) => image.name);
    expect([...Object.keys(PROVIDER_METAL_IMAGES), ...Object.keys(PROVIDER_METAL_IMAGE_EXCEPTIONS)].filter((name) => !names.includes(name))).toEqual([]);
  });

  it('overwrites every release-vector image with the release vector’s repository and tag', () => {
    expect(overwrite.map((image) => image.name)).toEqual(Object.keys(PROVIDER_METAL_IMAGES).sort());
    for (const image of overwrite) {
      const component = components[PROVIDER_METAL_IMAGES[image.name]!.component]!;
      expect({ name: image.name, repository: image.repository, tag: image.tag }).toEqual({ name: image.name, repository: component.image, tag: component.tag });
      expect(image.tag).toMatch(/^v\d+\.\d+\.\d+$/);
    }
    // the point of the overwrite: the release pins newer images than the extension was built with
    const builtInTag = (name: string) => builtIn.find((image) => image.name === name)!.tag;
    expect(overwrite.find((image) => image.name === 'firewall-controller-manager')!.tag).toBe('v0.6.1');
    expect(builtInTag('firewall-controller-manager')).toBe('v0.6.0');
  });

  it('the exceptions are pinned (not latest) in the extension’s own image vector', () => {
    for (const name of Object.keys(PROVIDER_METAL_IMAGE_EXCEPTIONS)) {
      const image = builtIn.find((entry) => entry.name === name)!;
      expect(image.tag, name).toMatch(/^v\d+\.\d+\.\d+$/);
    }
  });

  it('follows spec.versions.overrides of a component', () => {
    const input = defaultInput();
    input.spec.versions.overrides = { droptailer: { tag: 'v0.2.22' } };
    const variantValues = one(render(resolve(input)).layers['extensions']!, 'Extension', 'provider-metal').spec.deployment.extension.values;
    const droptailer = parse(variantValues.imageVectorOverwrite).images.find((image: { name: string }) => image.name === 'droptailer');
    expect(droptailer).toMatchObject({ repository: 'ghcr.io/metal-stack/droptailer', tag: 'v0.2.22' });
  });

  it('a release vector lacking an image’s component is an error naming image and component', () => {
    const { droptailer: _dropped, ...withoutDroptailer } = components;
    expect(() => providerMetalImageVector(withoutDroptailer)).toThrow(
      'image "droptailer" needs release-vector component "droptailer" with name and tag, but the release vector has no such component',
    );
  });
});

describe('provider-metal values are what its charts read', () => {
  it('every extension value is read by the extension chart’s templates', () => {
    expect(unreadValues(values, valuesReadByChart(extensionChart))).toEqual([]);
    // not vacuous: a misspelt key is reported
    expect(unreadValues({ ...values, config: { ...values.config, machineImage: [] } }, valuesReadByChart(extensionChart))).toEqual(['config.machineImage']);
  });

  it('every admission value is read by one of the admission charts (gardener-operator gives both the same values)', () => {
    expect(unreadValues(admissionValues, valuesReadByChart(admissionRuntimeChart), valuesReadByChart(admissionApplicationChart))).toEqual([]);
    expect(unreadValues({ replicas: 2 }, valuesReadByChart(admissionRuntimeChart), valuesReadByChart(admissionApplicationChart))).toEqual(['replicas']);
  });

  it('extension and admission run the release vector’s provider-metal image, never the charts’ latest', () => {
    const image = { repository: release.image, tag: release.tag, pullPolicy: 'IfNotPresent' };
    expect(values.image).toEqual(image);
    expect(admissionValues.image).toEqual(image);
    // the charts' own default, which the values must override
    expect(parse(readFileSync(join(admissionRuntimeChart, 'values.yaml'), 'utf8')).image.tag).toBe('latest');
    expect(parse(readFileSync(join(extensionChart, 'values.yaml'), 'utf8')).image.tag).toBe('latest');
  });
});

describe('provider-metal network policies to the in-cluster ingress-nginx', () => {
  const ingress = one(renderLayer(prerequisitesLayer), 'HelmRelease', 'ingress-nginx');

  it('allow egress to the ingress-nginx controller pods of the prerequisites layer', () => {
    expect(values.config.networkPolicies).toEqual({
      enabled: true,
      ingressController: {
        namespace: ingress.metadata.namespace,
        podSelector: {
          'app.kubernetes.io/component': 'controller',
          'app.kubernetes.io/instance': ingress.spec.releaseName,
          'app.kubernetes.io/name': ingress.spec.chart.spec.chart,
        },
      },
    });
    expect(ingress.metadata.namespace).toBe(INGRESS_NGINX_NAMESPACE);
  });

  it('are left out when the metal control plane is not in this cluster', () => {
    const input = defaultInput();
    input.spec.metalControlPlane.enabled = false;
    const variant = one(render(resolve(input)).layers['extensions']!, 'Extension', 'provider-metal');
    expect(variant.spec.deployment.extension.values.config.networkPolicies).toBeUndefined();
  });

  it('an empty pod selector is refused (it would open egress to every pod of the namespace)', () => {
    expect(() => providerMetalValues({ components, machineImages: [], ingressController: { namespace: 'ingress-nginx', podLabels: {} } })).toThrow(
      /needs pod labels/,
    );
  });
});

describe('garden/seed-api-server ConfigMap', () => {
  it('carries the runtime cluster’s public API server URL under the key provider-metal reads', () => {
    const configMap = one(rendered.layers['extensions']!, 'ConfigMap', SEED_API_SERVER_CONFIG_MAP.name);
    expect(configMap.metadata.namespace).toBe('garden');
    expect(configMap.data).toEqual({ url: 'https://203.0.113.10' });
    expect(configMap.data.url).toBe(landscape.spec.runtime.apiServerURL);
  });

  it('is not rendered when the landscape names no URL (a runtime cluster Gardener manages) or provider-metal is off', () => {
    const managed = defaultInput();
    managed.spec.runtime.provider.type = 'metalstack-cloud';
    delete managed.spec.runtime.apiServerURL;
    expect(ofKind(render(resolve(managed)).layers['extensions']!, 'ConfigMap')).toEqual([]);
  });
});

function renderLayer(layer: typeof prerequisitesLayer): Manifest[] {
  const chart = new Chart(new App({ outdir: 'cdk8s.out' }), 'layer', { disableResourceNameHashes: true });
  layer.render(chart, { ...rendered.input, secrets: new SecretInventory() });
  return chart.toJson() as Manifest[];
}
