// Stands in for the gardenlet of the Seed a Shoot is scheduled to (Gardener v1.138.3), for Shoots
// whose `spec.seedName` names a registered Seed (another gardenlet, or none, would be responsible
// otherwise):
// - the shoot controller (pkg/gardenlet/controller/shoot/shoot/reconciler.go): status.uid,
//   technicalID (shoot--<project>--<name>), gardener (its identity), observedGeneration, seedName;
//   after a successful flow lastOperation {Create on the first reconciliation, Reconcile after;
//   Succeeded, progress 100, "Shoot cluster has been successfully reconciled."};
// - the care controller (pkg/gardenlet/controller/shoot/care/health.go): the five conditions with
//   the reasons and messages of a healthy cluster — APIServerAvailable (HealthzRequestSucceeded),
//   ControlPlaneHealthy (ControlPlaneRunning), ObservabilityComponentsHealthy
//   (ObservabilityComponentsRunning), EveryNodeReady (EveryNodeReady, only for Shoots with workers),
//   SystemComponentsHealthy (SystemComponentsRunning).
// Nothing is created: no control plane in the seed, no machines, no shoot kubeconfig; the
// constraints (HibernationPossible, MaintenancePreconditionsSatisfied) and the finalizer are left out
// (no health check reads them, and nothing here deletes a Shoot).
import type { KubeRest } from '../kube-rest.js';
import { objectPath, type EmulatorSpec, type ListedObject, type Write } from './emulator.js';
import { condition, generationObserved, hasConditions, rfc3339 } from './gardener-condition.js';
import { seedsPath } from './seed-registration.js';

export const shootsPath = '/apis/core.gardener.cloud/v1beta1/shoots';

interface ShootSpec {
  seedName?: string;
  provider?: { workers?: unknown[] };
}

/** The project a Shoot's namespace belongs to: `garden-<project>`, and `garden` for project garden. */
export function technicalId(shoot: ListedObject): string {
  const ns = shoot.metadata.namespace ?? '';
  const project = ns === 'garden' ? 'garden' : ns.replace(/^garden-/, '');
  return `shoot--${project}--${shoot.metadata.name}`;
}

export function healthyShootConditions(shoot: ListedObject, now: Date) {
  const workers = ((shoot as unknown as { spec: ShootSpec }).spec.provider?.workers ?? []).length > 0;
  return [
    condition('APIServerAvailable', 'True', 'HealthzRequestSucceeded', 'API server /healthz endpoint responded with success status code.', now),
    condition('ControlPlaneHealthy', 'True', 'ControlPlaneRunning', 'All control plane components are healthy.', now),
    condition('ObservabilityComponentsHealthy', 'True', 'ObservabilityComponentsRunning', 'All observability components are healthy.', now),
    ...(workers ? [condition('EveryNodeReady', 'True', 'EveryNodeReady', 'All nodes are ready.', now)] : []),
    condition('SystemComponentsHealthy', 'True', 'SystemComponentsRunning', 'All system components are healthy.', now),
  ];
}

/** Whether the Shoot carries a Succeeded operation of its current generation (the ManagedSeed controller's `shootReconciled`). */
export function shootReconciled(shoot: ListedObject): boolean {
  const op = shoot.status?.['lastOperation'] as { state?: string } | undefined;
  return generationObserved(shoot) && op?.state === 'Succeeded';
}

/** The gardenlet's status write for one Shoot on a registered Seed, or none when it is reconciled and healthy. */
export function shootWrites(shoot: ListedObject, listPath: string, now: Date): Write[] {
  if (shoot.metadata.deletionTimestamp) return [];
  const conditions = healthyShootConditions(shoot, now);
  if (shootReconciled(shoot) && hasConditions(shoot, conditions)) return [];
  const type = shoot.status?.['lastOperation'] ? 'Reconcile' : 'Create';
  const spec = (shoot as unknown as { spec: ShootSpec }).spec;
  return [
    {
      method: 'PATCH',
      path: `${objectPath(listPath, shoot)}/status`,
      body: {
        status: {
          uid: shoot.metadata.uid,
          technicalID: (shoot.status?.['technicalID'] as string | undefined) ?? technicalId(shoot),
          gardener: { id: 'emulated-gardenlet', name: `gardenlet-${spec.seedName}`, version: 'v1.138.3' },
          observedGeneration: shoot.metadata.generation,
          seedName: spec.seedName,
          lastOperation: {
            type,
            state: 'Succeeded',
            progress: 100,
            description: 'Shoot cluster has been successfully reconciled.',
            lastUpdateTime: rfc3339(now),
          },
          conditions,
        },
      },
      what: `Shoot ${shoot.metadata.namespace}/${shoot.metadata.name}: generation ${shoot.metadata.generation} ${type} Succeeded on Seed ${spec.seedName}, ${conditions.length} conditions True`,
    },
  ];
}

export function shootEmulator(rest: KubeRest, clock: () => Date = () => new Date()): EmulatorSpec {
  return {
    name: 'gardenlet (Shoot and its care)',
    lists: [shootsPath],
    plan: async (shoot, listPath) => {
      const seedName = (shoot as unknown as { spec: ShootSpec }).spec.seedName;
      // Unscheduled, or scheduled to a Seed no gardenlet registered: nobody reconciles it.
      if (!seedName || (await rest.request('GET', `${seedsPath}/${seedName}`)).status !== 200) return [];
      return shootWrites(shoot, listPath, clock());
    },
  };
}
