import type { Component, Components } from './release-vector.js';

/**
 * Charts a landscape needs that metal-stack's release vector does not pin (v0.22.19 has neither:
 * metal-roles installs them with versions of its own choosing), pinned here to the versions vendored
 * in generators/upstream/charts/ and tested with the rest. They join the vector as components, so
 * `spec.versions.overrides.<name>.version` changes them like any other component, and a release
 * vector that does pin them wins.
 */
export const RELEASE_COMPLEMENT: Readonly<Record<string, Component>> = {
  'cert-manager': { version: 'v1.19.1' },
  'ingress-nginx': { version: '4.13.3' },
};

/** The vector's components plus the complement's, where the vector lacks them. */
export function withComplement(components: Components): Components {
  return { ...RELEASE_COMPLEMENT, ...components };
}
