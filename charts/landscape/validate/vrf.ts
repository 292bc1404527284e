/**
 * VRFs of the metal-stack networks, as metal-api hands them out. Source: metal-stack/metal-api v0.44.1
 * (the release vector pins v0.45.0, whose tag the mirror here does not hold):
 * - cmd/metal-api/internal/datastore/integer.go: every VRF comes from one integer pool,
 *   DefaultVRFPoolRangeMin..DefaultVRFPoolRangeMax = 1..131072 (no flag changes it; the limit keeps the
 *   Cumulus VXLAN id range and the pool small), and `IntegerPool.verifyRange` refuses any other value;
 * - cmd/metal-api/internal/service/network-service.go `createNetwork`: a network's vrf is acquired from
 *   that pool once; a second network with the same vrf is refused ("cannot acquire a unique vrf id twice
 *   except vrfShared is set to true") unless its create request sets `vrfshared`.
 * `metalctl network apply` (the masterdata hook) creates the networks in list order and passes
 * `vrfshared` through (metalctl v0.18.8 cmd/network.go networkResponseToCreate).
 */
import type { Problem } from '../problems.js';
import type { Landscape } from '../schema/landscape.js';

export const VRF_MIN = 1;
export const VRF_MAX = 131072;

const at = (n: number) => `spec.metalControlPlane.networks[${n}]`;

/** A vrf outside metal-api's integer pool is refused when the network is created. */
export function vrfRange(landscape: Landscape): Problem[] {
  return landscape.spec.metalControlPlane.networks.flatMap((network, n) =>
    network.vrf !== undefined && (network.vrf < VRF_MIN || network.vrf > VRF_MAX)
      ? [
          {
            path: `${at(n)}.vrf`,
            message: `${network.vrf} is outside the vrf range metal-api accepts (its VRF pool, ${VRF_MIN} to ${VRF_MAX}); choose a vrf in that range`,
          },
        ]
      : [],
  );
}

/**
 * A vrf held by an earlier network needs `vrfShared: true` on every later network that uses it;
 * `vrfShared` without a vrf means nothing and most likely lost its vrf in an edit.
 */
export function vrfSharing(landscape: Landscape): Problem[] {
  const networks = landscape.spec.metalControlPlane.networks;
  const holder = new Map<number, number>();
  const problems: Problem[] = [];
  networks.forEach((network, n) => {
    if (network.vrf === undefined) {
      if (network.vrfShared !== undefined)
        problems.push({
          path: `${at(n)}.vrfShared`,
          message: `is set but ${JSON.stringify(network.id)} has no vrf; vrfShared lets a network use the vrf of an earlier one: set vrf, or remove vrfShared`,
        });
      return;
    }
    const first = holder.get(network.vrf);
    if (first === undefined) holder.set(network.vrf, n);
    else if (network.vrfShared !== true)
      problems.push({
        path: `${at(n)}.vrf`,
        message: `${network.vrf} is already the vrf of ${at(first)} (${JSON.stringify(networks[first]?.id)}); metal-api refuses a vrf twice unless the later network sets vrfShared: set vrfShared: true on ${JSON.stringify(network.id)} to share it, or choose another vrf`,
      });
  });
  return problems;
}
