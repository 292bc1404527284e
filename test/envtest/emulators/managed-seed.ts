// Stands in for the ManagedSeed controller of the gardenlet responsible for the ManagedSeed's Shoot
// (pkg/gardenlet/controller/managedseed/reconciler.go and pkg/controller/gardenletdeployer/
// actuator.go of Gardener v1.138.3): observedGeneration; ShootReconciled False (Reconciling,
// `Waiting for shoot "<ns>/<name>" to be reconciled`) until the Shoot's current generation
// Succeeded, then True (Reconciled, `Shoot "<ns>/<name>" has been reconciled`); then it deploys a
// gardenlet into the Shoot, which registers the Seed from `spec.gardenlet.config.seedConfig`
// (seed-registration.ts), and SeedRegistered True (Reconciled, "Seed <name> has been registered").
// Nothing is deployed into the Shoot (there is none); the `gardener` finalizer is left out (nothing
// here deletes a ManagedSeed).
import type { KubeRest } from '../kube-rest.js';
import { objectPath, type EmulatorSpec, type ListedObject, type Write } from './emulator.js';
import { condition, generationObserved, hasConditions } from './gardener-condition.js';
import { seedRegistration } from './seed-registration.js';
import { shootReconciled, shootsPath } from './shoot.js';

export const managedSeedsPath = '/apis/seedmanagement.gardener.cloud/v1alpha1/managedseeds';

export function managedSeedConditions(managedSeed: ListedObject, shoot: ListedObject | undefined, now: Date) {
  const ns = managedSeed.metadata.namespace;
  const shootName = (managedSeed as unknown as { spec: { shoot: { name: string } } }).spec.shoot.name;
  if (!shoot || !shootReconciled(shoot))
    return [condition('ShootReconciled', 'False', 'Reconciling', `Waiting for shoot "${ns}/${shootName}" to be reconciled`, now)];
  return [
    condition('ShootReconciled', 'True', 'Reconciled', `Shoot "${ns}/${shootName}" has been reconciled`, now),
    condition('SeedRegistered', 'True', 'Reconciled', `Seed ${managedSeed.metadata.name} has been registered`, now),
  ];
}

/** The writes for one ManagedSeed given its Shoot as read: the Seed once the Shoot is reconciled, then the status. */
export function managedSeedWrites(managedSeed: ListedObject, listPath: string, shoot: ListedObject | undefined, now: Date): Write[] {
  if (managedSeed.metadata.deletionTimestamp) return [];
  const conditions = managedSeedConditions(managedSeed, shoot, now);
  if (generationObserved(managedSeed) && hasConditions(managedSeed, conditions)) return [];
  const registers = conditions.some((c) => c.type === 'SeedRegistered');
  return [
    ...(registers ? [seedRegistration(managedSeed)] : []),
    {
      method: 'PATCH',
      path: `${objectPath(listPath, managedSeed)}/status`,
      body: { status: { observedGeneration: managedSeed.metadata.generation, conditions } },
      what: `ManagedSeed ${managedSeed.metadata.name}: ${conditions.map((c) => `${c.type} ${c.status}`).join(', ')}`,
    },
  ];
}

export function managedSeedEmulator(rest: KubeRest, clock: () => Date = () => new Date()): EmulatorSpec {
  return {
    name: 'gardenlet (ManagedSeed)',
    lists: [managedSeedsPath],
    plan: async (managedSeed, listPath) => {
      const shootName = (managedSeed as unknown as { spec: { shoot: { name: string } } }).spec.shoot.name;
      const res = await rest.request('GET', objectPath(shootsPath, { metadata: { name: shootName, namespace: managedSeed.metadata.namespace } }));
      if (res.status !== 200 && res.status !== 404) throw new Error(`GET Shoot ${managedSeed.metadata.namespace}/${shootName}: ${res.status}`);
      return managedSeedWrites(managedSeed, listPath, res.status === 200 ? (res.body as ListedObject) : undefined, clock());
    },
  };
}
