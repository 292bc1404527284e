/**
 * Who owns the shooted seeds' machines in metal-api. metal-stack's admission webhook rejects a
 * Shoot without the `cluster.metal-stack.io/tenant` annotation, and provider-metal needs a metal-api
 * project id (`InfrastructureConfig.projectID`) under which it allocates the firewall, the node
 * network and the machines.
 *
 * The landscape has no fields for them yet, so both are derived deterministically:
 * - tenant: the landscape name (metal-roles calls it the provider tenant, the tenant with extended
 *   privileges that operates the partition);
 * - project: a name-based UUID (RFC 9562 version 5) of `<landscape>/garden`, one metal-api project
 *   for all shooted seeds of a landscape. runtime/metal-control-plane seeds it, with the tenant, into
 *   masterdata-api (`masterdata_api.tenants` / `.projects`), so it exists before the first Shoot reconciles.
 */
import { createHash } from 'node:crypto';
import type { Landscape } from '../landscape/schema/landscape.js';

/** Shoot annotation metal-stack's admission webhook requires (metal-lib `tag.ClusterTenant`). */
export { ANNOTATION_CLUSTER_TENANT } from '../imports/gardener/metal.provider.extensions.gardener.cloud.js';

/** UUID namespace of metal-garden's derived ids: the v5 UUID of `metal-garden.metal-stack.io` in RFC 9562's URL namespace. */
export const METAL_GARDEN_UUID_NAMESPACE = 'b5437365-506d-51c3-b66c-ec81bed28495';

/** RFC 9562 §5.5 name-based UUID (SHA-1). */
export function uuidV5(name: string, namespace: string = METAL_GARDEN_UUID_NAMESPACE): string {
  const ns = Buffer.from(namespace.replace(/-/g, ''), 'hex');
  if (ns.length !== 16) throw new Error(`uuidV5: namespace ${JSON.stringify(namespace)} is not a UUID`);
  const hash = createHash('sha1').update(ns).update(name, 'utf8').digest();
  const bytes = hash.subarray(0, 16);
  bytes[6] = ((bytes[6] ?? 0) & 0x0f) | 0x50;
  bytes[8] = ((bytes[8] ?? 0) & 0x3f) | 0x80;
  const hex = bytes.toString('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

export function providerTenant(landscape: Landscape): string {
  return landscape.metadata.name;
}

export function gardenMetalProjectId(landscape: Landscape): string {
  return uuidV5(`${landscape.metadata.name}/garden`);
}

/** The metal-api project of the shooted seeds, as masterdata-api must hold it (runtime/metal-control-plane seeds it). */
export function gardenMetalProject(landscape: Landscape): { id: string; name: string; description: string } {
  return {
    id: gardenMetalProjectId(landscape),
    name: 'garden',
    description: `machines, firewalls and node networks of the shooted seeds of landscape ${landscape.metadata.name}`,
  };
}
