import type { Landscape } from '../../landscape/schema/landscape.js';
import type { RequiredSecret } from '../../clusters/secret-inventory.js';
import { kustomizationRef } from '../flux/index.js';
import { stubbedSecrets } from './sops-stubs.js';

/** The key of the decryption Secret kustomize-controller reads an age private key from (Flux: any key ending in `.agekey`). */
export const AGE_KEY = 'age.agekey';

/**
 * The Secret holding the private age key, in each namespace whose Kustomizations decrypt stubs: a
 * Kustomization reads `spec.decryption.secretRef` from its own namespace, and virtual-garden layers
 * live in `garden` (see fluxNamespaces). No layer reads it (like the Git credentials) so it has no
 * stub of its own: it must exist before anything encrypted can be applied.
 */
export function sopsRequiredSecrets(landscape: Landscape, secrets: readonly RequiredSecret[]): RequiredSecret[] {
  const mode = landscape.spec.delivery.secrets;
  if (mode.mode !== 'sops') return [];
  const namespaces = new Set(stubbedSecrets(secrets).map((secret) => kustomizationRef(landscape, secret.layers?.[0] ?? 'runtime/').namespace));
  return [...namespaces].sort().map((namespace) => ({
    cluster: 'runtime',
    namespace,
    name: mode.decryptionSecretRef,
    keys: [AGE_KEY],
    purpose: `Flux kustomize-controller: the private age key (age-keygen output) whose public key is in spec.delivery.secrets.ageRecipients, to decrypt the SOPS-encrypted Secrets of the layers delivered from ${namespace}`,
  }));
}
