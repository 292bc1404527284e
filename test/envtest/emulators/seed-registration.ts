// How a gardenlet registers its Seed (Gardener v1.138.3, pkg/gardenlet/bootstrap and the seed
// controller): from the `seedConfig` of its configuration, the Seed named after the Gardenlet or
// ManagedSeed that deployed it, written by the gardenlet itself. Shared by the Gardenlet and the
// ManagedSeed emulator and by the replay of dist/ (test/integration/dist-replay.ts).
import type { KubeObject } from '../kube-rest.js';
import type { Write } from './emulator.js';

export const seedsPath = '/apis/core.gardener.cloud/v1beta1/seeds';

/** The Seed a gardenlet registers from its configuration's `seedConfig` (Gardenlet or ManagedSeed). */
export function seedOf(gardenletOwner: KubeObject): KubeObject {
  const spec = (gardenletOwner as unknown as { spec: { config?: unknown; gardenlet?: { config?: unknown } } }).spec;
  const config = (spec.config ?? spec.gardenlet?.config) as { seedConfig?: { metadata?: object; spec: unknown } } | undefined;
  if (!config?.seedConfig) throw new Error(`${gardenletOwner.kind} ${gardenletOwner.metadata.name} has no gardenlet seedConfig`);
  // The template carries no name: the Seed is named after the Gardenlet or ManagedSeed.
  const metadata = { ...config.seedConfig.metadata, name: gardenletOwner.metadata.name };
  return { apiVersion: 'core.gardener.cloud/v1beta1', kind: 'Seed', metadata, spec: config.seedConfig.spec };
}

/** The gardenlet's server-side apply of its Seed. */
export function seedRegistration(gardenletOwner: KubeObject): Write {
  const seed = seedOf(gardenletOwner);
  return {
    method: 'PATCH',
    path: `${seedsPath}/${seed.metadata.name}?fieldManager=gardenlet&force=true`,
    body: seed,
    contentType: 'application/apply-patch+yaml',
    what: `Seed ${seed.metadata.name} registered (${gardenletOwner.kind} ${gardenletOwner.metadata.name})`,
  };
}
