import type { Chart } from 'cdk8s';
import type { ResolvedLandscape } from '../landscape/resolve.js';
import type { SecretInventory } from './secret-inventory.js';

/** The clusters a landscape delivers to; each gets dist/<cluster>/. */
export type ClusterName = 'runtime' | 'virtual-garden';

/** `<cluster>/<layer>`, e.g. `runtime/garden`: the folder under dist/ and the id the delivery wiring orders by. */
export type LayerId = `${ClusterName}/${string}`;

/** What a layer's render function gets: the validated landscape and a place to declare required secrets. */
export interface SynthContext extends ResolvedLandscape {
  readonly secrets: SecretInventory;
}

/**
 * One unit of delivery: a folder of manifests applied together, after the layers it depends on are
 * ready. The delivery engine (Flux, later Argo CD) derives its ordering from `dependsOn`.
 */
export interface Layer {
  readonly cluster: ClusterName;
  /** Folder name under dist/<cluster>/ (DNS label). */
  readonly name: string;
  /** One line for dist/README.md. */
  readonly description: string;
  readonly dependsOn: readonly LayerId[];
  /** Adds the layer's objects to `chart` (a cdk8s Chart with resource name hashes disabled). */
  readonly render: (chart: Chart, context: SynthContext) => void;
}

export function layerId(layer: Pick<Layer, 'cluster' | 'name'>): LayerId {
  return `${layer.cluster}/${layer.name}`;
}
