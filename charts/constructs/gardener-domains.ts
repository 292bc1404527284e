/**
 * The DNS domains Gardener needs besides the seeds' ingress domains, and the Secrets holding their
 * provider credentials in the virtual garden's `garden` namespace.
 *
 * - internal domain: every shoot gets `api.<shoot>.<project>.internal.<...>`, used by its system
 *   components; since Gardener v1.135 each Seed must name it in `spec.dns.internal` (the labelled
 *   `internal-domain` Secret is only read for migration).
 * - default domain: shoots without a custom domain get `<shoot>.<project>.<default domain>`; Gardener
 *   finds it through the `gardener.cloud/role=default-domain` label on the Secret.
 *
 * Both sit below the runtime cluster's ingress domain, in subdomains of their own so their records
 * never collide with the runtime's `*.<ingress domain>` wildcard or a seed's ingress domain.
 */
import type { Landscape } from '../landscape/schema/landscape.js';
export { defaultDomain } from '../landscape/effective.js';

export const GARDEN_NAMESPACE = 'garden';
export const INTERNAL_DOMAIN_SECRET = 'internal-domain';
export const DEFAULT_DOMAIN_SECRET = 'default-domain';

export function internalDomain(landscape: Landscape): string {
  return `internal.${landscape.spec.runtime.ingress.domain}`;
}
