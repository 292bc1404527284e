import type { Chart } from 'cdk8s';
import type { ResolvedLandscape } from '../landscape/resolve.js';
import type { SecretRequirer } from './secret-inventory.js';

/** The clusters a landscape delivers to; each gets dist/<cluster>/. */
export type ClusterName = 'runtime' | 'virtual-garden';

/** `<cluster>/<layer>`, e.g. `runtime/garden`: the folder under dist/ and the id the delivery wiring orders by. */
export type LayerId = `${ClusterName}/${string}`;

/** What a layer's render function gets: the validated landscape and a place to declare required secrets. */
export interface SynthContext extends ResolvedLandscape {
  readonly secrets: SecretRequirer;
}

/**
 * One edge of the delivery graph: the layer that must be Ready first, and what the dependent layer
 * needs from it. Only real needs are edges: an edge that is merely "earlier in the runbook" makes a
 * failure upstream block layers that would work (e.g. the Garden behind the metal control plane).
 */
export interface LayerDependency {
  readonly layer: LayerId;
  /** What the dependent layer needs from `layer`; dist/README.md shows it next to the edge. */
  readonly why: string;
}

/** A dependency with its reason, e.g. `needs('runtime/garden', 'the ManagedResource CRD')`. */
export function needs(layer: LayerId, why: string): LayerDependency {
  return { layer, why };
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
  readonly dependsOn: readonly LayerDependency[];
  /** Adds the layer's objects to `chart` (a cdk8s Chart with resource name hashes disabled). */
  readonly render: (chart: Chart, context: SynthContext) => void;
}

export function layerId(layer: Pick<Layer, 'cluster' | 'name'>): LayerId {
  return `${layer.cluster}/${layer.name}`;
}

/** The ids of the layers `layer` waits for. */
export function dependencyIds(layer: Pick<Layer, 'dependsOn'>): LayerId[] {
  return layer.dependsOn.map((dependency) => dependency.layer);
}
