import { Construct } from 'constructs';
import { gardenletConfiguration, type SeedTemplate } from '../imports/gardener/gardenlet.config.gardener.cloud.js';
import { Gardenlet } from '../imports/gardener/seedmanagement.gardener.cloud.js';
import { GARDEN_NAMESPACE } from './gardener-domains.js';

export interface SoilGardenletProps {
  /** Name of the Gardenlet and so of the Seed it registers. */
  readonly name: string;
  /** The Seed to register (see `seedTemplate()`). */
  readonly seed: SeedTemplate;
  /** OCI reference of the gardenlet chart including the tag, e.g. `europe-docker.pkg.dev/.../gardenlet:v1.138.3`. */
  readonly chartRef: string;
  /** Namespace of the Gardenlet object in the virtual garden. Default: `garden`. */
  readonly namespace?: string;
  /** gardenlet replicas. Default: 2, so a node drain on the runtime cluster does not stop reconciliation. */
  readonly replicas?: number;
}

const pinnedRef = /^[^\s:@]+(:[0-9]+)?\/[^\s:@]+:v?\d+\.\d+\.\d+([-+][^\s]*)?$/;

/**
 * `seedmanagement.gardener.cloud/v1alpha1` Gardenlet: gardener-operator deploys a gardenlet into the
 * runtime cluster, which then registers it as the seed described by `seed` (for metal-garden: the
 * protected, invisible soil that hosts the shooted seeds' control planes).
 */
export class SoilGardenlet extends Construct {
  readonly gardenlet: Gardenlet;

  constructor(scope: Construct, id: string, props: SoilGardenletProps) {
    super(scope, id);
    if (!pinnedRef.test(props.chartRef)) {
      throw new Error(`SoilGardenlet ${props.name}: chartRef ${JSON.stringify(props.chartRef)} must be <registry>/<repository>:<semver tag>`);
    }
    const replicas = props.replicas ?? 2;
    if (!Number.isInteger(replicas) || replicas < 1) throw new Error(`SoilGardenlet ${props.name}: replicas ${replicas} must be a positive integer`);
    this.gardenlet = new Gardenlet(this, 'gardenlet', {
      metadata: { name: props.name, namespace: props.namespace ?? GARDEN_NAMESPACE },
      spec: {
        deployment: { replicaCount: replicas, helm: { ociRepository: { ref: props.chartRef } } },
        config: gardenletConfiguration({ seedConfig: props.seed }),
      },
    });
  }
}
