/**
 * Renders only the virtual-garden layers of a landscape (the way synthesize() does, without the
 * runtime layers), so these tests exercise exactly the code under test.
 */
import { join } from 'node:path';
import { App, Chart } from 'cdk8s';
import { projectRoot } from '../../../generators/upstream.js';
import { layerId } from '../../../charts/clusters/layer.js';
import { SecretInventory, type RequiredSecret } from '../../../charts/clusters/secret-inventory.js';
import { virtualGardenLayers } from '../../../charts/clusters/virtual-garden/index.js';
import { loadLandscapeFile, type ResolvedLandscape } from '../../../charts/landscape/resolve.js';

export interface Manifest {
  apiVersion: string;
  kind: string;
  metadata: { name: string; namespace?: string; labels?: Record<string, string>; annotations?: Record<string, string> };
  [key: string]: any;
}

export interface Rendered {
  readonly input: ResolvedLandscape;
  /** Manifests per layer name (`garden-project`, `soil`, ...). */
  readonly layers: Readonly<Record<string, Manifest[]>>;
  readonly all: readonly Manifest[];
  readonly secrets: readonly RequiredSecret[];
}

export function loadDefaultLandscape(): ResolvedLandscape {
  return loadLandscapeFile(join(projectRoot, 'landscapes', 'default.yaml'));
}

export function renderVirtualGarden(input: ResolvedLandscape = loadDefaultLandscape()): Rendered {
  const secrets = new SecretInventory();
  const app = new App({ outdir: 'cdk8s.out' });
  const layers: Record<string, Manifest[]> = {};
  for (const layer of virtualGardenLayers) {
    const chart = new Chart(app, layerId(layer).replace('/', '--'), { disableResourceNameHashes: true });
    layer.render(chart, { ...input, secrets });
    layers[layer.name] = chart.toJson() as Manifest[];
  }
  return { input, layers, all: Object.values(layers).flat(), secrets: secrets.list() };
}

export function ofKind(manifests: readonly Manifest[], kind: string): Manifest[] {
  return manifests.filter((m) => m.kind === kind);
}
