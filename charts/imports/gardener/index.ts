/**
 * Bindings for Gardener's aggregated API (not CRDs, so `cdk8s import` cannot produce them) and the
 * configs embedded in it: core, seedmanagement and security are generated from gardener-apiserver's
 * served OpenAPI (`npm run generate:gardener`); the gardenlet component config and provider-metal's
 * configs are hand-written (not served by gardener-apiserver), as is common.ts.
 * The kinds are exported flat; each module is also exported as a namespace because type names
 * repeat across them (every generated module carries its own `Quantity`, `ObjectReference`, ...).
 */
export * as core from './core.gardener.cloud.js';
export * as gardenletConfig from './gardenlet.config.gardener.cloud.js';
export * as metal from './metal.provider.extensions.gardener.cloud.js';
export * as seedmanagement from './seedmanagement.gardener.cloud.js';
export * as security from './security.gardener.cloud.js';

export { CloudProfile, ControllerDeployment, ControllerRegistration, Project, Seed, Shoot } from './core.gardener.cloud.js';
export { SEED_TAINT_PROTECTED, type Bootstrap, type Duration } from './common.js';
export { gardenletConfiguration, type GardenletConfiguration } from './gardenlet.config.gardener.cloud.js';
export { Gardenlet, ManagedSeed } from './seedmanagement.gardener.cloud.js';
export { CredentialsBinding } from './security.gardener.cloud.js';
