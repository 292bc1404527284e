/**
 * metal.provider.extensions.gardener.cloud/v1alpha1 — provider configs of gardener-extension-provider-metal,
 * embedded as `providerConfig` / `infrastructureConfig` / `controlPlaneConfig` into CloudProfile and Shoot.
 *
 * Field names and JSON tags follow `pkg/apis/metal/v1alpha1/types_*.go` of metal-stack's provider.
 * Where Go has no `omitempty` but the provider accepts the zero value, the field is optional here.
 * The provider has no WorkerConfig: worker pools need no provider config on metal-stack.
 */
import type { Duration } from './common.js';

export const METAL_PROVIDER_V1ALPHA1 = 'metal.provider.extensions.gardener.cloud/v1alpha1';

/** Shoot annotation metal-stack requires: the metal-api tenant owning the shoot's machines and IPs. */
export const ANNOTATION_CLUSTER_TENANT = 'cluster.metal-stack.io/tenant';

// ---------------------------------------------------------------------------------------------
// CloudProfileConfig
// ---------------------------------------------------------------------------------------------

export type VersionClassification = 'preview' | 'supported' | 'deprecated';

/** A firewall-controller binary the firewalls may run; the newest `supported` one is the default. */
export interface FirewallControllerVersion {
  readonly version: string;
  /** Download URL of the binary. */
  readonly url: string;
  readonly classification?: VersionClassification;
}

/** nftables exporter binary the firewall-controller installs on the firewall. */
export interface NftablesExporter {
  readonly version: string;
  readonly url: string;
}

export interface AllowedNetworks {
  /** CIDRs allowed as sources of incoming traffic (e.g. for LoadBalancer services). */
  readonly ingress?: readonly string[];
  /** CIDRs allowed as destinations of outgoing traffic. */
  readonly egress?: readonly string[];
}

export interface RegistryMirror {
  readonly name?: string;
  /** Typically `https://hostname`. */
  readonly endpoint?: string;
  readonly ip?: string;
  readonly port?: number;
  /** Registries this mirror serves (e.g. `docker.io`, `ghcr.io`). */
  readonly mirrorOf?: readonly string[];
}

/** Lets shoots in a partition run with restricted/forbidden network access: what they may still reach. */
export interface NetworkIsolation {
  readonly allowedNetworks?: AllowedNetworks;
  readonly dnsServers?: readonly string[];
  readonly ntpServers?: readonly string[];
  readonly registryMirrors?: readonly RegistryMirror[];
}

/** Go: Partition — keyed by the partition id, which is also the CloudProfile zone name. */
export interface Partition {
  /** Machine sizes firewalls may use in this partition; empty allows all. */
  readonly firewallTypes: readonly string[];
  readonly networkIsolation?: NetworkIsolation;
}

/** Go: MetalControlPlane — one metal-stack control plane (metal-api) and its partitions. */
export interface MetalControlPlane {
  /** metal-api URL the provider talks to. */
  readonly endpoint: string;
  readonly partitions: Readonly<Record<string, Partition>>;
  /** Firewall OS images shoots may choose; empty allows all. */
  readonly firewallImages?: readonly string[];
  readonly firewallControllerVersions?: readonly FirewallControllerVersion[];
  readonly nftablesExporter?: NftablesExporter;
}

/** Go: CloudProfileConfig — `CloudProfile.spec.providerConfig` for `type: metal`; map key = control plane name (region). */
export interface CloudProfileConfig {
  readonly apiVersion: typeof METAL_PROVIDER_V1ALPHA1;
  readonly kind: 'CloudProfileConfig';
  readonly metalControlPlanes: Readonly<Record<string, MetalControlPlane>>;
}

// ---------------------------------------------------------------------------------------------
// InfrastructureConfig
// ---------------------------------------------------------------------------------------------

export interface RateLimit {
  readonly networkID: string;
  /** MiB/s on the interface of this network. */
  readonly rateLimit: number;
}

export interface EgressRule {
  readonly networkID: string;
  /** Source-NAT addresses for traffic leaving to this network. */
  readonly ips: readonly string[];
}

/** Go: Firewall — the shoot's firewall machine; changing size/image/networks recreates it. */
export interface Firewall {
  /** Firewall machine size; must be one of the partition's `firewallTypes`. */
  readonly size: string;
  /** Firewall OS image; must be one of `firewallImages`. */
  readonly image: string;
  /** Additional networks (e.g. the internet network) the firewall connects the shoot to. */
  readonly networks: readonly string[];
  readonly rateLimits?: readonly RateLimit[];
  readonly egressRules?: readonly EgressRule[];
  readonly logAcceptedConnections?: boolean;
  /** firewall-controller version; must be one of `firewallControllerVersions` (or `auto`). */
  readonly controllerVersion?: string;
  readonly autoUpdateMachineImage?: boolean;
  /** After this, a created firewall that does not get ready is considered dead (`0` disables). */
  readonly firewallHealthTimeout?: Duration;
  /** After this, a firewall still being created is recreated. */
  readonly firewallCreateTimeout?: Duration;
}

/** Go: InfrastructureConfig — `Shoot.spec.provider.infrastructureConfig`. */
export interface InfrastructureConfig {
  readonly apiVersion: typeof METAL_PROVIDER_V1ALPHA1;
  readonly kind: 'InfrastructureConfig';
  readonly firewall: Firewall;
  /** metal-stack partition the shoot's machines live in; equals the worker zone. */
  readonly partitionID: string;
  /** metal-api project owning the shoot's machines, networks and IPs. */
  readonly projectID: string;
}

// ---------------------------------------------------------------------------------------------
// ControlPlaneConfig
// ---------------------------------------------------------------------------------------------

export interface CloudControllerManagerConfig {
  readonly featureGates?: Readonly<Record<string, boolean>>;
  /** Network the metal-ccm allocates LoadBalancer IPs from (else the firewall's default external network). */
  readonly defaultExternalNetwork?: string;
}

export interface ControlPlaneFeatures {
  /** Deprecated upstream: always on. */
  readonly machineControllerManagerOOT?: boolean;
  readonly clusterAudit?: boolean;
  readonly auditToSplunk?: boolean;
  readonly durosStorageEncryption?: boolean;
  /** Restrict egress to API server and registries via DNS policies (firewall-controller >= 1.2.0). */
  readonly restrictEgress?: boolean;
}

export interface CustomDefaultStorageClass {
  /** StorageClass to mark default; `""` leaves the default to the user. */
  readonly className: string;
}

export type NetworkAccessType = 'baseline' | 'restricted' | 'forbidden';

/** Go: ControlPlaneConfig — `Shoot.spec.provider.controlPlaneConfig`. */
export interface ControlPlaneConfig {
  readonly apiVersion: typeof METAL_PROVIDER_V1ALPHA1;
  readonly kind: 'ControlPlaneConfig';
  readonly cloudControllerManager?: CloudControllerManagerConfig;
  readonly featureGates?: ControlPlaneFeatures;
  readonly customDefaultStorageClass?: CustomDefaultStorageClass;
  /** Requires `networkIsolation` in the partition's CloudProfileConfig for restricted/forbidden. */
  readonly networkAccessType?: NetworkAccessType;
}

type Body<T> = Omit<T, 'apiVersion' | 'kind'>;

/** Builders that fill in apiVersion/kind, so charts cannot misspell them. */
export function cloudProfileConfig(body: Body<CloudProfileConfig>): CloudProfileConfig {
  return { apiVersion: METAL_PROVIDER_V1ALPHA1, kind: 'CloudProfileConfig', ...body };
}

export function infrastructureConfig(body: Body<InfrastructureConfig>): InfrastructureConfig {
  return { apiVersion: METAL_PROVIDER_V1ALPHA1, kind: 'InfrastructureConfig', ...body };
}

export function controlPlaneConfig(body: Body<ControlPlaneConfig>): ControlPlaneConfig {
  return { apiVersion: METAL_PROVIDER_V1ALPHA1, kind: 'ControlPlaneConfig', ...body };
}
