import type { Problem } from '../problems.js';
import type { Landscape } from '../schema/landscape.js';
import { contains, formatCidr, overlaps, parseCidr, type Cidr } from './cidr.js';

/** A CIDR as written in the landscape, with where it was written. */
interface Placed {
  readonly path: string;
  readonly text: string;
  readonly cidr: Cidr;
}

function place(path: string, text: string): Placed[] {
  const cidr = parseCidr(text);
  return cidr ? [{ path, text, cidr }] : [];
}

function clusterNetworks(prefix: string, networks: { nodes: string; pods: string; services: string }): Placed[] {
  return [
    ...place(`${prefix}.nodes`, networks.nodes),
    ...place(`${prefix}.pods`, networks.pods),
    ...place(`${prefix}.services`, networks.services),
  ];
}

function shootDefaults(prefix: string, defaults: { pods: string; services: string }): Placed[] {
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

/**
 * Networks that must be disjoint: within each cluster (nodes, pods, services, shoot defaults); the
 * runtime cluster (soil networks and its shoot defaults) against every shooted seed, which is a shoot
 * of the soil; shooted seed node networks against each other (they share the partition).
 */
export function networkOverlaps(landscape: Landscape): Problem[] {
  const { spec } = landscape;
  const runtime = [
    ...clusterNetworks('spec.runtime.networks', spec.runtime.networks),
    ...shootDefaults('spec.seeds.soil.shootDefaults', spec.seeds.soil.shootDefaults),
  ];
  const problems = pairwise(runtime);
  const shootedNodes: Placed[] = [];
  spec.seeds.shooted.forEach((seed, i) => {
    const own = clusterNetworks(`spec.seeds.shooted[${i}].networks`, seed.networks);
    problems.push(...pairwise([...own, ...shootDefaults(`spec.seeds.shooted[${i}].shootDefaults`, seed.shootDefaults)]));
    problems.push(...across(own, runtime));
    const nodes = own[0];
    if (nodes) {
      problems.push(...across([nodes], shootedNodes));
      shootedNodes.push(nodes);
    }
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

/** A shooted seed's nodes are allocated from the privateSuper network of its partition. */
export function nodesInsidePrivateSuper(landscape: Landscape): Problem[] {
  const { spec } = landscape;
  return spec.seeds.shooted.flatMap((seed, i) => {
    const nodes = parseCidr(seed.networks.nodes);
    const supers = spec.metalControlPlane.networks.filter((n) => n.kind === 'privateSuper' && n.partition === seed.partition);
    if (!nodes || supers.length === 0) return [];
    const inside = supers.some((n) => n.prefixes.some((p) => {
      const outer = parseCidr(p);
      return outer !== undefined && contains(outer, nodes);
    }));
    if (inside) return [];
    const where = supers.map((n) => `${n.id} (${n.prefixes.join(', ')})`).join(', ');
    return [{
      path: `spec.seeds.shooted[${i}].networks.nodes`,
      message: `${seed.networks.nodes} is not inside the privateSuper network of partition ${seed.partition}: ${where}`,
    }];
  });
}
