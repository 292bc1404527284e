import type { Manifest, Synthesis } from '../../synth.js';

/** dist/flux/: the Git source and one Kustomization per layer (owned by the Flux delivery work). */
export function renderFluxDelivery(_synthesis: Synthesis): Manifest[] {
  return [];
}
