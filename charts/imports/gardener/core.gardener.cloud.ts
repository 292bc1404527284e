/**
 * core.gardener.cloud — Gardener's aggregated core API (served by gardener-apiserver, not CRDs).
 *
 * Hand-written for Gardener v1.138 (the version the landscape pins) from the Go types in
 * `pkg/apis/core/v1beta1` (and `core/v1` for ControllerDeployment) and the upstream examples.
 * Interface names follow the Go type names so that bindings generated from the real
 * gardener-apiserver OpenAPI can replace this file without touching call sites. Only fields
 * metal-garden renders or tests are modelled; comments say why a field matters here.
 */
import type { ApiObjectMetadata, GroupVersionKind } from 'cdk8s';
import type { Construct } from 'constructs';
import {
  GardenerApiObject,
  manifestOf,
  type GardenerManifest,
  type CrossVersionObjectReference,
  type Duration,
  type IntOrString,
  type LabelSelector,
  type LocalObjectReference,
  type ObjectReference,
  type Quantity,
  type RawExtension,
  type SecretReference,
  type Taint,
} from './api-object.js';

export const CORE_V1BETA1 = 'core.gardener.cloud/v1beta1';
export const CORE_V1 = 'core.gardener.cloud/v1';

// ---------------------------------------------------------------------------------------------
// Project
// ---------------------------------------------------------------------------------------------

/** Go: rbacv1.Subject embedded in ProjectMember. */
export interface Subject {
  readonly apiGroup?: string;
  readonly kind: 'User' | 'Group' | 'ServiceAccount';
  readonly name: string;
  readonly namespace?: string;
}

/** A project member; `role`/`roles` (admin, viewer, uam, serviceaccountmanager, extension:*) grant access. */
export interface ProjectMember extends Subject {
  readonly role: string;
  readonly roles?: readonly string[];
}

/** Go: Toleration — a shoot may only use a seed whose taints it tolerates (e.g. the protected seed taint). */
export interface Toleration {
  readonly key: string;
  readonly value?: string;
}

export interface ProjectTolerations {
  /** Added to every new Shoot in the project. */
  readonly defaults?: readonly Toleration[];
  /** The only tolerations Shoots of the project may carry. */
  readonly whitelist?: readonly Toleration[];
}

export interface ProjectSpec {
  readonly createdBy?: Subject;
  readonly description?: string;
  readonly owner?: Subject;
  readonly purpose?: string;
  readonly members?: readonly ProjectMember[];
  /** Namespace the project owns (`garden` for the operator project, `garden-<name>` otherwise). Immutable once set. */
  readonly namespace?: string;
  readonly tolerations?: ProjectTolerations;
}

export interface ProjectProps {
  readonly metadata: ApiObjectMetadata;
  readonly spec?: ProjectSpec;
}

export class Project extends GardenerApiObject<ProjectProps> {
  public static readonly GVK: GroupVersionKind = { apiVersion: CORE_V1BETA1, kind: 'Project' };
  public static manifest(props: ProjectProps): GardenerManifest<ProjectProps> {
    return manifestOf(Project.GVK, props);
  }
  public constructor(scope: Construct, id: string, props: ProjectProps) {
    super(scope, id, Project.GVK, props);
  }
}

// ---------------------------------------------------------------------------------------------
// CloudProfile
// ---------------------------------------------------------------------------------------------

export type VersionClassification = 'preview' | 'supported' | 'deprecated' | 'unavailable' | 'expired';

/** A Kubernetes or machine image version; `classification` steers auto-updates and shoot validation. */
export interface ExpirableVersion {
  readonly version: string;
  /** RFC 3339 timestamp after which the version may no longer be used. */
  readonly expirationDate?: string;
  readonly classification?: VersionClassification;
}

export interface KubernetesSettings {
  /** Versions shoots may use; the validation checks landscape versions against this list. */
  readonly versions: readonly ExpirableVersion[];
}

export interface CRI {
  readonly name: 'containerd';
  readonly containerRuntimes?: readonly { readonly type: string; readonly providerConfig?: RawExtension }[];
}

export interface MachineImageVersion extends ExpirableVersion {
  readonly cri?: readonly CRI[];
  readonly architectures?: readonly string[];
  readonly kubeletVersionConstraint?: string;
}

/** An OS image offered to worker pools (e.g. `ubuntu`); firewall images live in the metal CloudProfileConfig instead. */
export interface MachineImage {
  readonly name: string;
  readonly versions: readonly MachineImageVersion[];
  readonly updateStrategy?: 'patch' | 'minor' | 'major';
}

export interface MachineTypeStorage {
  readonly class: string;
  readonly size?: Quantity;
  readonly type: string;
  readonly minSize?: Quantity;
}

/** A machine type; for metal-stack these are the metal-api sizes (e.g. `c1-xlarge-x86`). */
export interface MachineType {
  readonly name: string;
  readonly cpu: Quantity;
  readonly gpu: Quantity;
  readonly memory: Quantity;
  readonly storage?: MachineTypeStorage;
  readonly usable?: boolean;
  readonly architecture?: string;
}

export interface VolumeType {
  readonly name: string;
  readonly class: string;
  readonly usable?: boolean;
  readonly minSize?: Quantity;
}

/** Go: AvailabilityZone — for metal-stack one zone per partition id. */
export interface AvailabilityZone {
  readonly name: string;
  readonly unavailableMachineTypes?: readonly string[];
  readonly unavailableVolumeTypes?: readonly string[];
}

export interface Region {
  readonly name: string;
  readonly zones?: readonly AvailabilityZone[];
  readonly labels?: Readonly<Record<string, string>>;
}

export interface Bastion {
  readonly machineImage?: { readonly name: string; readonly version?: string };
  readonly machineType?: { readonly name: string };
}

export interface SeedSelector extends LabelSelector {
  /** Provider types of seeds allowed to host shoots of this profile / shoot. */
  readonly providerTypes?: readonly string[];
}

export interface CloudProfileSpec {
  /** Provider type; `metal` for metal-stack. Must match the provider extension's type. */
  readonly type: string;
  readonly caBundle?: string;
  readonly kubernetes: KubernetesSettings;
  readonly machineImages: readonly MachineImage[];
  readonly machineTypes: readonly MachineType[];
  /** Provider-specific part; for metal-stack a `CloudProfileConfig` from metal.provider.extensions.gardener.cloud. */
  readonly providerConfig?: RawExtension;
  readonly regions: readonly Region[];
  readonly seedSelector?: SeedSelector;
  readonly volumeTypes?: readonly VolumeType[];
  readonly bastion?: Bastion;
  readonly limits?: { readonly maxNodesTotal?: number };
}

export interface CloudProfileProps {
  readonly metadata: ApiObjectMetadata;
  readonly spec: CloudProfileSpec;
}

export class CloudProfile extends GardenerApiObject<CloudProfileProps> {
  public static readonly GVK: GroupVersionKind = { apiVersion: CORE_V1BETA1, kind: 'CloudProfile' };
  public static manifest(props: CloudProfileProps): GardenerManifest<CloudProfileProps> {
    return manifestOf(CloudProfile.GVK, props);
  }
  public constructor(scope: Construct, id: string, props: CloudProfileProps) {
    super(scope, id, CloudProfile.GVK, props);
  }
}

// ---------------------------------------------------------------------------------------------
// Shoot
// ---------------------------------------------------------------------------------------------

/** Go: CloudProfileReference — replaces the deprecated `cloudProfileName`. */
export interface CloudProfileReference {
  readonly kind: 'CloudProfile' | 'NamespacedCloudProfile';
  readonly name: string;
}

export type ShootPurpose = 'evaluation' | 'testing' | 'development' | 'production' | 'infrastructure';

export interface KubeAPIServerConfig {
  readonly featureGates?: Readonly<Record<string, boolean>>;
  readonly runtimeConfig?: Readonly<Record<string, boolean>>;
  readonly admissionPlugins?: readonly { readonly name: string; readonly config?: RawExtension; readonly disabled?: boolean }[];
  readonly enableAnonymousAuthentication?: boolean;
  readonly eventTTL?: Duration;
  readonly autoscaling?: { readonly minAllowed?: Readonly<Record<string, Quantity>> };
}

export interface KubeletConfig {
  readonly featureGates?: Readonly<Record<string, boolean>>;
  readonly maxPods?: number;
  readonly podPidsLimit?: number;
  readonly kubeReserved?: Readonly<Record<string, Quantity>>;
  readonly systemReserved?: Readonly<Record<string, Quantity>>;
  readonly serializeImagePulls?: boolean;
}

export interface Kubernetes {
  /** Kubernetes version; must be offered by the CloudProfile. */
  readonly version?: string;
  readonly kubeAPIServer?: KubeAPIServerConfig;
  readonly kubeControllerManager?: {
    readonly nodeCIDRMaskSize?: number;
    readonly featureGates?: Readonly<Record<string, boolean>>;
  };
  readonly kubeScheduler?: { readonly featureGates?: Readonly<Record<string, boolean>>; readonly profile?: string };
  readonly kubeProxy?: { readonly enabled?: boolean; readonly mode?: 'IPTables' | 'IPVS' | 'NFTables' };
  readonly kubelet?: KubeletConfig;
  readonly verticalPodAutoscaler?: { readonly enabled: boolean };
  readonly clusterAutoscaler?: Readonly<Record<string, unknown>>;
}

/** Go: Networking — the shoot's CIDRs must not overlap the seed's; the validation checks this. */
export interface Networking {
  /** Network extension type: `calico` or `cilium`. */
  readonly type?: string;
  readonly providerConfig?: RawExtension;
  readonly pods?: string;
  readonly nodes?: string;
  readonly services?: string;
  readonly ipFamilies?: readonly ('IPv4' | 'IPv6')[];
}

/** Go: ShootMachineImage — name and version must be offered by the CloudProfile. */
export interface ShootMachineImage {
  readonly name: string;
  readonly version?: string;
  readonly providerConfig?: RawExtension;
}

export interface Machine {
  /** Machine type; for metal-stack a metal-api size. */
  readonly type: string;
  readonly image?: ShootMachineImage;
  readonly architecture?: string;
}

export interface Volume {
  readonly name?: string;
  readonly type?: string;
  readonly size: Quantity;
  readonly encrypted?: boolean;
}

export interface DataVolume {
  readonly name: string;
  readonly type?: string;
  readonly size: Quantity;
  readonly encrypted?: boolean;
}

export interface WorkerKubernetes {
  readonly version?: string;
  readonly kubelet?: KubeletConfig;
}

/** Go: Worker — one machine pool of the shoot. */
export interface Worker {
  readonly name: string;
  readonly machine: Machine;
  readonly minimum: number;
  readonly maximum: number;
  readonly maxSurge?: IntOrString;
  readonly maxUnavailable?: IntOrString;
  /** For metal-stack: the partition id (the CloudProfile region's zone). */
  readonly zones?: readonly string[];
  readonly volume?: Volume;
  readonly dataVolumes?: readonly DataVolume[];
  readonly kubeletDataVolumeName?: string;
  readonly providerConfig?: RawExtension;
  readonly labels?: Readonly<Record<string, string>>;
  readonly annotations?: Readonly<Record<string, string>>;
  readonly taints?: readonly Taint[];
  readonly cri?: CRI;
  readonly kubernetes?: WorkerKubernetes;
  readonly systemComponents?: { readonly allow: boolean };
  readonly priority?: number;
  readonly updateStrategy?: 'AutoRollingUpdate' | 'AutoInPlaceUpdate' | 'ManualInPlaceUpdate';
  readonly machineControllerManager?: {
    readonly machineDrainTimeout?: Duration;
    readonly machineHealthTimeout?: Duration;
    readonly machineCreationTimeout?: Duration;
    readonly maxEvictRetries?: number;
    readonly nodeConditions?: readonly string[];
  };
  readonly sysctls?: Readonly<Record<string, string>>;
}

export interface WorkersSettings {
  readonly sshAccess?: { readonly enabled: boolean };
}

/** Go: Provider — the shoot's infrastructure; provider configs are typed by the provider extension. */
export interface Provider {
  /** Provider type; `metal`. */
  readonly type: string;
  /** For metal-stack: `InfrastructureConfig` (firewall, partitionID, projectID). */
  readonly infrastructureConfig?: RawExtension;
  /** For metal-stack: `ControlPlaneConfig` (cloud-controller-manager settings, ...). */
  readonly controlPlaneConfig?: RawExtension;
  readonly workers?: readonly Worker[];
  readonly workersSettings?: WorkersSettings;
}

export interface MaintenanceTimeWindow {
  /** `HHMMSS+ZONE`, e.g. `220000+0000`. */
  readonly begin: string;
  readonly end: string;
}

export interface MaintenanceAutoUpdate {
  readonly kubernetesVersion: boolean;
  readonly machineImageVersion?: boolean;
}

export interface Maintenance {
  readonly autoUpdate?: MaintenanceAutoUpdate;
  readonly timeWindow?: MaintenanceTimeWindow;
  /** When true, spec changes roll out only in the maintenance window — safer for seeds. */
  readonly confineSpecUpdateRollout?: boolean;
}

/** Go: DNSProvider (shoot) — only needed for custom shoot domains. */
export interface DNSProvider {
  readonly type?: string;
  readonly primary?: boolean;
  /** Deprecated by Gardener in favour of `credentialsRef`. */
  readonly secretName?: string;
  readonly credentialsRef?: CrossVersionObjectReference;
  readonly domains?: { readonly include?: readonly string[]; readonly exclude?: readonly string[] };
  readonly zones?: { readonly include?: readonly string[]; readonly exclude?: readonly string[] };
}

export interface DNS {
  /** Shoot domain; defaults to `<shoot>.<project>.<default domain>` when unset. */
  readonly domain?: string;
  readonly providers?: readonly DNSProvider[];
}

export interface Addons {
  readonly kubernetesDashboard?: { readonly enabled: boolean; readonly authenticationMode?: string };
  readonly nginxIngress?: { readonly enabled: boolean; readonly loadBalancerSourceRanges?: readonly string[] };
}

export interface HibernationSchedule {
  readonly start?: string;
  readonly end?: string;
  readonly location?: string;
}

export interface Hibernation {
  readonly enabled?: boolean;
  readonly schedules?: readonly HibernationSchedule[];
}

/** Go: Extension (shoot) — enables an extension (e.g. `shoot-cert-service`) for this shoot. */
export interface Extension {
  readonly type: string;
  readonly providerConfig?: RawExtension;
  readonly disabled?: boolean;
}

/** Go: NamedResourceReference — objects from the project namespace that extensions may read. */
export interface NamedResourceReference {
  readonly name: string;
  readonly resourceRef: CrossVersionObjectReference;
}

export interface ControlPlane {
  readonly highAvailability?: { readonly failureTolerance: { readonly type: 'node' | 'zone' } };
}

export interface SystemComponents {
  readonly coreDNS?: { readonly autoscaling?: { readonly mode: 'horizontal' | 'cluster-proportional' } };
  readonly nodeLocalDNS?: {
    readonly enabled: boolean;
    readonly forceTCPToClusterDNS?: boolean;
    readonly forceTCPToUpstreamDNS?: boolean;
    readonly disableForwardToUpstreamDNS?: boolean;
  };
}

export interface ShootSpec {
  /** Deprecated by Gardener in favour of `cloudProfile`; kept for older API servers. */
  readonly cloudProfileName?: string;
  readonly cloudProfile?: CloudProfileReference;
  readonly region: string;
  /** Deprecated by Gardener in favour of `credentialsBindingName`. */
  readonly secretBindingName?: string;
  /** Name of the `CredentialsBinding` (security.gardener.cloud) holding the provider credentials. */
  readonly credentialsBindingName?: string;
  /** `infrastructure` is reserved for shoots in the `garden` project, e.g. shooted seeds. */
  readonly purpose?: ShootPurpose;
  readonly kubernetes: Kubernetes;
  readonly networking?: Networking;
  readonly provider: Provider;
  readonly maintenance?: Maintenance;
  /** Shooted seeds tolerate `seed.gardener.cloud/protected` to be scheduled onto the protected soil. */
  readonly tolerations?: readonly Toleration[];
  readonly seedName?: string;
  readonly seedSelector?: SeedSelector;
  readonly dns?: DNS;
  readonly addons?: Addons;
  readonly hibernation?: Hibernation;
  readonly extensions?: readonly Extension[];
  readonly resources?: readonly NamedResourceReference[];
  readonly controlPlane?: ControlPlane;
  readonly systemComponents?: SystemComponents;
  readonly exposureClassName?: string;
  readonly schedulerName?: string;
  readonly monitoring?: { readonly alerting?: { readonly emailReceivers?: readonly string[] } };
}

export interface ShootProps {
  readonly metadata: ApiObjectMetadata;
  readonly spec: ShootSpec;
}

export class Shoot extends GardenerApiObject<ShootProps> {
  public static readonly GVK: GroupVersionKind = { apiVersion: CORE_V1BETA1, kind: 'Shoot' };
  public static manifest(props: ShootProps): GardenerManifest<ShootProps> {
    return manifestOf(Shoot.GVK, props);
  }
  public constructor(scope: Construct, id: string, props: ShootProps) {
    super(scope, id, Shoot.GVK, props);
  }
}

// ---------------------------------------------------------------------------------------------
// Seed (rendered as a Gardenlet's seedConfig; the Seed object itself is created by gardenlet)
// ---------------------------------------------------------------------------------------------

export interface SeedProvider {
  /** Provider type of the seed's cluster (`gcp` for the soil, `metal` for shooted seeds). */
  readonly type: string;
  readonly region: string;
  readonly zones?: readonly string[];
  readonly providerConfig?: RawExtension;
}

/** Go: ShootNetworks — default CIDRs for shoots on this seed. */
export interface ShootNetworks {
  readonly pods?: string;
  readonly services?: string;
}

/** Go: SeedNetworks — must match the seed cluster's real CIDRs and not overlap shoot networks. */
export interface SeedNetworks {
  readonly nodes?: string;
  readonly pods: string;
  readonly services: string;
  readonly shootDefaults?: ShootNetworks;
  readonly blockCIDRs?: readonly string[];
  readonly ipFamilies?: readonly ('IPv4' | 'IPv6')[];
}

/** Go: SeedDNSProvider — the DNS provider gardenlet uses for the seed's ingress domain. */
export interface SeedDNSProvider {
  readonly type: string;
  /** Deprecated by Gardener in favour of `credentialsRef`. */
  readonly secretRef?: SecretReference;
  readonly credentialsRef?: ObjectReference;
}

export interface SeedDNS {
  readonly provider?: SeedDNSProvider;
  /**
   * Internal/default domains configured on the seed instead of `internal-domain`/`default-domain` secrets.
   * Present in the mirrored (v1.150-dev) examples; not verified against v1.138, so the charts keep using the secrets.
   */
  readonly internal?: { readonly type: string; readonly domain: string; readonly credentialsRef: ObjectReference; readonly zone?: string };
  /** See `internal`. */
  readonly defaults?: readonly { readonly type: string; readonly domain: string; readonly credentialsRef: ObjectReference; readonly zone?: string }[];
}

export interface IngressController {
  /** Only `nginx` is supported by Gardener. */
  readonly kind: 'nginx';
  readonly providerConfig?: RawExtension;
}

/** Go: Ingress — wildcard domain for seed-hosted ingresses (plutono, prometheus, ...). */
export interface Ingress {
  readonly domain: string;
  readonly controller: IngressController;
}

/** Go: SeedBackup — where etcd backups of shoots on this seed go. */
export interface SeedBackup {
  /** Backup provider type, e.g. `gcp` or `s3` (metal-stack's backup-s3 extension). */
  readonly provider: string;
  readonly providerConfig?: RawExtension;
  readonly region?: string;
  /** Deprecated by Gardener in favour of `credentialsRef`. */
  readonly secretRef?: SecretReference;
  readonly credentialsRef?: ObjectReference;
}

/** Go: SeedTaint — `seed.gardener.cloud/protected` keeps non-garden shoots off the soil. */
export interface SeedTaint {
  readonly key: string;
  readonly value?: string;
}

export interface SeedSettings {
  readonly excessCapacityReservation?: { readonly enabled?: boolean };
  /** `visible: false` hides the seed from the scheduler, e.g. for the soil. */
  readonly scheduling?: { readonly visible: boolean };
  readonly loadBalancerServices?: {
    readonly annotations?: Readonly<Record<string, string>>;
    readonly externalTrafficPolicy?: 'Cluster' | 'Local';
    readonly class?: string;
  };
  readonly verticalPodAutoscaler?: { readonly enabled: boolean };
  readonly dependencyWatchdog?: { readonly weeder?: { readonly enabled: boolean }; readonly prober?: { readonly enabled: boolean } };
  readonly topologyAwareRouting?: { readonly enabled: boolean };
}

export interface SeedSpec {
  readonly provider: SeedProvider;
  readonly networks: SeedNetworks;
  readonly dns?: SeedDNS;
  readonly ingress?: Ingress;
  readonly backup?: SeedBackup;
  readonly taints?: readonly SeedTaint[];
  readonly settings?: SeedSettings;
  readonly extensions?: readonly Extension[];
  readonly resources?: readonly NamedResourceReference[];
  readonly volume?: { readonly minimumSize?: Quantity; readonly providers?: readonly { readonly purpose: string; readonly name: string }[] };
}

export interface SeedProps {
  readonly metadata: ApiObjectMetadata;
  readonly spec: SeedSpec;
}

/** The Seed kind, for tests and completeness; metal-garden registers seeds through Gardenlet/ManagedSeed. */
export class Seed extends GardenerApiObject<SeedProps> {
  public static readonly GVK: GroupVersionKind = { apiVersion: CORE_V1BETA1, kind: 'Seed' };
  public static manifest(props: SeedProps): GardenerManifest<SeedProps> {
    return manifestOf(Seed.GVK, props);
  }
  public constructor(scope: Construct, id: string, props: SeedProps) {
    super(scope, id, Seed.GVK, props);
  }
}

// ---------------------------------------------------------------------------------------------
// ControllerRegistration / ControllerDeployment (extensions outside gardener-operator)
// ---------------------------------------------------------------------------------------------

/** Go: ControllerResource — which extension kind/type a controller reconciles. */
export interface ControllerResource {
  readonly kind: string;
  readonly type: string;
  readonly primary?: boolean;
  readonly autoEnable?: readonly ('shoot' | 'seed')[];
  readonly clusterCompatibility?: readonly ('shoot' | 'seed')[];
  readonly reconcileTimeout?: Duration;
  readonly workerlessSupported?: boolean;
}

export interface ControllerRegistrationDeployment {
  readonly policy?: 'OnDemand' | 'Always' | 'AlwaysExceptNoShoots';
  readonly seedSelector?: LabelSelector;
  readonly deploymentRefs?: readonly { readonly name: string }[];
}

export interface ControllerRegistrationSpec {
  readonly resources?: readonly ControllerResource[];
  readonly deployment?: ControllerRegistrationDeployment;
}

export interface ControllerRegistrationProps {
  readonly metadata: ApiObjectMetadata;
  readonly spec: ControllerRegistrationSpec;
}

export class ControllerRegistration extends GardenerApiObject<ControllerRegistrationProps> {
  public static readonly GVK: GroupVersionKind = { apiVersion: CORE_V1BETA1, kind: 'ControllerRegistration' };
  public static manifest(props: ControllerRegistrationProps): GardenerManifest<ControllerRegistrationProps> {
    return manifestOf(ControllerRegistration.GVK, props);
  }
  public constructor(scope: Construct, id: string, props: ControllerRegistrationProps) {
    super(scope, id, ControllerRegistration.GVK, props);
  }
}

/** Go: OCIRepository — a Helm chart in an OCI registry: either `ref`, or `repository` plus `tag`/`digest`. */
export interface OCIRepository {
  /** Full reference `registry/repo:tag@digest`; mutually exclusive with repository/tag/digest. */
  readonly ref?: string;
  readonly repository?: string;
  readonly tag?: string;
  readonly digest?: string;
  readonly pullSecretRef?: LocalObjectReference;
  readonly caBundleSecretRef?: LocalObjectReference;
}

/** Go: HelmControllerDeployment (core/v1). */
export interface HelmControllerDeployment {
  /** Base64-encoded chart archive; alternative to `ociRepository`. */
  readonly rawChart?: string;
  readonly values?: Readonly<Record<string, unknown>>;
  readonly ociRepository?: OCIRepository;
}

/** ControllerDeployment in core.gardener.cloud/v1 keeps its fields at the top level (no `spec`). */
export interface ControllerDeploymentProps {
  readonly metadata: ApiObjectMetadata;
  readonly helm?: HelmControllerDeployment;
  readonly injectGardenKubeconfig?: boolean;
}

export class ControllerDeployment extends GardenerApiObject<ControllerDeploymentProps> {
  public static readonly GVK: GroupVersionKind = { apiVersion: CORE_V1, kind: 'ControllerDeployment' };
  public static manifest(props: ControllerDeploymentProps): GardenerManifest<ControllerDeploymentProps> {
    return manifestOf(ControllerDeployment.GVK, props);
  }
  public constructor(scope: Construct, id: string, props: ControllerDeploymentProps) {
    super(scope, id, ControllerDeployment.GVK, props);
  }
}

/** Annotation keys and taints of the core API that charts set. */
export const SEED_TAINT_PROTECTED = 'seed.gardener.cloud/protected';
