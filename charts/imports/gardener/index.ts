/**
 * Hand-written bindings for Gardener's aggregated API and provider-metal configs (not CRDs, so
 * `cdk8s import` cannot produce them). The kinds are exported flat; each API group is also
 * exported as a namespace because some type names repeat across groups (e.g. VersionClassification).
 */
export * as core from './core.gardener.cloud.js';
export * as gardenletConfig from './gardenlet.config.gardener.cloud.js';
export * as metal from './metal.provider.extensions.gardener.cloud.js';
export * as seedmanagement from './seedmanagement.gardener.cloud.js';
export * as security from './security.gardener.cloud.js';

export {
  CloudProfile,
  ControllerDeployment,
  ControllerRegistration,
  Project,
  Seed,
  Shoot,
  SEED_TAINT_PROTECTED,
} from './core.gardener.cloud.js';
export { gardenletConfiguration, type GardenletConfiguration } from './gardenlet.config.gardener.cloud.js';
export { Gardenlet, ManagedSeed } from './seedmanagement.gardener.cloud.js';
export { CredentialsBinding } from './security.gardener.cloud.js';
export { GardenerApiObject, manifestOf, stripUndefined, type GardenerManifest, type RawExtension } from './api-object.js';
