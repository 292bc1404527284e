import { Construct } from 'constructs';
import { gardenletConfiguration, type SeedTemplate } from '../imports/gardener/gardenlet.config.gardener.cloud.js';
import type { Bootstrap } from '../imports/gardener/common.js';
import { ManagedSeed } from '../imports/gardener/seedmanagement.gardener.cloud.js';
import { GARDEN_NAMESPACE } from './gardener-domains.js';

export interface ShootedSeedManagedSeedProps {
  /** The Seed to register (see `seedTemplate()`); it is named after the Shoot, like the ManagedSeed. */
  readonly seed: SeedTemplate;
  /** The Shoot in the same namespace that becomes the seed. */
  readonly shootName: string;
  /** gardenlet image pinned by the release vector (the chart is the parent gardenlet's own). */
  readonly image: { readonly repository: string; readonly tag: string };
  /** Namespace; gardener-apiserver only accepts `garden`. Default: `garden`. */
  readonly namespace?: string;
  /** How the new gardenlet obtains garden credentials. Default: `BootstrapToken` (as metal-roles does). */
  readonly bootstrap?: Bootstrap;
  /** gardenlet replicas. Default: 2. */
  readonly replicas?: number;
}

/**
 * `seedmanagement.gardener.cloud/v1alpha1` ManagedSeed: the soil's gardenlet deploys a gardenlet into
 * the Shoot and registers it as the seed described by `seed`. Deployment and configuration are
 * merged with the parent gardenlet's, so tuning set on the soil applies to shooted seeds too.
 */
export class ShootedSeedManagedSeed extends Construct {
  readonly managedSeed: ManagedSeed;

  constructor(scope: Construct, id: string, props: ShootedSeedManagedSeedProps) {
    super(scope, id);
    const namespace = props.namespace ?? GARDEN_NAMESPACE;
    if (namespace !== GARDEN_NAMESPACE)
      throw new Error(`ManagedSeed ${props.shootName}: namespace ${JSON.stringify(namespace)} must be garden (gardener-apiserver rejects others)`);
    this.managedSeed = new ManagedSeed(this, 'managed-seed', {
      metadata: { name: props.shootName, namespace },
      spec: {
        shoot: { name: props.shootName },
        gardenlet: {
          bootstrap: props.bootstrap ?? 'BootstrapToken',
          mergeWithParent: true,
          deployment: { replicaCount: props.replicas ?? 2, image: { repository: props.image.repository, tag: props.image.tag } },
          config: gardenletConfiguration({ seedConfig: props.seed }),
        },
      },
    });
  }
}
