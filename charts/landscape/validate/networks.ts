import type { Problem } from '../problems.js';
import type { Landscape } from '../schema/landscape.js';
import { formatCidr, overlaps, parseCidr, type Cidr } from './cidr.js';

/** A CIDR as written in the landscape, with where it was written. */
export interface Placed {
  readonly path: string;
  readonly text: string;
  readonly cidr: Cidr;
}

export function place(path: string, text: string): Placed[] {
  const cidr = parseCidr(text);
  return cidr ? [{ path, text, cidr }] : [];
}

export function clusterNetworks(prefix: string, networks: { nodes?: string; pods: string; services: string }): Placed[] {
  return [
    ...(networks.nodes === undefined ? [] : place(`${prefix}.nodes`, networks.nodes)),
    ...place(`${prefix}.pods`, networks.pods),
    ...place(`${prefix}.services`, networks.services),
  ];
}

export function shootDefaults(prefix: string, defaults: { pods: string; services: string }): Placed[] {
  return [...place(`${prefix}.pods`, defaults.pods), ...place(`${prefix}.services`, defaults.services)];
}

function overlapProblem(later: Placed, earlier: Placed): Problem {
  return { path: later.path, message: `${later.text} overlaps ${earlier.path} (${earlier.text})` };
}

/** Every pair within one list that overlaps, reported at the later entry. */
function pairwise(entries: readonly Placed[]): Problem[] {
  const problems: Problem[] = [];
  entries.forEach((later, j) => {
    for (const earlier of entries.slice(0, j)) if (overlaps(earlier.cidr, later.cidr)) problems.push(overlapProblem(later, earlier));
  });
  return problems;
}

/** Every entry of `subjects` that overlaps one of `others`, reported at the subject. */
function across(subjects: readonly Placed[], others: readonly Placed[]): Problem[] {
  return subjects.flatMap((subject) => others.filter((other) => overlaps(subject.cidr, other.cidr)).map((other) => overlapProblem(subject, other)));
}

function everyCidr(landscape: Landscape): Placed[] {
  const { spec } = landscape;
  return [
    ...clusterNetworks('spec.runtime.networks', spec.runtime.networks),
    ...shootDefaults('spec.seeds.soil.shootDefaults', spec.seeds.soil.shootDefaults),
    ...spec.seeds.shooted.flatMap((seed, i) => [
      ...clusterNetworks(`spec.seeds.shooted[${i}].networks`, seed.networks),
      ...shootDefaults(`spec.seeds.shooted[${i}].shootDefaults`, seed.shootDefaults),
    ]),
    ...spec.metalControlPlane.networks.flatMap((network, i) => [
      ...network.prefixes.flatMap((p, j) => place(`spec.metalControlPlane.networks[${i}].prefixes[${j}]`, p)),
      ...network.destinationPrefixes.flatMap((p, j) => place(`spec.metalControlPlane.networks[${i}].destinationPrefixes[${j}]`, p)),
    ]),
  ];
}

/** A CIDR with host bits set is almost always a typo; name the network it would mean. */
export function canonicalCidrs(landscape: Landscape): Problem[] {
  return everyCidr(landscape)
    .filter((entry) => entry.cidr.hostBitsSet)
    .map((entry) => ({ path: entry.path, message: `${JSON.stringify(entry.text)} has host bits set; use ${formatCidr(entry.cidr)}` }));
}

/** The privateSuper prefixes of a partition: provider-metal allocates each shoot's node network from them. */
function privateSuperPrefixes(landscape: Landscape, partition: string): Placed[] {
  return landscape.spec.metalControlPlane.networks.flatMap((network, i) =>
    network.kind === 'privateSuper' && network.partition === partition
      ? network.prefixes.flatMap((p, j) => place(`spec.metalControlPlane.networks[${i}].prefixes[${j}]`, p))
      : [],
  );
}

/**
 * Networks that must be disjoint: within each cluster (nodes, pods, services, shoot defaults); the
 * runtime cluster (soil networks and its shoot defaults) against every shooted seed, which is a shoot
 * of the soil; a shooted seed's pods, services and shoot defaults against the privateSuper network
 * of its partition, from which provider-metal allocates the node networks of the seed and of every
 * shoot on it (gardener-extension-provider-metal v0.27.11 pkg/controller/infrastructure/
 * actuator_reconcile.go ensureNodeNetwork; metal-api allocates child networks of the partition's
 * privatesuper network).
 */
export function networkOverlaps(landscape: Landscape): Problem[] {
  const { spec } = landscape;
  const runtime = [
    ...clusterNetworks('spec.runtime.networks', spec.runtime.networks),
    ...shootDefaults('spec.seeds.soil.shootDefaults', spec.seeds.soil.shootDefaults),
  ];
  const problems = pairwise(runtime);
  spec.seeds.shooted.forEach((seed, i) => {
    // A preset nodes is refused by shootedNodesAllocated; only the networks the seed keeps are checked.
    const own = [
      ...clusterNetworks(`spec.seeds.shooted[${i}].networks`, { pods: seed.networks.pods, services: seed.networks.services }),
      ...shootDefaults(`spec.seeds.shooted[${i}].shootDefaults`, seed.shootDefaults),
    ];
    problems.push(...pairwise(own));
    problems.push(...across(own, runtime));
    problems.push(...across(own, privateSuperPrefixes(landscape, seed.partition)));
  });
  return problems;
}

/** metal-stack network prefixes are allocated by one IPAM: they must not overlap each other. */
export function metalNetworkOverlaps(landscape: Landscape): Problem[] {
  const prefixes = landscape.spec.metalControlPlane.networks.flatMap((network, i) =>
    network.prefixes.flatMap((p, j) => place(`spec.metalControlPlane.networks[${i}].prefixes[${j}]`, p)),
  );
  return pairwise(prefixes);
}

/**
 * provider-metal allocates a shooted seed's node network itself when the Shoot names none; a preset
 * `networking.nodes` makes it skip the allocation and expect a network that nobody created
 * (gardener-extension-provider-metal v0.27.11 pkg/controller/infrastructure/actuator_reconcile.go
 * ensureNodeNetwork returns the preset CIDR as is).
 */
export function shootedNodesAllocated(landscape: Landscape): Problem[] {
  return landscape.spec.seeds.shooted.flatMap((seed, i) =>
    seed.networks.nodes === undefined
      ? []
      : [
          {
            path: `spec.seeds.shooted[${i}].networks.nodes`,
            message: `${seed.networks.nodes} must not be set: provider-metal allocates the node network of shooted seed ${JSON.stringify(seed.name)} from the privateSuper network of partition ${seed.partition}; remove nodes`,
          },
        ],
  );
}
