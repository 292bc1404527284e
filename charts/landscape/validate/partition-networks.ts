/**
 * The networks metal-stack needs in a partition before it can place a shoot there, and the sizes
 * that decide whether the shoots fit. Sources (metal-stack/metal-api v0.44.1; the release vector
 * pins v0.45.0, whose tag the mirror here does not hold):
 * - cmd/metal-api/internal/service/machine-service.go `gatherNetworksFromSpec`: allocating a machine
 *   or firewall fails with "partition %s does not have a private super network";
 *   `gatherUnderlayNetwork`: allocating a firewall fails with "no underlay found in the given partition";
 * - network-service.go `createNetwork`: "private super or underlay network is not supposed to NAT";
 *   `validatePrefixesAndAddressFamilies`: "given defaultchildprefixlength %d is not greater than prefix
 *   length of:%s" (the landscape's privateNetworkPrefixLength is the defaultchildprefixlength);
 *   `createChildPrefix`: each shoot's node network is one child prefix of that length taken from the
 *   partition's privateSuper prefixes (provider-metal allocates one per shoot, v0.27.11
 *   pkg/controller/infrastructure/actuator_reconcile.go ensureNodeNetwork);
 * - metal-stack/go-ipam v1.14.13 prefix.go `newPrefix`: an IPv4 prefix's first and last address are
 *   never handed out, so a /L node network holds 2^(32-L) - 2 machines and firewalls.
 */
import type { Problem } from '../problems.js';
import type { Landscape } from '../schema/landscape.js';
import { formatCidr, parseCidr, type Cidr } from './cidr.js';

type Mcp = Landscape['spec']['metalControlPlane'];

const REQUIRED_KINDS = [
  { kind: 'underlay', why: 'metal-api allocates a firewall only in a partition with an underlay network (its underlay address comes from there)' },
  {
    kind: 'privateSuper',
    why: 'metal-api allocates machines and firewalls only in a partition with a privateSuper network (shoot node networks come from there)',
  },
] as const;

/** Partitions shoots can be placed in: the CloudProfile's zones (provider-metal maps a zone to the partition of that id). */
function offeredPartitions(landscape: Landscape): Set<string> {
  return new Set(landscape.spec.cloudProfile.regions.flatMap((region) => region.zones));
}

/** Every partition a Shoot can choose has an underlay and a privateSuper network. */
export function requiredPartitionNetworks(landscape: Landscape): Problem[] {
  const { networks, partitions } = landscape.spec.metalControlPlane;
  const offered = offeredPartitions(landscape);
  return partitions
    .filter((partition) => offered.has(partition.id))
    .flatMap((partition) =>
      REQUIRED_KINDS.filter(({ kind }) => !networks.some((n) => n.kind === kind && n.partition === partition.id)).map(({ kind, why }) => ({
        path: 'spec.metalControlPlane.networks',
        message: `partition ${JSON.stringify(partition.id)} has no ${kind} network: ${why}; add a network of kind ${kind} with partition ${partition.id}`,
      })),
    );
}

/** metal-api refuses NAT on the networks it administers itself. */
export function administrativeNetworksWithoutNat(landscape: Landscape): Problem[] {
  return landscape.spec.metalControlPlane.networks.flatMap((network, n) =>
    (network.kind === 'underlay' || network.kind === 'privateSuper') && network.nat
      ? [
          {
            path: `spec.metalControlPlane.networks[${n}].nat`,
            message: `must be false for a network of kind ${network.kind}: metal-api refuses NAT on underlay and privateSuper networks (the firewall NATs into internet networks); remove nat`,
          },
        ]
      : [],
  );
}

interface SuperPrefix {
  readonly path: string;
  readonly text: string;
  readonly cidr: Cidr;
  readonly network: string;
}

function superPrefixes(mcp: Mcp, partition: string): SuperPrefix[] {
  return mcp.networks.flatMap((network, n) =>
    network.kind === 'privateSuper' && network.partition === partition
      ? network.prefixes.flatMap((text, j) => {
          const cidr = parseCidr(text);
          return cidr ? [{ path: `spec.metalControlPlane.networks[${n}].prefixes[${j}]`, text, cidr, network: network.id }] : [];
        })
      : [],
  );
}

/** The node network length must be longer than every privateSuper prefix it is cut from. */
export function nodeNetworkLength(landscape: Landscape): Problem[] {
  const mcp = landscape.spec.metalControlPlane;
  return mcp.partitions.flatMap((partition, p) =>
    superPrefixes(mcp, partition.id)
      .filter((prefix) => partition.privateNetworkPrefixLength <= prefix.cidr.prefix)
      .map((prefix) => ({
        path: `spec.metalControlPlane.partitions[${p}].privateNetworkPrefixLength`,
        message: `${partition.privateNetworkPrefixLength} is not longer than ${prefix.path} (${prefix.text}) of privateSuper network ${JSON.stringify(prefix.network)}: metal-api cuts each shoot's node network from it and needs a length greater than ${prefix.cidr.prefix}`,
      })),
  );
}

/** Addresses go-ipam hands out in an IPv4 prefix of this length. */
function usableAddresses(prefixLength: number): number {
  return 2 ** (32 - prefixLength) - 2;
}

/**
 * Each shooted seed takes one node network from its partition's privateSuper prefixes, and its
 * machines (every pool at maximum plus maxSurge during a rolling update) and its firewall each take
 * an address in it.
 */
export function nodeNetworkCapacity(landscape: Landscape): Problem[] {
  const mcp = landscape.spec.metalControlPlane;
  const problems: Problem[] = [];
  const taken = new Map<string, number>();
  landscape.spec.seeds.shooted.forEach((seed, i) => {
    const partition = mcp.partitions.find((p) => p.id === seed.partition);
    if (!partition) return; // reported by seedPartitionsExist
    const length = partition.privateNetworkPrefixLength;
    const prefixes = superPrefixes(mcp, partition.id).filter((prefix) => prefix.cidr.prefix < length);
    const room = prefixes.reduce((sum, prefix) => sum + 2 ** (length - prefix.cidr.prefix), 0);
    const number = (taken.get(partition.id) ?? 0) + 1;
    taken.set(partition.id, number);
    if (prefixes.length > 0 && number > room)
      problems.push({
        path: `spec.seeds.shooted[${i}].partition`,
        message: `partition ${partition.id} has room for ${room} node network${room === 1 ? '' : 's'} of /${length} in its privateSuper prefixes (${prefixes.map((p) => formatCidr(p.cidr)).join(', ')}) and ${JSON.stringify(seed.name)} is its shooted seed number ${number}: metal-api cannot allocate its node network; give the privateSuper network a larger prefix or raise privateNetworkPrefixLength`,
      });
    const machines = seed.workers.reduce((sum, worker) => sum + worker.maximum + worker.maxSurge, 0) + 1;
    const usable = usableAddresses(length);
    if (machines > usable) {
      const fits = [...Array(length - 15).keys()].map((k) => length - k).find((l) => usableAddresses(l) >= machines);
      problems.push({
        path: `spec.seeds.shooted[${i}].workers`,
        message: `up to ${machines} machines (the pools' maximum plus maxSurge, and the firewall) need an address in the seed's /${length} node network, which holds ${usable} (go-ipam never hands out its first and last address); lower the maxima or set spec.metalControlPlane.partitions[${mcp.partitions.indexOf(partition)}].privateNetworkPrefixLength to ${fits ?? 16} or less`,
      });
    }
  });
  return problems;
}
