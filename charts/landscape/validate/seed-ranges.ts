/**
 * Seed and shoot ranges against the networks metal-stack routes. Gardener compares a Shoot's
 * networks with its Seed's, but a metal Shoot's node network is only known once provider-metal has
 * allocated it from a privateSuper network (v0.27.11 pkg/controller/infrastructure/
 * actuator_reconcile.go ensureNodeNetwork), and the external networks exist only in metal-api, so
 * no server here sees these collisions:
 * - a seed's pods, services and nodes (and the shoot defaults it hands out) inside a privateSuper
 *   network: the seed's VPN reaches the node networks of the shoots it hosts, and shoots with those
 *   defaults would get pods inside their own node network. Shoots of any partition may be scheduled
 *   on a seed; a shooted seed against its own partition is `networkOverlaps`' rule.
 * - a shooted seed's pods or services inside an external network its firewall joins: the seed's
 *   LoadBalancer and egress addresses come from it (metal-ccm takes LoadBalancer IPs from the
 *   firewall's default external network, provider-metal v0.27.11 pkg/controller/controlplane/
 *   valuesprovider.go getDefaultExternalNetwork), and the firewall imports the network's destination
 *   prefixes into the shoot's VRF (metal-stack/metal-networker v0.46.2 pkg/netconf/routemap.go
 *   getDestinationPrefixes); a pod or service range over them makes them unreachable from the
 *   seed's pods. The default route 0.0.0.0/0 is the exception: every more specific route wins over it.
 *   Shoot defaults are checked against the default external network, the one shoots join by default.
 * - a privateSuper network over the pod and service ranges provider-metal's admission writes into
 *   every metal Shoot that names none (v0.27.11 pkg/admission/mutator/defaulter.go defaultNetworking,
 *   config.go podsCIDR 10.240.0.0/13 and servicesCIDR 10.248.0.0/18, unchanged here: dist/ sets no
 *   DEFAULTER_* values): tenant shoots with nodes from it would get pods or services inside their own
 *   node network. The webhook fills them when the Shoot is created; only a Shoot that names its seed
 *   from the start gets the seed's shootDefaults (gardener-apiserver's admission fills those first).
 * The underlay is not checked: the firewall keeps it in the default VRF, which no shoot VRF imports
 * (metal-networker pkg/netconf/tpl/frr.firewall.tpl), so shoot traffic never meets it.
 */
import type { Problem } from '../problems.js';
import type { Landscape } from '../schema/landscape.js';
import { defaultExternalNetwork } from '../../constructs/metal-masterdata.js';
import { overlaps, parseCidr } from './cidr.js';
import { clusterNetworks, place, shootDefaults, type Placed } from './networks.js';

type Network = Landscape['spec']['metalControlPlane']['networks'][number];

const DEFAULT_ROUTE = '0.0.0.0/0';

interface Routed extends Placed {
  readonly reason: string;
}

function clashes(subjects: readonly Placed[], others: readonly Routed[]): Problem[] {
  return subjects.flatMap((subject) =>
    others
      .filter((other) => overlaps(subject.cidr, other.cidr))
      .map((other) => ({ path: subject.path, message: `${subject.text} overlaps ${other.path} (${other.text}), ${other.reason}; choose a range outside it` })),
  );
}

function privateSupers(landscape: Landscape, except?: string): Routed[] {
  return landscape.spec.metalControlPlane.networks.flatMap((network, n) =>
    network.kind === 'privateSuper' && network.partition !== except
      ? network.prefixes.flatMap((text, j) =>
          place(`spec.metalControlPlane.networks[${n}].prefixes[${j}]`, text).map((placed) => ({
            ...placed,
            reason: `the privateSuper network of partition ${network.partition ?? '(none)'} that metal-api allocates shoot node networks from`,
          })),
        )
      : [],
  );
}

function externalRoutes(landscape: Landscape, network: Network): Routed[] {
  const n = landscape.spec.metalControlPlane.networks.indexOf(network);
  const base = `spec.metalControlPlane.networks[${n}]`;
  return [
    ...network.prefixes.flatMap((text, j) =>
      place(`${base}.prefixes[${j}]`, text).map((placed) => ({
        ...placed,
        reason: `external network ${JSON.stringify(network.id)} that LoadBalancer and egress addresses come from`,
      })),
    ),
    ...network.destinationPrefixes.flatMap((text, j) =>
      text === DEFAULT_ROUTE
        ? []
        : place(`${base}.destinationPrefixes[${j}]`, text).map((placed) => ({
            ...placed,
            reason: `a destination the firewall routes to through ${JSON.stringify(network.id)}`,
          })),
    ),
  ];
}

/** Every seed's ranges outside every privateSuper network (a shooted seed's own partition: networkOverlaps). */
export function seedRangesOutsideNodeNetworks(landscape: Landscape): Problem[] {
  const { spec } = landscape;
  const soil = [
    ...clusterNetworks('spec.runtime.networks', spec.runtime.networks),
    ...shootDefaults('spec.seeds.soil.shootDefaults', spec.seeds.soil.shootDefaults),
  ];
  return [
    ...clashes(soil, privateSupers(landscape)),
    ...spec.seeds.shooted.flatMap((seed, i) =>
      clashes(
        [
          ...clusterNetworks(`spec.seeds.shooted[${i}].networks`, { pods: seed.networks.pods, services: seed.networks.services }),
          ...shootDefaults(`spec.seeds.shooted[${i}].shootDefaults`, seed.shootDefaults),
        ],
        privateSupers(landscape, seed.partition),
      ),
    ),
  ];
}

/** A shooted seed's pods and services, and every seed's shoot defaults, outside the external networks its shoots' firewalls route. */
export function seedRangesOutsideExternalNetworks(landscape: Landscape): Problem[] {
  const { spec } = landscape;
  const networks = spec.metalControlPlane.networks;
  const fallback = defaultExternalNetwork(networks);
  const defaults = fallback ? externalRoutes(landscape, fallback) : [];
  return [
    ...clashes(shootDefaults('spec.seeds.soil.shootDefaults', spec.seeds.soil.shootDefaults), defaults),
    ...spec.seeds.shooted.flatMap((seed, i) => {
      const joined = networks.filter((network) => seed.firewall.networks.includes(network.id) && (network.kind === 'internet' || network.kind === 'shared'));
      return [
        ...clashes(
          clusterNetworks(`spec.seeds.shooted[${i}].networks`, { pods: seed.networks.pods, services: seed.networks.services }),
          joined.flatMap((network) => externalRoutes(landscape, network)),
        ),
        ...clashes(shootDefaults(`spec.seeds.shooted[${i}].shootDefaults`, seed.shootDefaults), defaults),
      ];
    }),
  ];
}

/** What provider-metal's admission defaults a metal Shoot's networks to (see above). */
export const PROVIDER_METAL_SHOOT_DEFAULTS = { pods: '10.240.0.0/13', services: '10.248.0.0/18' } as const;

export function defaultShootRangesOutsideNodeNetworks(landscape: Landscape): Problem[] {
  const defaults = Object.entries(PROVIDER_METAL_SHOOT_DEFAULTS).flatMap(([kind, text]) => {
    const cidr = parseCidr(text);
    return cidr ? [{ kind, text, cidr }] : [];
  });
  return privateSupers(landscape).flatMap((prefix) =>
    defaults
      .filter((range) => overlaps(prefix.cidr, range.cidr))
      .map((range) => ({
        path: prefix.path,
        message: `${prefix.text} overlaps ${range.text}, the ${range.kind} range provider-metal's admission gives every metal Shoot that names none: such shoots would get ${range.kind} inside their own node network; choose prefixes outside ${PROVIDER_METAL_SHOOT_DEFAULTS.pods} and ${PROVIDER_METAL_SHOOT_DEFAULTS.services}`,
      })),
  );
}
