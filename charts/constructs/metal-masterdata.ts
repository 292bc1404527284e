import { stringify } from 'yaml';
import type { Landscape } from '../landscape/schema/landscape.js';

type MetalControlPlaneSpec = Landscape['spec']['metalControlPlane'];
export type MetalPartition = MetalControlPlaneSpec['partitions'][number];
export type MetalImage = MetalControlPlaneSpec['images'][number];
export type MetalSize = MetalControlPlaneSpec['sizes'][number];
export type MetalNetwork = MetalControlPlaneSpec['networks'][number];
export type MetalFilesystemLayout = MetalControlPlaneSpec['filesystemLayouts'][number];

/**
 * Network labels provider-metal reads (metal-lib `tag.NetworkDefaultExternal`, `tag.NetworkDefault`;
 * gardener-extension-provider-metal v0.27.11 pkg/controller/controlplane/valuesprovider.go
 * getDefaultExternalNetwork): metal-ccm allocates LoadBalancer IPs from the firewall network that
 * carries default-external, preferring the one that also carries default.
 */
export const LABEL_NETWORK_DEFAULT_EXTERNAL = 'network.metal-stack.io/default-external';
export const LABEL_NETWORK_DEFAULT = 'network.metal-stack.io/default';

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
/** The internet network shoots use by default: the one marked `default`, else the first internet network. */
export function defaultExternalNetwork(networks: readonly MetalNetwork[]): MetalNetwork | undefined {
  const internet = networks.filter((n) => n.kind === 'internet');
  return internet.find((n) => n.default === true) ?? internet[0];
}

function networkLabels(network: MetalNetwork, networks: readonly MetalNetwork[]): Record<string, string> | undefined {
  if (network.kind !== 'internet') return undefined;
  const labels: Record<string, string> = { [LABEL_NETWORK_DEFAULT_EXTERNAL]: '' };
  if (defaultExternalNetwork(networks)?.id === network.id) labels[LABEL_NETWORK_DEFAULT] = '';
  return labels;
}

export function networkEntity(
  network: MetalNetwork,
  partitions: readonly MetalPartition[],
  networks: readonly MetalNetwork[] = [network],
): Record<string, unknown> {
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
  const labels = networkLabels(network, networks);
  if (labels) entity.labels = labels;
  if (network.partition) entity.partitionid = network.partition;
  if (network.vrf !== undefined) entity.vrf = network.vrf;
  if (network.vrfShared === true) entity.vrfshared = true;
  if (network.kind === 'privateSuper') {
    const partition = partitions.find((p) => p.id === network.partition);
    if (!partition) {
      throw new Error(`network ${JSON.stringify(network.id)}: partition ${JSON.stringify(network.partition)} is not among the metal partitions`);
    }
    entity.defaultchildprefixlength = { IPv4: partition.privateNetworkPrefixLength };
  }
  return entity;
}

/** The metal-api os name of an image id `<os>-<version>` (metal-api splits at the last `-`). */
export function imageOs(imageId: string): string {
  const at = imageId.lastIndexOf('-');
  return at <= 0 ? imageId : imageId.slice(0, at);
}

/** The sizes and image constraints a layout applies to, with the landscape defaults applied. */
export function layoutConstraints(
  layout: MetalFilesystemLayout,
  spec: Pick<MetalControlPlaneSpec, 'sizes' | 'images'>,
): { sizes: string[]; images: Record<string, string> } {
  const sizes = layout.sizes ?? [...new Set(spec.sizes.map((size) => size.id))];
  const images = layout.images ?? Object.fromEntries([...new Set(spec.images.map((image) => image.os))].sort().map((os) => [os, '*']));
  return { sizes: [...sizes], images: { ...images } };
}

/** Filesystem layout entity (`v1.FilesystemLayoutCreateRequest`). */
export function filesystemLayoutEntity(layout: MetalFilesystemLayout, spec: Pick<MetalControlPlaneSpec, 'sizes' | 'images'>): Record<string, unknown> {
  const optional = (options: readonly string[]) => (options.length > 0 ? [...options] : undefined);
  return {
    id: layout.id,
    name: layout.id,
    description: layout.description,
    constraints: layoutConstraints(layout, spec),
    disks: layout.disks.map((disk) => ({
      device: disk.device,
      wipeonreinstall: disk.wipeOnReinstall,
      partitions: disk.partitions.map((p) => ({ number: p.number, label: p.label, size: p.size, gpttype: p.gptType })),
    })),
    filesystems: layout.filesystems.map((fs) => ({
      path: fs.path,
      device: fs.device,
      format: fs.format,
      label: fs.label,
      createoptions: optional(fs.createOptions),
      mountoptions: optional(fs.mountOptions),
    })),
    raid:
      layout.raid.length > 0
        ? layout.raid.map((r) => ({ arrayname: r.arrayName, level: r.level, devices: [...r.devices], createoptions: optional(r.createOptions) }))
        : undefined,
    volumegroups: layout.volumeGroups.length > 0 ? layout.volumeGroups.map((vg) => ({ name: vg.name, devices: [...vg.devices] })) : undefined,
    logicalvolumes:
      layout.logicalVolumes.length > 0
        ? layout.logicalVolumes.map((lv) => ({ name: lv.name, volumegroup: lv.volumeGroup, size: lv.size, lvmtype: lv.lvmType }))
        : undefined,
  };
}

/** The project metal-roles creates for the control plane's own masterdata (networks, IPs). */
export const METAL_SYSTEM_PROJECT_ID = '00000000-0000-0000-0000-000000000000';

/** masterdata-api Tenant (`masterdata_api.tenants`, loaded by masterdata-api's initdb). */
export function tenantEntity(id: string, description: string): Record<string, unknown> {
  return { meta: { id, kind: 'Tenant', apiversion: 'v1', version: 0 }, name: id, description };
}

/** masterdata-api Project (`masterdata_api.projects`). */
export function projectEntity(project: { readonly id: string; readonly name: string; readonly description: string }, tenant: string): Record<string, unknown> {
  return { meta: { id: project.id, kind: 'Project', apiversion: 'v1', version: 0 }, name: project.name, description: project.description, tenant_id: tenant };
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
  readonly filesystemlayouts: string;
}

export function masterdataValues(
  spec: Pick<MetalControlPlaneSpec, 'partitions' | 'images' | 'sizes' | 'networks' | 'filesystemLayouts'>,
  boot: PartitionBootConfig = DEFAULT_PARTITION_BOOT,
): MasterdataValues {
  return {
    partitions: multiDocument(spec.partitions.map((partition) => partitionEntity(partition, boot))),
    images: multiDocument(spec.images.map(imageEntity)),
    sizes: multiDocument(spec.sizes.map(sizeEntity)),
    networks: multiDocument(spec.networks.map((network) => networkEntity(network, spec.partitions, spec.networks))),
    filesystemlayouts: multiDocument(spec.filesystemLayouts.map((layout) => filesystemLayoutEntity(layout, spec))),
  };
}

/** masterdata-api's initial tenants and projects (`masterdata_api.tenants` / `.projects`). */
export interface TenancyValues {
  /** metal-api's and masterdata-api's `provider_tenant`. */
  readonly providerTenant: string;
  readonly tenants: string;
  readonly projects: string;
}

/**
 * The provider tenant and its projects: metal-system (the control plane's own masterdata, as metal-roles
 * creates it) plus the projects the landscape's Shoots allocate machines in. masterdata-api loads them
 * at start-up (initdb); without them metal-api refuses allocations for an unknown project.
 */
export function tenancyValues(
  providerTenant: string,
  projects: readonly { readonly id: string; readonly name: string; readonly description: string }[],
): TenancyValues {
  const system = { id: METAL_SYSTEM_PROJECT_ID, name: 'metal-system', description: 'Metal Master Project' };
  return {
    providerTenant,
    tenants: multiDocument([tenantEntity(providerTenant, `provider tenant of landscape ${providerTenant}`)]),
    projects: multiDocument([system, ...projects].map((project) => projectEntity(project, providerTenant))),
  };
}
