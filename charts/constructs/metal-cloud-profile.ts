import { Construct } from 'constructs';
import { CloudProfile, Quantity, type MachineImage, type MachineType } from '../imports/gardener/core.gardener.cloud.js';
import { cloudProfileConfig, type NetworkIsolation, type Partition } from '../imports/gardener/metal.provider.extensions.gardener.cloud.js';
import { compareVersions } from '../landscape/effective.js';

/** A version with its Gardener classification (newest `supported` is the default for seeds). */
export interface ClassifiedVersion {
  readonly version: string;
  readonly classification: 'preview' | 'supported' | 'deprecated';
}

export interface MetalMachineImage {
  /** Operating system name, e.g. `ubuntu`; the metal-api image id is `<os>-<version>`. */
  readonly os: string;
  readonly version: string;
}

/** A metal-stack size offered to worker pools. */
export interface MetalMachineType {
  /** Size id, e.g. `c1-xlarge-x86`. */
  readonly id: string;
  readonly cores: number;
  /** Binary quantity, e.g. `256Gi`. */
  readonly memory: string;
  readonly storage: string;
  readonly gpus: number;
}

export interface MetalFirewallOffer {
  /** Sizes firewalls may use in every partition (`firewallTypes`). */
  readonly sizes: readonly string[];
  /** metal-api image ids (`<os>-<version>`) firewalls may run. */
  readonly images: readonly string[];
  readonly controllerVersions: readonly (ClassifiedVersion & { readonly url: string })[];
}

export interface MetalCloudProfileProps {
  /** CloudProfile name (Shoots reference it). */
  readonly name: string;
  /** Key of the metal control plane in `metalControlPlanes`; by convention the landscape name. */
  readonly controlPlaneName: string;
  /** metal-api URL provider-metal talks to, e.g. `https://api.example.com/metal`. */
  readonly metalApiEndpoint: string;
  readonly kubernetesVersions: readonly ClassifiedVersion[];
  /** Machine images with the `machine` feature. */
  readonly machineImages: readonly MetalMachineImage[];
  /** Sizes with purpose `machine`. */
  readonly machineTypes: readonly MetalMachineType[];
  /** Gardener regions; their zones are metal-stack partition ids. */
  readonly regions: readonly { readonly name: string; readonly zones: readonly string[] }[];
  /** The partitions of the control plane; must equal the union of the regions' zones. */
  readonly partitions: readonly { readonly id: string; readonly networkIsolation?: NetworkIsolation }[];
  readonly firewall: MetalFirewallOffer;
  /** CPU architecture of images and machine types. Default: `amd64`. */
  readonly architecture?: string;
}

/** The region whose zones contain `partition`: the Shoot's `spec.region` for machines in that partition. */
export function regionOfPartition(regions: MetalCloudProfileProps['regions'], partition: string): string {
  const region = regions.find((r) => r.zones.includes(partition));
  if (!region) {
    throw new Error(
      `partition ${JSON.stringify(partition)} is no zone of any CloudProfile region (${regions.map((r) => `${r.name}: ${r.zones.join(', ')}`).join('; ')})`,
    );
  }
  return region.name;
}

function machineImages(images: readonly MetalMachineImage[], architecture: string): MachineImage[] {
  const byOs = new Map<string, string[]>();
  for (const image of images) byOs.set(image.os, [...(byOs.get(image.os) ?? []), image.version]);
  return [...byOs.keys()].sort().map((os) => {
    const versions = byOs.get(os) ?? [];
    const duplicate = versions.find((v, i) => versions.indexOf(v) !== i);
    if (duplicate) throw new Error(`MetalCloudProfile: machine image ${os} version ${duplicate} is listed twice`);
    return {
      name: os,
      // Newest first, as Gardener lists them; order is not meaningful, only stable.
      versions: [...versions]
        .sort(compareVersions)
        .reverse()
        .map((version) => ({ version, cri: [{ name: 'containerd' as const }], architectures: [architecture] })),
    };
  });
}

function machineTypes(types: readonly MetalMachineType[], architecture: string): MachineType[] {
  return types.map((type) => ({
    name: type.id,
    cpu: Quantity.fromString(String(type.cores)),
    gpu: Quantity.fromString(String(type.gpus)),
    memory: Quantity.fromString(type.memory),
    // Local disks of the machine; metal-stack has no network volumes for the root disk.
    storage: { class: 'local', type: 'local', size: Quantity.fromString(type.storage) },
    usable: true,
    architecture,
  }));
}

/**
 * CloudProfile of type `metal`: what shoots may choose (Kubernetes versions, images, sizes, regions
 * whose zones are the partitions) plus provider-metal's `CloudProfileConfig` (the metal-api endpoint,
 * firewall sizes per partition, firewall images and firewall-controller versions).
 */
export class MetalCloudProfile extends Construct {
  readonly cloudProfile: CloudProfile;

  constructor(scope: Construct, id: string, props: MetalCloudProfileProps) {
    super(scope, id);
    const architecture = props.architecture ?? 'amd64';
    let endpoint: URL;
    try {
      endpoint = new URL(props.metalApiEndpoint);
    } catch {
      throw new Error(`MetalCloudProfile ${props.name}: metalApiEndpoint ${JSON.stringify(props.metalApiEndpoint)} is not an absolute URL`);
    }
    if (endpoint.protocol !== 'https:') throw new Error(`MetalCloudProfile ${props.name}: metalApiEndpoint ${props.metalApiEndpoint} must use https`);
    const zones = props.regions.flatMap((r) => r.zones);
    const partitionIds = props.partitions.map((p) => p.id);
    const missing = [...zones.filter((z) => !partitionIds.includes(z)), ...partitionIds.filter((p) => !zones.includes(p))];
    if (missing.length > 0) {
      throw new Error(
        `MetalCloudProfile ${props.name}: zones (${zones.join(', ')}) and partitions (${partitionIds.join(', ')}) must be the same set; differing: ${[...new Set(missing)].join(', ')}`,
      );
    }
    const partitions: Record<string, Partition> = {};
    for (const partition of [...props.partitions].sort((a, b) => a.id.localeCompare(b.id))) {
      partitions[partition.id] = { firewallTypes: [...props.firewall.sizes], networkIsolation: partition.networkIsolation };
    }
    this.cloudProfile = new CloudProfile(this, 'cloud-profile', {
      metadata: { name: props.name },
      spec: {
        type: 'metal',
        kubernetes: { versions: props.kubernetesVersions.map((v) => ({ version: v.version, classification: v.classification })) },
        machineImages: machineImages(props.machineImages, architecture),
        machineTypes: machineTypes(props.machineTypes, architecture),
        regions: props.regions.map((r) => ({ name: r.name, zones: r.zones.map((name) => ({ name })) })),
        providerConfig: cloudProfileConfig({
          metalControlPlanes: {
            [props.controlPlaneName]: {
              endpoint: props.metalApiEndpoint,
              partitions,
              firewallImages: [...props.firewall.images],
              firewallControllerVersions: props.firewall.controllerVersions.map((v) => ({ version: v.version, url: v.url, classification: v.classification })),
            },
          },
        }),
      },
    });
  }
}
