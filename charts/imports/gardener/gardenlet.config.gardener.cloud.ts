/**
 * gardenlet.config.gardener.cloud/v1alpha1 — the GardenletConfiguration component config, embedded
 * in `Gardenlet.spec.config` and `ManagedSeed.spec.gardenlet.config`. Not an API object of its own.
 *
 * Go: `pkg/gardenlet/apis/config/v1alpha1`. The part metal-garden shapes is `seedConfig` (the Seed
 * the gardenlet registers); the rest is typed loosely enough to pass through tuning values.
 */
import type { ApiObjectMetadata } from 'cdk8s';
import type { Duration } from './common.js';
import { toJson_SeedSpec, type SeedSpec } from './core.gardener.cloud.js';

export const GARDENLET_CONFIG_V1ALPHA1 = 'gardenlet.config.gardener.cloud/v1alpha1';

export interface ClientConnectionConfiguration {
  readonly qps?: number;
  readonly burst?: number;
  readonly acceptContentTypes?: string;
  readonly contentType?: string;
}

/**
 * Go: SeedTemplate — gardenlet creates/updates the Seed from this. No name: the Seed is named after
 * the Gardenlet or ManagedSeed that carries the template, and gardener-apiserver rejects a name here
 * ("seedConfig.metadata.name: Forbidden: seed name is forbidden").
 */
export interface SeedTemplate {
  readonly metadata?: Pick<ApiObjectMetadata, 'labels' | 'annotations'>;
  readonly spec: SeedSpec;
}

export interface LeaderElectionConfiguration {
  readonly leaderElect?: boolean;
  readonly leaseDuration?: Duration;
  readonly renewDeadline?: Duration;
  readonly retryPeriod?: Duration;
  readonly resourceLock?: string;
  readonly resourceName?: string;
  readonly resourceNamespace?: string;
}

export interface GardenletConfiguration {
  readonly apiVersion: typeof GARDENLET_CONFIG_V1ALPHA1;
  readonly kind: 'GardenletConfiguration';
  readonly gardenClientConnection?: ClientConnectionConfiguration & {
    /** Kubeconfig secret gardenlet uses for the garden; bootstrapping fills it. */
    readonly kubeconfigSecret?: { readonly name: string; readonly namespace: string };
    readonly kubeconfigValidity?: { readonly validity?: Duration };
  };
  readonly seedClientConnection?: ClientConnectionConfiguration;
  readonly shootClientConnection?: ClientConnectionConfiguration;
  /** Controller tuning (concurrentSyncs, sync periods) passed through unchanged. */
  readonly controllers?: Readonly<Record<string, unknown>>;
  readonly resources?: { readonly capacity?: Readonly<Record<string, string | number>> };
  readonly leaderElection?: LeaderElectionConfiguration;
  readonly logLevel?: 'debug' | 'info' | 'error';
  readonly logFormat?: 'json' | 'text';
  readonly featureGates?: Readonly<Record<string, boolean>>;
  /** The Seed this gardenlet registers: provider, networks, dns, ingress, backup, taints, settings. */
  readonly seedConfig?: SeedTemplate;
  readonly logging?: Readonly<Record<string, unknown>>;
  readonly etcdConfig?: Readonly<Record<string, unknown>>;
  readonly monitoring?: Readonly<Record<string, unknown>>;
  readonly nodeToleration?: {
    readonly defaultNotReadyTolerationSeconds?: number;
    readonly defaultUnreachableTolerationSeconds?: number;
  };
}

/**
 * The config as it goes into `Gardenlet.spec.config` / `ManagedSeed.spec.gardenlet.config`: apiVersion
 * and kind filled in, so charts only state what differs, and the seed template's spec rendered with
 * the API's field names by the generated `toJson_SeedSpec` — the config is a RawExtension, which the
 * bindings pass through untouched.
 */
export function gardenletConfiguration(config: Omit<GardenletConfiguration, 'apiVersion' | 'kind'>): Record<string, unknown> {
  const { seedConfig, ...rest } = config;
  return {
    apiVersion: GARDENLET_CONFIG_V1ALPHA1,
    kind: 'GardenletConfiguration',
    ...rest,
    ...(seedConfig ? { seedConfig: { ...seedConfig, spec: toJson_SeedSpec(seedConfig.spec) } } : {}),
  };
}
