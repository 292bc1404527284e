// Stands in for gardener-operator's Garden controllers (Gardener v1.138.3):
// - pkg/operator/controller/garden/garden/reconciler.go: status.observedGeneration = generation
//   when a reconciliation starts, status.lastOperation {type Reconcile, state Succeeded,
//   progress 100, description "Garden cluster has been successfully reconciled.", lastUpdateTime}
//   when it ends (updateStatusOperationSuccess), status.gardener (the operator's identity);
// - pkg/operator/controller/garden/care (health.go): the four conditions, with the reasons and
//   messages the care controller writes when everything is healthy:
//   VirtualGardenAPIServerAvailable (HealthzRequestSucceeded), RuntimeComponentsHealthy
//   (RuntimeComponentsRunning), VirtualComponentsHealthy (VirtualComponentsRunning),
//   ObservabilityComponentsHealthy (ObservabilityComponentsRunning).
// Nothing is deployed: no virtual-garden kube-apiserver, no etcd, no gardener-resource-manager.
// What gardener-resource-manager's install brings to the runtime cluster that dist/ relies on, the
// ManagedResource CRD, is applied by this emulator once the Garden is Succeeded (see gardenWrites).
import type { KubeObject } from '../kube-rest.js';
import { objectPath, type EmulatorSpec, type ListedObject, type Write } from './emulator.js';
import { condition, generationObserved, rfc3339 } from './gardener-condition.js';

export const gardensPath = '/apis/operator.gardener.cloud/v1alpha1/gardens';

/** The care controller's healthy conditions (types from pkg/apis/operator/v1alpha1, reasons and messages from care/health.go). */
export function healthyGardenConditions(now: Date) {
  return [
    condition('VirtualGardenAPIServerAvailable', 'True', 'HealthzRequestSucceeded', 'API server /healthz endpoint responded with success status code.', now),
    condition('RuntimeComponentsHealthy', 'True', 'RuntimeComponentsRunning', 'All runtime components are healthy.', now),
    condition('VirtualComponentsHealthy', 'True', 'VirtualComponentsRunning', 'All virtual garden components are healthy.', now),
    condition('ObservabilityComponentsHealthy', 'True', 'ObservabilityComponentsRunning', 'All observability components are healthy.', now),
  ];
}

/** The status gardener-operator leaves on a Garden after a successful reconciliation of its current generation. */
export function succeededGardenStatus(garden: ListedObject, now: Date): Record<string, unknown> {
  return {
    observedGeneration: garden.metadata.generation,
    gardener: { id: 'emulated-gardener-operator', name: 'gardener-operator-emulator', version: 'v1.138.3' },
    lastOperation: {
      type: 'Reconcile',
      state: 'Succeeded',
      progress: 100,
      description: 'Garden cluster has been successfully reconciled.',
      lastUpdateTime: rfc3339(now),
    },
    conditions: healthyGardenConditions(now),
  };
}

/** Whether the Garden already carries the Succeeded status of its current generation. */
export function gardenDone(garden: ListedObject): boolean {
  const op = garden.status?.['lastOperation'] as { type?: string; state?: string } | undefined;
  return generationObserved(garden) && op?.type === 'Reconcile' && op.state === 'Succeeded';
}

export interface GardenEmulatorOptions {
  /** CRDs gardener-resource-manager brings along with the Garden (the ManagedResource CRD), applied once the Garden is Succeeded. */
  readonly crdsAfterReconcile: readonly KubeObject[];
  /** @default () => new Date() */
  readonly clock?: () => Date;
}

/** The writes for one Garden: its status, then (server-side apply, field manager gardener-operator) the CRDs. */
export function gardenWrites(garden: ListedObject, listPath: string, options: GardenEmulatorOptions, crdsApplied: boolean): Write[] {
  if (garden.metadata.deletionTimestamp) return [];
  const writes: Write[] = [];
  if (!gardenDone(garden)) {
    const now = (options.clock ?? (() => new Date()))();
    writes.push({
      method: 'PATCH',
      path: `${objectPath(listPath, garden)}/status`,
      body: { status: succeededGardenStatus(garden, now) },
      what: `Garden ${garden.metadata.name}: generation ${garden.metadata.generation} Reconcile Succeeded, 4 conditions True`,
    });
  }
  if (!crdsApplied) {
    for (const crd of options.crdsAfterReconcile) {
      writes.push({
        method: 'PATCH',
        path: `/apis/apiextensions.k8s.io/v1/customresourcedefinitions/${crd.metadata.name}?fieldManager=gardener-operator&force=true`,
        body: crd,
        contentType: 'application/apply-patch+yaml',
        what: `CRD ${crd.metadata.name} (gardener-resource-manager of Garden ${garden.metadata.name})`,
      });
    }
  }
  return writes;
}

export function gardenEmulator(options: GardenEmulatorOptions): EmulatorSpec {
  let crdsApplied = false;
  return {
    name: 'gardener-operator (Garden)',
    lists: [gardensPath],
    plan: (garden, listPath) => {
      const writes = gardenWrites(garden, listPath, options, crdsApplied);
      // The CRD writes are sent right after this plan; a failure shows in the emulator's errors.
      if (writes.some((w) => w.path.includes('customresourcedefinitions'))) crdsApplied = true;
      return writes;
    },
  };
}
