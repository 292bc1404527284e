import { z } from 'zod';
import { cidr, dnsLabel, dnsName, secretName, semver } from './primitives.js';

export const partition = z.strictObject({
  id: dnsLabel.describe('metal-stack partition id; equals a zone of the CloudProfile'),
  description: z.string().default(''),
  privateNetworkPrefixLength: z.int().min(16).max(29).default(22).describe('size of each shoot private network'),
});

export const image = z.strictObject({
  os: dnsLabel.describe('operating system name, e.g. ubuntu or firewall-ubuntu'),
  version: semver.describe('image version; the metal-api image id is <os>-<version>'),
  url: z.url({ error: 'must be an absolute URL of the image tarball' }),
  features: z.array(z.enum(['machine', 'firewall'])).min(1),
  description: z.string().default(''),
});

const quantity = z.string().regex(/^\d+(Ki|Mi|Gi|Ti)$/, { error: 'must be a binary quantity like 64Gi' });

export const size = z.strictObject({
  id: dnsLabel.describe('metal-stack size id; machine sizes become CloudProfile machine types'),
  purpose: z.enum(['machine', 'firewall']).default('machine'),
  cores: z.int().min(1),
  memory: quantity,
  storage: quantity,
  gpus: z.int().min(0).default(0),
  description: z.string().default(''),
});

export const network = z.strictObject({
  id: dnsLabel,
  kind: z.enum(['internet', 'underlay', 'privateSuper', 'shared']).describe('privateSuper: shoot node networks are allocated from it'),
  partition: dnsLabel.optional().describe('required for underlay and privateSuper networks'),
  prefixes: z.array(cidr).min(1),
  destinationPrefixes: z.array(cidr).default([]),
  vrf: z.int().min(1).optional().describe('the VRF (and VNI) the switches route this network in; metal-api accepts 1 to 131072'),
  vrfShared: z
    .boolean()
    .optional()
    .describe('metal-api vrfshared: lets this network use a vrf an earlier network in this list already holds; without it metal-api refuses a vrf twice'),
  nat: z.boolean().default(false),
  default: z
    .boolean()
    .optional()
    .describe(
      'internet networks only: the external network shoots use by default (label network.metal-stack.io/default); default: the first internet network. Every internet network is labelled network.metal-stack.io/default-external',
    ),
});

const device = z.string().regex(/^\/dev\/[\w./-]+$|^tmpfs$/, { error: 'must be a device path like /dev/sda1, /dev/md1, /dev/vg00/varlib, or tmpfs' });
const createOptions = z.array(z.string().min(1)).default([]);

/** A metal-api filesystem layout (`v1.FilesystemLayoutCreateRequest`): how metal-hammer partitions and formats a machine's disks. */
export const filesystemLayout = z.strictObject({
  id: dnsLabel,
  description: z.string().default(''),
  sizes: z.array(dnsLabel).optional().describe('size ids this layout applies to; default: every size'),
  images: z
    .record(dnsLabel, z.string().min(1))
    .optional()
    .describe('operating system → version constraint ("*", ">= 24.04") this layout applies to; default: every os of spec.metalControlPlane.images with "*"'),
  disks: z
    .array(
      z.strictObject({
        device: device,
        wipeOnReinstall: z.boolean().default(true),
        partitions: z
          .array(
            z.strictObject({
              number: z.int().min(1).max(128),
              label: z.string().min(1).optional(),
              size: z.int().min(0).describe('MiB; 0 takes the rest of the disk'),
              gptType: z.enum(['ef00', '8300', '8e00', 'fd00', 'ef02']).default('8300').describe('ef00 EFI, 8300 Linux, 8e00 LVM, fd00 RAID, ef02 BIOS boot'),
            }),
          )
          .default([]),
      }),
    )
    .min(1),
  filesystems: z
    .array(
      z.strictObject({
        path: z.string().regex(/^\//, { error: 'must be an absolute mount path' }).optional(),
        device: device,
        format: z.enum(['vfat', 'ext3', 'ext4', 'swap', 'tmpfs', 'none']),
        label: z.string().min(1).optional(),
        createOptions,
        mountOptions: z.array(z.string().min(1)).default([]),
      }),
    )
    .min(1),
  raid: z.array(z.strictObject({ arrayName: device, level: z.enum(['0', '1']), devices: z.array(device).min(2), createOptions })).default([]),
  volumeGroups: z.array(z.strictObject({ name: dnsLabel, devices: z.array(device).min(1) })).default([]),
  logicalVolumes: z
    .array(
      z.strictObject({
        name: dnsLabel,
        volumeGroup: dnsLabel,
        size: z.int().min(0).describe('MiB; 0 takes the rest'),
        lvmType: z.enum(['linear', 'striped', 'raid1']).default('linear'),
      }),
    )
    .default([]),
});

/**
 * Used when the landscape names no layout: one layout for every size and image on the first SATA/SAS
 * disk (/dev/sda) — EFI, root and /var/lib — as mini-lab's "default" layout does on /dev/vda.
 * Machines whose boot disk is NVMe need a layout of their own.
 */
export const DEFAULT_FILESYSTEM_LAYOUT = {
  id: 'default',
  description: 'EFI, root (20 GiB) and /var/lib (rest) on /dev/sda',
  disks: [
    {
      device: '/dev/sda',
      wipeOnReinstall: true,
      partitions: [
        { number: 1, label: 'efi', size: 500, gptType: 'ef00' },
        { number: 2, label: 'root', size: 20480, gptType: '8300' },
        { number: 3, label: 'varlib', size: 0, gptType: '8300' },
      ],
    },
  ],
  filesystems: [
    { path: '/boot/efi', device: '/dev/sda1', format: 'vfat', label: 'efi', createOptions: ['-F', '32'], mountOptions: [] },
    { path: '/', device: '/dev/sda2', format: 'ext4', label: 'root', createOptions: [], mountOptions: [] },
    { path: '/var/lib', device: '/dev/sda3', format: 'ext4', label: 'varlib', createOptions: [], mountOptions: [] },
    {
      path: '/tmp',
      device: 'tmpfs',
      format: 'tmpfs',
      createOptions: [],
      mountOptions: ['defaults', 'noatime', 'nosuid', 'nodev', 'noexec', 'mode=1777', 'size=512M'],
    },
  ],
  raid: [],
  volumeGroups: [],
  logicalVolumes: [],
} as const satisfies z.input<typeof filesystemLayout>;

export const metalControlPlane = z.strictObject({
  enabled: z.boolean().default(true),
  apiDomain: dnsName.describe('public name of the metal-api ingress, e.g. api.metal.example.com'),
  namespace: dnsLabel.default('metal-control-plane'),
  partitions: z.array(partition).min(1),
  images: z.array(image).min(1),
  sizes: z.array(size).min(1),
  networks: z.array(network).min(1),
  filesystemLayouts: z
    .array(filesystemLayout)
    .min(1)
    .default([filesystemLayout.parse(DEFAULT_FILESYSTEM_LAYOUT)])
    .describe(
      'metal-api filesystem layouts; machine and firewall allocation fails for a size and image no layout covers. Default: one layout on /dev/sda for every size and image',
    ),
  databases: z
    .strictObject({
      storageClass: z.string().min(1).default('standard'),
      storageSize: quantity.default('10Gi'),
      backup: z
        .strictObject({
          provider: z.enum(['gcp', 's3']).default('gcp'),
          bucketName: dnsLabel,
          region: z.string().min(1).optional(),
          secretRef: dnsLabel.describe('Secret with the backup-restore-sidecar object storage credentials'),
          schedule: z.string().default('*/15 * * * *'),
          encryptionSecretRef: secretName
            .default('metal-databases-backup-encryption')
            .describe(
              'Secret with key encryptionKey: the AES-256 key (32 ASCII characters) backups are encrypted with before upload; keep a copy outside the cluster, a restore needs it',
            ),
          retention: z
            .strictObject({
              maxObjects: z.int().min(1).max(2147483647).default(480).describe('backups kept per database (object-max-keep; metal-roles default)'),
              maxDays: z.int().min(1).max(2147483647).default(14).describe('days a backup is kept (object-days-max-keep; metal-roles default)'),
            })
            .prefault({}),
        })
        .describe('backup-restore-sidecar configuration shared by metal-db, ipam-db and masterdata-db'),
      evictions: z
        .enum(['tolerate', 'block'])
        .default('tolerate')
        .describe(
          "voluntary evictions (node drains) of the single-replica databases and nsqd: tolerate (no PodDisruptionBudget; a drain restarts them elsewhere, metal-roles' model) or block (a PodDisruptionBudget with maxUnavailable 0: every drain of their node waits for an operator)",
        ),
    })
    .describe('metal-db (RethinkDB), ipam-db and masterdata-db (Postgres)'),
});
