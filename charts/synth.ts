import { App, Chart } from 'cdk8s';
import type { ResolvedLandscape } from './landscape/resolve.js';
import { layerId, type Layer, type LayerId } from './clusters/layer.js';
import { SecretInventory, type RequiredSecret } from './clusters/secret-inventory.js';
import { checkLayerGraph } from './clusters/layer-graph.js';
import { layers as allLayers } from './clusters/index.js';
import { fluxRequiredSecrets } from './delivery/flux/index.js';
import { argoCdRequiredSecrets } from './delivery/argocd/index.js';
import { sopsRequiredSecrets } from './delivery/secrets/sops-decryption.js';

/** A Kubernetes object as written to dist/. */
export interface Manifest {
  readonly apiVersion: string;
  readonly kind: string;
  readonly metadata: { readonly name: string; readonly namespace?: string; readonly [key: string]: unknown };
  readonly [key: string]: unknown;
}

export interface RenderedLayer {
  readonly id: LayerId;
  readonly layer: Layer;
  readonly manifests: readonly Manifest[];
}

export interface Synthesis {
  readonly input: ResolvedLandscape;
  readonly layers: readonly RenderedLayer[];
  readonly secrets: readonly RequiredSecret[];
}

/** Renders every layer of a validated landscape in memory; writing files is a separate step. */
export function synthesize(input: ResolvedLandscape, layers: readonly Layer[] = allLayers): Synthesis {
  checkLayerGraph(layers);
  const secrets = new SecretInventory();
  const app = new App({ outdir: 'cdk8s.out' });
  const rendered = layers.map((layer) => {
    const id = layerId(layer);
    const chart = new Chart(app, id.replace('/', '--'), { disableResourceNameHashes: true });
    layer.render(chart, { ...input, secrets: secrets.forLayer(id) });
    return { id, layer, manifests: chart.toJson() as Manifest[] };
  });
  // The engine's own Git credentials are a required secret too, though no layer renders them.
  const { engine } = input.landscape.spec.delivery;
  if (engine !== 'argocd') for (const secret of fluxRequiredSecrets(input.landscape)) secrets.require(secret);
  if (engine !== 'flux') for (const secret of argoCdRequiredSecrets(input.landscape)) secrets.require(secret);
  // So is the age key Flux decrypts SOPS stubs with (mode sops), in each namespace that decrypts.
  for (const secret of sopsRequiredSecrets(input.landscape, secrets.list())) secrets.require(secret);
  return { input, layers: rendered, secrets: secrets.list() };
}
