/**
 * What the Gardener charts need from Gardener's API that its served OpenAPI does not spell out, so
 * the generated bindings (core/seedmanagement/security.gardener.cloud.ts) cannot carry it:
 * well-known keys and the value sets of Go constants whose fields OpenAPI types as plain strings.
 */

/** Taint of a protected seed (the soil): only Shoots of project garden that tolerate it land there. */
export const SEED_TAINT_PROTECTED = 'seed.gardener.cloud/protected';

/** How a ManagedSeed's gardenlet obtains its garden credentials (Go: seedmanagement `Bootstrap` constants). */
export type Bootstrap = 'BootstrapToken' | 'ServiceAccount' | 'None';

/** Go: metav1.Duration in component configs, rendered as a Go duration string (`"5m"`, `"1h30m"`). */
export type Duration = string;
