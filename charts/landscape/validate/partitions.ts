import type { Problem } from '../problems.js';
import type { Landscape } from '../schema/landscape.js';
import { known } from '../effective.js';

/**
 * The CloudProfile's zones are the metal-stack partitions: provider-metal maps a Shoot's zone to the
 * partition of the same id, so each zone must be a partition and each partition must be offered.
 */
export function zonesArePartitions(landscape: Landscape): Problem[] {
  const { spec } = landscape;
  const partitions = spec.metalControlPlane.partitions.map((p) => p.id);
  const zones = new Set(spec.cloudProfile.regions.flatMap((r) => r.zones));
  const problems: Problem[] = [];
  spec.cloudProfile.regions.forEach((region, r) =>
    region.zones.forEach((zone, z) => {
      if (!partitions.includes(zone)) {
        problems.push({
          path: `spec.cloudProfile.regions[${r}].zones[${z}]`,
          message: `${JSON.stringify(zone)} is not a metal-stack partition; known: ${known(partitions)}`,
        });
      }
    }),
  );
  spec.metalControlPlane.partitions.forEach((partition, p) => {
    if (!zones.has(partition.id)) {
      problems.push({
        path: `spec.metalControlPlane.partitions[${p}].id`,
        message: `partition ${JSON.stringify(partition.id)} is not a zone of any region in spec.cloudProfile.regions; zones: ${known(zones)}`,
      });
    }
  });
  return problems;
}

export function seedPartitionsExist(landscape: Landscape): Problem[] {
  const partitions = landscape.spec.metalControlPlane.partitions.map((p) => p.id);
  return landscape.spec.seeds.shooted.flatMap((seed, i) =>
    partitions.includes(seed.partition)
      ? []
      : [
          {
            path: `spec.seeds.shooted[${i}].partition`,
            message: `${JSON.stringify(seed.partition)} is not a metal-stack partition; known: ${known(partitions)}`,
          },
        ],
  );
}

const PARTITIONED_KINDS = new Set(['underlay', 'privateSuper']);

/**
 * underlay and privateSuper networks belong to exactly one partition, and a partition has at most one
 * of each: metal-api refuses a second one (metal-stack/metal-api v0.44.1 cmd/metal-api/internal/service/
 * network-service.go createNetwork: "partition with id %q already has a private super network", "...
 * already has an underlay network"). Shoot node networks are allocated from the privateSuper network,
 * firewalls get their underlay address from the underlay network.
 */
export function networkPartitions(landscape: Landscape): Problem[] {
  const partitions = landscape.spec.metalControlPlane.partitions.map((p) => p.id);
  const problems: Problem[] = [];
  const holder = new Map<string, string>();
  landscape.spec.metalControlPlane.networks.forEach((network, i) => {
    const path = `spec.metalControlPlane.networks[${i}].partition`;
    if (network.partition === undefined) {
      if (PARTITIONED_KINDS.has(network.kind))
        problems.push({ path, message: `is required for a network of kind ${network.kind}; known partitions: ${known(partitions)}` });
      return;
    }
    if (!partitions.includes(network.partition)) {
      problems.push({ path, message: `${JSON.stringify(network.partition)} is not a metal-stack partition; known: ${known(partitions)}` });
      return;
    }
    if (PARTITIONED_KINDS.has(network.kind)) {
      const key = `${network.kind}\u0000${network.partition}`;
      const first = holder.get(key);
      if (first)
        problems.push({
          path,
          message: `partition ${JSON.stringify(network.partition)} already has the ${network.kind} network ${JSON.stringify(first)}; metal-api allows one per partition`,
        });
      else holder.set(key, network.id);
    }
  });
  return problems;
}
