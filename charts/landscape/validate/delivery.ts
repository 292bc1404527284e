import type { Problem } from '../problems.js';
import type { Landscape } from '../schema/landscape.js';

/**
 * Argo CD has no built-in SOPS decryption (Flux kustomize-controller has `spec.decryption`): an
 * Application would apply the encrypted stubs as they are, or — were they listed unencrypted — empty
 * Secrets over real ones. So mode sops is for engine flux only.
 */
export function sopsNeedsFlux(landscape: Landscape): Problem[] {
  const { engine, secrets } = landscape.spec.delivery;
  if (secrets.mode !== 'sops' || engine === 'flux') return [];
  return [
    {
      path: 'spec.delivery.secrets.mode',
      message: `"sops" cannot be used with engine ${engine}: Argo CD has no built-in SOPS decryption (only Flux kustomize-controller decrypts dist/'s stubs); use mode external-secrets, or engine flux, or mode manual with a SOPS config management plugin of your own in Argo CD`,
    },
  ];
}
