import { z } from 'zod';
import { cidr, dnsLabel, dnsName, semver } from './primitives.js';

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
  vrf: z.int().min(1).optional(),
  nat: z.boolean().default(false),
});

export const metalControlPlane = z.strictObject({
  enabled: z.boolean().default(true),
  apiDomain: dnsName.describe('public name of the metal-api ingress, e.g. api.metal.example.com'),
  namespace: dnsLabel.default('metal-control-plane'),
  partitions: z.array(partition).min(1),
  images: z.array(image).min(1),
  sizes: z.array(size).min(1),
  networks: z.array(network).min(1),
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
        })
        .describe('backup-restore-sidecar configuration shared by metal-db, ipam-db and masterdata-db'),
    })
    .describe('metal-db (RethinkDB), ipam-db and masterdata-db (Postgres)'),
});
