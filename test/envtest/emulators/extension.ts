// Stands in for gardener-operator's Extension controller (pkg/operator/controller/extension of
// Gardener v1.138.3), which installs an extension's admission and runtime deployments and reports
// it in the one condition of its own, `Installed`:
// - no Garden in the runtime cluster: Installed False, reason NoGardenFound, "No garden found";
// - a Garden exists: Installed True, reason ReconcileSuccessful, "Extension has been reconciled successfully";
// and status.observedGeneration = generation. The `RequiredRuntime`/`RequiredVirtual` conditions
// (written by the operator's required-runtime/-virtual controllers) say whether an extension is
// needed, not whether it is healthy; no health check reads them and this emulator leaves them out.
// Nothing is installed: no admission webhook, no extension controller.
import type { KubeRest } from '../kube-rest.js';
import { objectPath, type EmulatorSpec, type ListedObject, type Write } from './emulator.js';
import { condition, generationObserved, hasConditions } from './gardener-condition.js';
import { gardensPath } from './garden.js';

export const extensionsPath = '/apis/operator.gardener.cloud/v1alpha1/extensions';

export function installedCondition(gardenExists: boolean, now: Date) {
  return gardenExists
    ? condition('Installed', 'True', 'ReconcileSuccessful', 'Extension has been reconciled successfully', now)
    : condition('Installed', 'False', 'NoGardenFound', 'No garden found', now);
}

/** The status write for one Extension, or none when its status already says what the operator would. */
export function extensionWrites(extension: ListedObject, listPath: string, gardenExists: boolean, now: Date): Write[] {
  if (extension.metadata.deletionTimestamp) return [];
  const installed = installedCondition(gardenExists, now);
  if (generationObserved(extension) && hasConditions(extension, [installed])) return [];
  return [
    {
      method: 'PATCH',
      path: `${objectPath(listPath, extension)}/status`,
      body: { status: { observedGeneration: extension.metadata.generation, conditions: [installed] } },
      what: `Extension ${extension.metadata.name}: Installed ${installed.status} (${installed.reason})`,
    },
  ];
}

export function extensionEmulator(rest: KubeRest, clock: () => Date = () => new Date()): EmulatorSpec {
  return {
    name: 'gardener-operator (Extension)',
    lists: [extensionsPath],
    plan: async (extension, listPath) => {
      const gardens = await rest.request('GET', gardensPath);
      const exists = gardens.status === 200 && ((gardens.body as { items: unknown[] }).items?.length ?? 0) > 0;
      return extensionWrites(extension, listPath, exists, clock());
    },
  };
}
