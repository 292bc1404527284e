/**
 * What the firewall of a shooted seed needs from the external networks it joins, as the firewall
 * configures itself: metal-stack/metal-networker v0.46.2 (built into the firewall images, not pinned
 * by the release vector; newest tag here) pkg/netconf/knowledgebase.go `config.Validate` for a
 * firewall refuses the machine configuration when a network other than the underlay has no vrf
 * ("networks with 'underlay: false' must contain a value vor 'vrf' as it is used for BGP") or an
 * external network has no destination prefixes ("non-private, non-underlay networks must contain
 * destination prefix(es)"), and `getDefaultRouteVRFName` fails without a network whose destination
 * prefixes hold 0.0.0.0/0 ("there is no network providing a default (0.0.0.0/0) route"); the
 * firewall-controller, chrony and nftables configuration are rendered in that VRF.
 */
import type { Problem } from '../problems.js';
import type { Landscape } from '../schema/landscape.js';
import { known } from '../effective.js';

const EXTERNAL_KINDS = new Set(['internet', 'shared']);
const DEFAULT_ROUTE = '0.0.0.0/0';

/** Who joins each network, in landscape order; unknown or non-external networks are the reference rules' problem. */
function joinedNetworks(landscape: Landscape): Map<number, string[]> {
  const networks = landscape.spec.metalControlPlane.networks;
  const joined = new Map<number, string[]>();
  for (const seed of landscape.spec.seeds.shooted)
    for (const id of new Set(seed.firewall.networks)) {
      const n = networks.findIndex((network) => network.id === id && EXTERNAL_KINDS.has(network.kind));
      if (n !== -1) joined.set(n, [...(joined.get(n) ?? []), seed.name]);
    }
  return joined;
}

function firewallsOf(seeds: readonly string[]): string {
  return `the firewall${seeds.length === 1 ? '' : 's'} of shooted seed${seeds.length === 1 ? '' : 's'} ${seeds.map((s) => JSON.stringify(s)).join(', ')}`;
}

export function firewallNetworkRouting(landscape: Landscape): Problem[] {
  const networks = landscape.spec.metalControlPlane.networks;
  const problems: Problem[] = [];
  for (const [n, seeds] of [...joinedNetworks(landscape)].sort(([a], [b]) => a - b)) {
    const network = networks[n];
    if (!network) continue;
    if (network.vrf === undefined)
      problems.push({
        path: `spec.metalControlPlane.networks[${n}].vrf`,
        message: `is required: ${firewallsOf(seeds)} join ${JSON.stringify(network.id)}, and metal-networker configures a firewall only when every network but the underlay has a vrf (its BGP VRF); set the vrf the switches route ${network.id} in`,
      });
    if (network.destinationPrefixes.length === 0)
      problems.push({
        path: `spec.metalControlPlane.networks[${n}].destinationPrefixes`,
        message: `is empty, but ${firewallsOf(seeds)} join ${JSON.stringify(network.id)}: metal-networker refuses an external network without destination prefixes (the routes the firewall takes from it); list them, e.g. [${DEFAULT_ROUTE}] for the internet`,
      });
  }
  landscape.spec.seeds.shooted.forEach((seed, i) => {
    const joined = seed.firewall.networks.flatMap((id) => networks.filter((network) => network.id === id && EXTERNAL_KINDS.has(network.kind)));
    if (joined.length > 0 && !joined.some((network) => network.destinationPrefixes.includes(DEFAULT_ROUTE)))
      problems.push({
        path: `spec.seeds.shooted[${i}].firewall.networks`,
        message: `none of ${known(joined.map((network) => network.id))} has ${DEFAULT_ROUTE} in its destinationPrefixes: metal-networker needs one network with the default route for the firewall's own services (firewall-controller, chrony); join an internet network that routes ${DEFAULT_ROUTE}`,
      });
  });
  return problems;
}
