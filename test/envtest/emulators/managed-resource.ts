// Stands in for gardener-resource-manager's ManagedResource controller (pkg/resourcemanager/
// controller/managedresource of Gardener v1.138.3) for ManagedResources of class `shoot` in the
// runtime cluster's `garden` namespace, i.e. the virtual garden's resource manager: it applies every
// manifest in the Secrets of spec.secretRefs to its target cluster (here: the control plane, which
// plays the virtual garden too) with server-side apply, and writes the status the controller
// writes after a successful apply of healthy objects:
// status.observedGeneration, conditions ResourcesApplied True (ApplySucceeded, "All resources are
// applied."), ResourcesHealthy True (ResourcesHealthy, "All resources are healthy."),
// ResourcesProgressing False (ResourcesRolledOut, "All resources have been fully rolled out.").
// status.resources (the object references) is left out: no health check reads it.
import { parseAllDocuments } from 'yaml';
import type { KubeObject, KubeRest } from '../kube-rest.js';
import { objectPath, type EmulatorSpec, type ListedObject, type Write } from './emulator.js';
import { condition, generationObserved, hasConditions } from './gardener-condition.js';

export const managedResourcesPath = '/apis/resources.gardener.cloud/v1alpha1/managedresources';

export function healthyManagedResourceConditions(now: Date) {
  return [
    condition('ResourcesApplied', 'True', 'ApplySucceeded', 'All resources are applied.', now),
    condition('ResourcesHealthy', 'True', 'ResourcesHealthy', 'All resources are healthy.', now),
    condition('ResourcesProgressing', 'False', 'ResourcesRolledOut', 'All resources have been fully rolled out.', now),
  ];
}

/** The manifests of a referenced Secret's data (base64, as the API server returns it), key by key in sorted order. */
export function manifestsOfSecretData(data: Record<string, string>): KubeObject[] {
  return Object.keys(data)
    .sort()
    .flatMap((key) =>
      parseAllDocuments(Buffer.from(data[key]!, 'base64').toString('utf8'))
        .map((doc) => doc.toJS() as KubeObject | null)
        .filter((o): o is KubeObject => o !== null),
    );
}

/** The REST path of a manifest for server-side apply, from its apiVersion and a resource name the caller resolved. */
export function applyPath(object: KubeObject, resource: string): string {
  const base = object.apiVersion.includes('/') ? `/apis/${object.apiVersion}` : `/api/${object.apiVersion}`;
  const ns = object.metadata.namespace ? `/namespaces/${object.metadata.namespace}` : '';
  return `${base}${ns}/${resource}/${object.metadata.name}?fieldManager=gardener-resource-manager&force=true`;
}

/** The status write once the objects are applied. */
export function managedResourceStatusWrite(mr: ListedObject, listPath: string, now: Date): Write | undefined {
  const healthy = healthyManagedResourceConditions(now);
  if (generationObserved(mr) && hasConditions(mr, healthy)) return undefined;
  return {
    method: 'PATCH',
    path: `${objectPath(listPath, mr)}/status`,
    body: { status: { observedGeneration: mr.metadata.generation, conditions: healthy } },
    what: `ManagedResource ${mr.metadata.namespace}/${mr.metadata.name}: generation ${mr.metadata.generation} applied and healthy`,
  };
}

/** Resource names (plural) of the kinds ManagedResources of dist/ hold; an unknown kind fails, naming it. */
const resources: Record<string, string> = {
  ServiceAccount: 'serviceaccounts',
  ClusterRole: 'clusterroles',
  ClusterRoleBinding: 'clusterrolebindings',
  Role: 'roles',
  RoleBinding: 'rolebindings',
  Namespace: 'namespaces',
  ConfigMap: 'configmaps',
  ControllerRegistration: 'controllerregistrations',
  ControllerDeployment: 'controllerdeployments',
};

export function resourceOf(object: KubeObject): string {
  const resource = resources[object.kind];
  if (!resource) throw new Error(`ManagedResource holds a ${object.kind}, which this emulator cannot apply (known: ${Object.keys(resources).join(', ')})`);
  return resource;
}

export function managedResourceEmulator(rest: KubeRest, clock: () => Date = () => new Date()): EmulatorSpec {
  return {
    name: 'gardener-resource-manager (ManagedResource, class shoot)',
    lists: [managedResourcesPath],
    plan: async (mr, listPath) => {
      if (mr.metadata.deletionTimestamp) return [];
      const status = managedResourceStatusWrite(mr, listPath, clock());
      if (!status) return [];
      const refs = ((mr as unknown as { spec: { secretRefs?: { name: string }[] } }).spec.secretRefs ?? []).map((r) => r.name);
      const writes: Write[] = [];
      for (const name of refs) {
        const res = await rest.request('GET', `/api/v1/namespaces/${mr.metadata.namespace}/secrets/${name}`);
        if (res.status !== 200) throw new Error(`Secret ${mr.metadata.namespace}/${name} of the ManagedResource: ${res.status}`);
        for (const object of manifestsOfSecretData((res.body as { data?: Record<string, string> }).data ?? {})) {
          writes.push({
            method: 'PATCH',
            path: applyPath(object, resourceOf(object)),
            body: object,
            contentType: 'application/apply-patch+yaml',
            what: `${object.kind} ${object.metadata.namespace ? `${object.metadata.namespace}/` : ''}${object.metadata.name} (ManagedResource ${mr.metadata.name})`,
          });
        }
      }
      return [...writes, status];
    },
  };
}
