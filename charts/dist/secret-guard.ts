import type { Manifest } from '../synth.js';

/**
 * Annotation that marks a Secret whose data is not secret (a kubeconfig template without credentials,
 * RBAC manifests for a ManagedResource). Its value says why, for reviewers.
 */
export const NO_SECRET_VALUES = 'metal-garden.metal-stack.io/no-secret-values';

/**
 * Values in dist/ would be in git in plain text: refuse to write any Secret carrying data. Secret
 * values in any other field (and in the data this annotation vouches for) are secret-value-guard.ts' job.
 */
export function assertNoPlaintextSecrets(manifests: readonly Manifest[], where: string): void {
  for (const manifest of manifests) {
    if (manifest.kind !== 'Secret' || manifest.apiVersion !== 'v1') continue;
    const annotations = (manifest.metadata.annotations ?? {}) as Record<string, string>;
    if (annotations[NO_SECRET_VALUES]) continue;
    for (const field of ['data', 'stringData'] as const) {
      const values = manifest[field] as Record<string, unknown> | undefined;
      const keys = Object.keys(values ?? {}).filter((key) => values?.[key] !== '' && values?.[key] !== undefined);
      if (keys.length > 0) {
        throw new Error(
          `${where}: Secret ${manifest.metadata.namespace ?? ''}/${manifest.metadata.name} would be written with plaintext ${field} (${keys.join(', ')}); ` +
            'reference the Secret by name and list it in the secret inventory instead',
        );
      }
    }
  }
}

/** `gardener.cloud/operation` triggers a one-shot action; as desired state it would re-trigger on every sync. */
export function assertNoOperationAnnotations(manifests: readonly Manifest[], where: string): void {
  for (const manifest of manifests) {
    const annotations = (manifest.metadata.annotations ?? {}) as Record<string, string>;
    if ('gardener.cloud/operation' in annotations) {
      throw new Error(`${where}: ${manifest.kind} ${manifest.metadata.name} carries gardener.cloud/operation=${annotations['gardener.cloud/operation']}; one-shot operations are never desired state`);
    }
  }
}
