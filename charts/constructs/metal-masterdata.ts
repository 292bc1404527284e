import { stringify } from 'yaml';
import type { Landscape } from '../landscape/schema/landscape.js';

type MetalControlPlaneSpec = Landscape['spec']['metalControlPlane'];
export type MetalPartition = MetalControlPlaneSpec['partitions'][number];
export type MetalImage = MetalControlPlaneSpec['images'][number];
export type MetalSize = MetalControlPlaneSpec['sizes'][number];
export type MetalNetwork = MetalControlPlaneSpec['networks'][number];

/**
 * What PXE-booting machines of a partition load: the metal-hammer initrd and the metal kernel.
 * metal-api requires a boot configuration for every partition (`v1.PartitionCreateRequest.bootconfig`).
 */
export interface PartitionBootConfig {
  readonly imageUrl: string;
  readonly kernelUrl: string;
  readonly commandLine: string;
}

/**
 * Boot artefacts as pinned by the metal-stack release vector's `binaries.metal-stack` section
 * (kernel 6.18.38-172, metal-hammer v0.15.0). The release-vector importer does not read `binaries`
 * yet, so they are repeated here; keep them in step with `spec.versions.releaseVector`.
 */
export const DEFAULT_PARTITION_BOOT: PartitionBootConfig = {
  imageUrl: 'https://github.com/metal-stack/metal-hammer/releases/download/v0.15.0/metal-hammer-initrd.img.lz4',
  kernelUrl: 'https://github.com/metal-stack/kernel/releases/download/6.18.38-172/metal-kernel',
  commandLine: 'console=ttyS1,115200n8 ip=dhcp carrier_timeout=10',
};

/** The metal-api image id: `<os>-<version>`, the name CloudProfiles and Shoots refer to (e.g. `firewall-ubuntu-3.0.20251001`). */
export function metalImageId(image: Pick<MetalImage, 'os' | 'version'>): string {
  return `${image.os}-${image.version}`;
}

const binaryUnits: Readonly<Record<string, number>> = { Ki: 2 ** 10, Mi: 2 ** 20, Gi: 2 ** 30, Ti: 2 ** 40 };

/** `256Gi` → bytes; metal-api size constraints for memory and storage are plain byte counts. */
export function quantityToBytes(quantity: string): number {
  const match = /^(\d+)(Ki|Mi|Gi|Ti)$/.exec(quantity);
  const unit = match?.[2] ? binaryUnits[match[2]] : undefined;
  if (!match?.[1] || unit === undefined) {
    throw new Error(`quantity ${JSON.stringify(quantity)} is not a binary quantity like 64Gi`);
  }
  return Number(match[1]) * unit;
}

/** Image entity as `metalctl image apply` reads it (fields of metal-api `v1.ImageCreateRequest`). */
export function imageEntity(image: MetalImage): Record<string, unknown> {
  return {
    id: metalImageId(image),
    name: `${image.os} ${image.version}`,
    description: image.description,
    url: image.url,
    features: [...image.features],
  };
}

interface SizeConstraint {
  readonly type: 'cores' | 'memory' | 'storage' | 'gpu';
  readonly min: number;
  readonly max: number;
  readonly identifier?: string;
}

/** Size entity (`v1.SizeCreateRequest`): exact constraints, a machine matches when it has exactly this hardware. */
export function sizeEntity(size: MetalSize): Record<string, unknown> {
  const memory = quantityToBytes(size.memory);
  const storage = quantityToBytes(size.storage);
  const constraints: SizeConstraint[] = [
    { type: 'cores', min: size.cores, max: size.cores },
    { type: 'memory', min: memory, max: memory },
    { type: 'storage', min: storage, max: storage },
  ];
  // A gpu constraint needs an identifier (a PCI id glob); "*" matches any GPU model.
  if (size.gpus > 0) constraints.push({ type: 'gpu', min: size.gpus, max: size.gpus, identifier: '*' });
  return { id: size.id, name: size.id, description: size.description, labels: { purpose: size.purpose }, constraints };
}

/** Partition entity (`v1.PartitionCreateRequest`). */
export function partitionEntity(partition: MetalPartition, boot: PartitionBootConfig = DEFAULT_PARTITION_BOOT): Record<string, unknown> {
  return {
    id: partition.id,
    name: partition.id,
    description: partition.description,
    bootconfig: { imageurl: boot.imageUrl, kernelurl: boot.kernelUrl, commandline: boot.commandLine },
  };
}

/**
 * Network entity (`v1.NetworkCreateRequest`). The landscape's `kind` sets the flags metal-api reads:
 * underlay → `underlay`, privateSuper → `privatesuper` (with the partition's child prefix length,
 * the size of each shoot node network), shared → `shared`; internet networks stay partition-less.
 */
export function networkEntity(network: MetalNetwork, partitions: readonly MetalPartition[]): Record<string, unknown> {
  const entity: Record<string, unknown> = {
    id: network.id,
    name: network.id,
    description: `${network.kind} network`,
    prefixes: [...network.prefixes],
    destinationprefixes: [...network.destinationPrefixes],
    nat: network.nat,
    privatesuper: network.kind === 'privateSuper',
    underlay: network.kind === 'underlay',
    shared: network.kind === 'shared',
  };
  if (network.partition) entity.partitionid = network.partition;
  if (network.vrf !== undefined) entity.vrf = network.vrf;
  if (network.kind === 'privateSuper') {
    const partition = partitions.find((p) => p.id === network.partition);
    if (!partition) {
      throw new Error(`network ${JSON.stringify(network.id)}: partition ${JSON.stringify(network.partition)} is not among the metal partitions`);
    }
    entity.defaultchildprefixlength = { IPv4: partition.privateNetworkPrefixLength };
  }
  return entity;
}

/** Multi-document YAML, the format the chart's masterdata ConfigMap hands to `metalctl <kind> apply -f`. */
export function multiDocument(entities: readonly Record<string, unknown>[]): string {
  return entities.map((entity) => `---\n${stringify(entity, { lineWidth: 0 })}`).join('');
}

/** The `metal_api` masterdata values of the metal-control-plane chart (each a multi-document YAML string). */
export interface MasterdataValues {
  readonly partitions: string;
  readonly images: string;
  readonly sizes: string;
  readonly networks: string;
}

export function masterdataValues(spec: Pick<MetalControlPlaneSpec, 'partitions' | 'images' | 'sizes' | 'networks'>, boot: PartitionBootConfig = DEFAULT_PARTITION_BOOT): MasterdataValues {
  return {
    partitions: multiDocument(spec.partitions.map((partition) => partitionEntity(partition, boot))),
    images: multiDocument(spec.images.map(imageEntity)),
    sizes: multiDocument(spec.sizes.map(sizeEntity)),
    networks: multiDocument(spec.networks.map((network) => networkEntity(network, spec.partitions))),
  };
}
