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
import { uniqueProjectMembers } from './projects.js';
import { runtimeApiServer, runtimeSeedProvider } from './runtime.js';
import { metalNamespaceApart } from './namespaces.js';
import { gardenerSupportsKubernetes } from './versions.js';
import { vrfRange, vrfSharing } from './vrf.js';
import { administrativeNetworksWithoutNat, nodeNetworkCapacity, nodeNetworkLength, requiredPartitionNetworks } from './partition-networks.js';
import { firewallNetworkRouting } from './firewall-networks.js';
import { firewallControllerUrls, imageUrls, imageVersions } from './fetched-urls.js';
import { sizeOverlaps } from './sizes.js';
import { defaultShootRangesOutsideNodeNetworks, seedRangesOutsideExternalNetworks, seedRangesOutsideNodeNetworks } from './seed-ranges.js';
import { projectSubjects } from './projects.js';
import { oneSupportedPerMinor } from './versions.js';
import { maintenanceWindow } from './maintenance.js';
import { sopsNeedsFlux } from './delivery.js';

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
  // metal-stack's own rules (metal-api, metal-networker, metal-hammer), which no server here checks
  vrfRange,
  vrfSharing,
  requiredPartitionNetworks,
  administrativeNetworksWithoutNat,
  nodeNetworkLength,
  nodeNetworkCapacity,
  firewallNetworkRouting,
  imageUrls,
  imageVersions,
  firewallControllerUrls,
  sizeOverlaps,
  seedRangesOutsideNodeNetworks,
  seedRangesOutsideExternalNetworks,
  defaultShootRangesOutsideNodeNetworks,
  metalNamespaceApart,
  runtimeSeedProvider,
  maintenanceWindow,
  derivedDomainLengths,
  projectSubjects,
  virtualGardenServicesClear,
  workerOsRegistered,
  oneSupportedPerMinor,
  extensionValuesSize,
  sopsNeedsFlux,
];

export function validateLandscape(landscape: Landscape, components: Components): Problem[] {
  return rules.flatMap((rule) => rule(landscape, components));
}
