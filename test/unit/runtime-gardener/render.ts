/**
 * Renders only the Gardener layers of the runtime cluster (gardener-operator, extensions, garden,
 * virtual-garden-access) the way synthesize() does, so these tests exercise exactly that code.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { App, Chart } from 'cdk8s';
import { parse } from 'yaml';
import { projectRoot } from '../../../generators/upstream.js';
import { layerId, type Layer } from '../../../charts/clusters/layer.js';
import { SecretInventory, type RequiredSecret } from '../../../charts/clusters/secret-inventory.js';
import { gardenerOperatorLayer } from '../../../charts/clusters/runtime/gardener-operator.js';
import { extensionsLayer } from '../../../charts/clusters/runtime/extensions.js';
import { gardenLayer } from '../../../charts/clusters/runtime/garden.js';
import { virtualGardenAccessLayer } from '../../../charts/clusters/runtime/virtual-garden-access.js';
import { resolveLandscape, type ResolvedLandscape } from '../../../charts/landscape/resolve.js';

export interface Manifest {
  apiVersion: string;
  kind: string;
  metadata: { name: string; namespace?: string; labels?: Record<string, string>; annotations?: Record<string, string> };
  [key: string]: any;
}

export const gardenerLayers: readonly Layer[] = [gardenerOperatorLayer, extensionsLayer, gardenLayer, virtualGardenAccessLayer];

/** The default example landscape as YAML input (a fresh copy per call), to derive variants from. */
export function defaultInput(): any {
  return parse(readFileSync(join(projectRoot, 'landscapes', 'default.yaml'), 'utf8'));
}

export function resolve(input: unknown): ResolvedLandscape {
  return resolveLandscape(input, { source: 'test landscape', baseDir: join(projectRoot, 'landscapes') });
}

export interface Rendered {
  readonly input: ResolvedLandscape;
  readonly layers: Readonly<Record<string, Manifest[]>>;
  readonly all: readonly Manifest[];
  readonly secrets: readonly RequiredSecret[];
}

export function render(input: ResolvedLandscape = resolve(defaultInput())): Rendered {
  const secrets = new SecretInventory();
  const app = new App({ outdir: 'cdk8s.out' });
  const layers: Record<string, Manifest[]> = {};
  for (const layer of gardenerLayers) {
    const chart = new Chart(app, layerId(layer).replace('/', '--'), { disableResourceNameHashes: true });
    layer.render(chart, { ...input, secrets });
    layers[layer.name] = chart.toJson() as Manifest[];
  }
  return { input, layers, all: Object.values(layers).flat(), secrets: secrets.list() };
}

export function ofKind(manifests: readonly Manifest[], kind: string): Manifest[] {
  return manifests.filter((manifest) => manifest.kind === kind);
}

export function one(manifests: readonly Manifest[], kind: string, name: string): Manifest {
  const found = manifests.filter((manifest) => manifest.kind === kind && manifest.metadata.name === name);
  if (found.length !== 1) throw new Error(`expected exactly one ${kind} ${name}, found ${found.length}`);
  return found[0]!;
}
