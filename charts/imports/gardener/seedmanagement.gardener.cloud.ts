/**
 * seedmanagement.gardener.cloud/v1alpha1 — Gardenlet (deploys a gardenlet into an unmanaged cluster,
 * here the soil) and ManagedSeed (registers a Shoot as seed, here the shooted seeds).
 *
 * Go: `pkg/apis/seedmanagement/v1alpha1` (Gardener v1.138). Names follow the Go types.
 */
import type { ApiObjectMetadata, GroupVersionKind } from 'cdk8s';
import type { Construct } from 'constructs';
import { GardenerApiObject, manifestOf, type GardenerManifest, type LocalObjectReference, type Quantity } from './api-object.js';
import type { OCIRepository } from './core.gardener.cloud.js';
import type { GardenletConfiguration } from './gardenlet.config.gardener.cloud.js';

export const SEEDMANAGEMENT_V1ALPHA1 = 'seedmanagement.gardener.cloud/v1alpha1';

/** Go: Image — overrides the gardenlet image (normally implied by the chart version). */
export interface Image {
  readonly repository?: string;
  readonly tag?: string;
  readonly pullPolicy?: 'Always' | 'IfNotPresent' | 'Never';
}

/** Go: GardenletDeployment — how the gardenlet Deployment looks in the target cluster. */
export interface GardenletDeployment {
  readonly replicaCount?: number;
  readonly revisionHistoryLimit?: number;
  readonly serviceAccountName?: string;
  readonly image?: Image;
  readonly resources?: {
    readonly requests?: Readonly<Record<string, Quantity>>;
    readonly limits?: Readonly<Record<string, Quantity>>;
  };
  readonly podLabels?: Readonly<Record<string, string>>;
  readonly podAnnotations?: Readonly<Record<string, string>>;
  /** Corev1 volumes/mounts/env passed through; typed by k8s bindings where charts build them. */
  readonly additionalVolumes?: readonly object[];
  readonly additionalVolumeMounts?: readonly object[];
  readonly env?: readonly object[];
}

/** Go: GardenletHelm — the gardenlet chart gardener-operator installs, pinned by OCI ref for reproducibility. */
export interface GardenletHelm {
  readonly ociRepository: OCIRepository;
}

/** Go: GardenletSelfDeployment — GardenletDeployment plus the chart to deploy. */
export interface GardenletSelfDeployment extends GardenletDeployment {
  readonly helm: GardenletHelm;
  readonly imageVectorOverwrite?: string;
  readonly componentImageVectorOverwrite?: string;
}

export interface GardenletSpec {
  readonly deployment: GardenletSelfDeployment;
  /** GardenletConfiguration including `seedConfig`, which defines the soil Seed. */
  readonly config?: GardenletConfiguration;
  /**
   * Secret (in the Gardenlet's namespace) with a kubeconfig for the target cluster, only needed for
   * the first deployment when the target is not the cluster gardener-operator runs in.
   */
  readonly kubeconfigSecretRef?: LocalObjectReference;
}

export interface GardenletProps {
  readonly metadata: ApiObjectMetadata;
  readonly spec: GardenletSpec;
}

/** Lives in the virtual garden's `garden` namespace; gardener-operator picks it up and deploys the gardenlet. */
export class Gardenlet extends GardenerApiObject<GardenletProps> {
  public static readonly GVK: GroupVersionKind = { apiVersion: SEEDMANAGEMENT_V1ALPHA1, kind: 'Gardenlet' };
  public static manifest(props: GardenletProps): GardenerManifest<GardenletProps> {
    return manifestOf(Gardenlet.GVK, props);
  }
  public constructor(scope: Construct, id: string, props: GardenletProps) {
    super(scope, id, Gardenlet.GVK, props);
  }
}

/** Go: Bootstrap — how the shooted seed's gardenlet obtains its garden credentials. */
export type Bootstrap = 'BootstrapToken' | 'ServiceAccount' | 'None';

/** Go: Gardenlet (the ManagedSeed field, not the kind above). */
export interface ManagedSeedGardenlet {
  readonly deployment?: GardenletDeployment;
  /** GardenletConfiguration; with `mergeWithParent` only the differences to the parent gardenlet are needed. */
  readonly config?: GardenletConfiguration;
  readonly bootstrap?: Bootstrap;
  /** Merge deployment and config with the parent (soil) gardenlet's, so shooted seeds inherit tuning. */
  readonly mergeWithParent?: boolean;
}

export interface ManagedSeedSpec {
  /** The Shoot (in the ManagedSeed's namespace, `garden`) to register as seed. */
  readonly shoot: { readonly name: string };
  readonly gardenlet: ManagedSeedGardenlet;
}

export interface ManagedSeedProps {
  readonly metadata: ApiObjectMetadata;
  readonly spec: ManagedSeedSpec;
}

export class ManagedSeed extends GardenerApiObject<ManagedSeedProps> {
  public static readonly GVK: GroupVersionKind = { apiVersion: SEEDMANAGEMENT_V1ALPHA1, kind: 'ManagedSeed' };
  public static manifest(props: ManagedSeedProps): GardenerManifest<ManagedSeedProps> {
    return manifestOf(ManagedSeed.GVK, props);
  }
  public constructor(scope: Construct, id: string, props: ManagedSeedProps) {
    super(scope, id, ManagedSeed.GVK, props);
  }
}
