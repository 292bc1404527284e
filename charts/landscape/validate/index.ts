import type { Problem } from '../problems.js';
import type { Landscape } from '../schema/landscape.js';
import type { Components } from '../release-vector.js';
import { derivedDomainLengths, distinctDomains, metalApiOutsideWildcards } from './dns.js';
import { defaultExternalNetworks, filesystemLayouts } from './filesystem-layouts.js';
import { extensionValuesSize, osMetalChartValues, requiredExtensions, workerOsRegistered } from './extensions.js';
import { uniqueNames } from './names.js';
import { canonicalCidrs, metalNetworkOverlaps, networkOverlaps, shootedNodesAllocated, virtualGardenServicesClear } from './networks.js';
import { networkPartitions, seedPartitionsExist, zonesArePartitions } from './partitions.js';
import { cloudProfileFirewallReferences, seedFirewallReferences, seedVersionReferences, workerReferences } from './references.js';
import { projectSubjects, uniqueProjectMembers } from './projects.js';
import { runtimeApiServer, runtimeSeedable } from './runtime.js';
import { gardenerSupportsKubernetes, oneSupportedPerMinor } from './versions.js';
import { maintenanceWindow } from './maintenance.js';

/**
 * Semantic checks that the schema cannot express (overlaps, references, duplicates, skew).
 * Each rule is a pure function (landscape, components) => Problem[]; all rules run, so every problem is reported.
 */
export type Rule = (landscape: Landscape, components: Components) => Problem[];

const rules: Rule[] = [
  uniqueNames,
  uniqueProjectMembers,
  canonicalCidrs,
  networkOverlaps,
  metalNetworkOverlaps,
  shootedNodesAllocated,
  zonesArePartitions,
  seedPartitionsExist,
  networkPartitions,
  workerReferences,
  cloudProfileFirewallReferences,
  seedFirewallReferences,
  seedVersionReferences,
  gardenerSupportsKubernetes,
  distinctDomains,
  metalApiOutsideWildcards,
  filesystemLayouts,
  defaultExternalNetworks,
  requiredExtensions,
  osMetalChartValues,
  runtimeApiServer,
  runtimeSeedable,
  maintenanceWindow,
  derivedDomainLengths,
  projectSubjects,
  virtualGardenServicesClear,
  workerOsRegistered,
  oneSupportedPerMinor,
  extensionValuesSize,
];

export function validateLandscape(landscape: Landscape, components: Components): Problem[] {
  return rules.flatMap((rule) => rule(landscape, components));
}
