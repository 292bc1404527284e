// Stands in for a gardenlet deployed by a `Gardenlet` object (Gardener v1.138.3): gardener-operator
// deploys it into the soil (pkg/operator/controller/gardenlet), and the gardenlet then registers its
// Seed from the configuration's `seedConfig` (seed-registration.ts) and keeps its own Gardenlet
// object's status (pkg/gardenlet/controller/gardenlet/reconciler.go): observedGeneration, and the
// condition GardenletReconciled True, reason Reconciled, "Gardenlet with chart from <chart URL> has
// been deployed" (OCIRepository.GetURL: ref, else repository@digest, else repository:tag, without
// `oci://`). Nothing runs: no gardenlet Deployment, no seed system components, no Seed status
// (no health check and no admission of the layers after it reads a Seed's status).
import { objectPath, type EmulatorSpec, type ListedObject, type Write } from './emulator.js';
import { condition, generationObserved, hasConditions } from './gardener-condition.js';
import { seedRegistration } from './seed-registration.js';

export const gardenletsPath = '/apis/seedmanagement.gardener.cloud/v1alpha1/gardenlets';

interface OciRepository {
  ref?: string;
  repository?: string;
  tag?: string;
  digest?: string;
}

/** OCIRepository.GetURL of pkg/apis/core/v1. */
export function chartUrl(oci: OciRepository | undefined): string {
  const ref = oci?.ref ?? (oci?.digest ? `${oci.repository}@${oci.digest}` : oci?.tag ? `${oci.repository}:${oci.tag}` : '');
  return ref.replace(/^oci:\/\//, '');
}

export function gardenletReconciled(gardenlet: ListedObject, now: Date) {
  const oci = (gardenlet as unknown as { spec: { deployment?: { helm?: { ociRepository?: OciRepository } } } }).spec.deployment?.helm?.ociRepository;
  return condition('GardenletReconciled', 'True', 'Reconciled', `Gardenlet with chart from ${chartUrl(oci)} has been deployed`, now);
}

/** The gardenlet's writes for its Gardenlet: the Seed (every round is a no-op apply once registered), then the status. */
export function gardenletWrites(gardenlet: ListedObject, listPath: string, now: Date, registered: boolean): Write[] {
  if (gardenlet.metadata.deletionTimestamp) return [];
  const reconciled = gardenletReconciled(gardenlet, now);
  const writes: Write[] = registered ? [] : [seedRegistration(gardenlet)];
  if (!generationObserved(gardenlet) || !hasConditions(gardenlet, [reconciled])) {
    writes.push({
      method: 'PATCH',
      path: `${objectPath(listPath, gardenlet)}/status`,
      body: { status: { observedGeneration: gardenlet.metadata.generation, conditions: [reconciled] } },
      what: `Gardenlet ${gardenlet.metadata.name}: generation ${gardenlet.metadata.generation} GardenletReconciled True`,
    });
  }
  return writes;
}

export function gardenletEmulator(clock: () => Date = () => new Date()): EmulatorSpec {
  // The Seed is registered again whenever the Gardenlet's generation changes (a changed seedConfig).
  const registeredAt = new Map<string, number | undefined>();
  return {
    name: 'gardenlet (Gardenlet, Seed registration)',
    lists: [gardenletsPath],
    plan: (gardenlet, listPath) => {
      const key = `${gardenlet.metadata.namespace}/${gardenlet.metadata.name}`;
      const registered = registeredAt.has(key) && registeredAt.get(key) === gardenlet.metadata.generation;
      const writes = gardenletWrites(gardenlet, listPath, clock(), registered);
      registeredAt.set(key, gardenlet.metadata.generation);
      return writes;
    },
  };
}
