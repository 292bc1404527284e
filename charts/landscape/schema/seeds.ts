import { z } from 'zod';
import { cidr, dnsLabel, dnsName, kubernetesVersion, semver } from './primitives.js';
import { dnsProvider } from './runtime.js';
import { backup } from './gardener.js';

export const shootDefaults = z.strictObject({ pods: cidr, services: cidr });

export const soil = z.strictObject({
  name: dnsLabel.default('soil'),
  ingressDomain: dnsName.optional().describe('default: <name>.<runtime.ingress.domain>'),
  dns: dnsProvider.optional().describe('default: runtime.dns'),
  backup,
  shootDefaults,
});

/** Gardener's Worker fields are int32 (core.gardener.cloud Worker minimum, maximum, maxSurge); a larger number does not decode. */
const workerCount = z.int().max(2 ** 31 - 1, { error: "must be at most 2147483647: Gardener's worker counts are 32-bit integers" });

export const worker = z.strictObject({
  name: dnsLabel.max(15, { error: 'a worker pool name must be at most 15 characters' }),
  machineType: dnsLabel.describe('a metal-stack size id with purpose machine'),
  image: z.strictObject({ os: dnsLabel, version: semver }).describe('a metal-stack image with feature machine'),
  minimum: workerCount.min(0).default(1),
  maximum: workerCount.min(1).default(3),
  maxSurge: workerCount
    .min(1, {
      error:
        "must be at least 1: the pool is rendered with maxUnavailable 0, and Gardener refuses a worker pool whose maxSurge and maxUnavailable are both 0 (gardener-apiserver's ValidateWorker)",
    })
    .default(1),
});

export const shootedSeed = z.strictObject({
  name: dnsLabel.max(21, { error: 'a shooted seed name must be at most 21 characters (Shoot name limit)' }),
  partition: dnsLabel.describe('metal-stack partition the seed runs in'),
  kubernetesVersion: kubernetesVersion.optional().describe('default: newest supported version of the CloudProfile'),
  networks: z
    .strictObject({
      nodes: cidr.optional().describe("do not set: provider-metal allocates the node network from the partition's privateSuper network"),
      pods: cidr,
      services: cidr,
    })
    .describe('pod and service networks of the shooted seed cluster'),
  shootDefaults,
  workers: z.array(worker).min(1),
  firewall: z.strictObject({
    image: z.string().min(1).describe('metal-api image id with feature firewall'),
    size: dnsLabel.describe('metal-stack size id with purpose firewall'),
    controllerVersion: z.string().optional().describe('default: newest supported firewall controller version'),
    networks: z
      .array(dnsLabel)
      .min(1, { error: 'a firewall needs at least one external network (internet or shared) or the shoot cannot bootstrap; leave it out for ["internet"]' })
      .default(['internet'])
      .describe('external networks the firewall joins'),
  }),
  dns: dnsProvider.optional().describe('default: runtime.dns'),
  backup: backup.optional().describe('default: the soil backup'),
  highAvailability: z.boolean().default(false),
});

export const seeds = z.strictObject({
  soil,
  shooted: z.array(shootedSeed).default([]),
});
