import type { RequiredSecret } from '../clusters/secret-inventory.js';
import { toYaml } from './files.js';

/**
 * dist/required-secrets.yaml: which Secrets must exist where before the layers that read them apply;
 * `deliveredBy` says, in a delivery mode other than manual, how each one gets there.
 */
export function renderSecretInventory(secrets: readonly RequiredSecret[], deliveredBy: (secret: RequiredSecret) => string | undefined = () => undefined): string {
  const header = '# Secrets that dist/ references but never contains. Create them (or deliver them encrypted) before the layers that read them.\n';
  return header + toYaml({ secrets: secrets.map((s) => ({ cluster: s.cluster, namespace: s.namespace, name: s.name, labels: s.labels, annotations: s.annotations, keys: s.keys, purpose: s.purpose, readBy: s.layers, deliveredBy: deliveredBy(s) })) });
}
