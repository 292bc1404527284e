// Stands in for the registration part of gardener-operator's Extension controller
// (pkg/operator/controller/extension/extension/controllerregistration and
// pkg/utils/gardener/operator.ControllerRegistrationForExtension of Gardener v1.138.3): once the
// virtual garden runs (the Garden Succeeded), for every Extension with an extension deployment it
// writes the ControllerRegistration and ControllerDeployment named like the Extension — the
// resources without the `garden` cluster type — into a ManagedResource
// `extension-registration-<name>` in the runtime cluster's `garden` namespace (origin `operator`,
// no class: the virtual garden's gardener-resource-manager applies it, here managed-resource.ts).
// Deviations: the Secret's name ends in a hash of its data like the real immutable Secret's, but not
// computed the same way; pull-secret and CA-bundle copies are left out (dist/ references neither).
import { createHash } from 'node:crypto';
import { stringify } from 'yaml';
import type { KubeObject, KubeRest } from '../kube-rest.js';
import type { EmulatorSpec, ListedObject, Write } from './emulator.js';
import { extensionsPath } from './extension.js';
import { gardenDone, gardensPath } from './garden.js';

export const extensionRegistrationNamespace = 'garden';

interface Extension extends KubeObject {
  spec: {
    resources?: { kind: string; type: string; autoEnable?: string[]; clusterCompatibility?: string[]; [key: string]: unknown }[];
    deployment?: {
      extension?: { helm?: { ociRepository?: object }; values?: object; policy?: string; seedSelector?: object; injectGardenKubeconfig?: boolean };
    };
  };
}

/**
 * What gardener-operator registers in the virtual garden for an Extension with an extension
 * deployment: ControllerDeployment and ControllerRegistration named like the Extension, the
 * resources without the `garden` cluster type. Empty for anything else.
 */
export function controllerRegistrationOf(extension: KubeObject): KubeObject[] {
  // the extensions layer also holds provider-metal's seed-api-server ConfigMap
  if (extension.kind !== 'Extension') return [];
  const { spec, metadata } = extension as Extension;
  const deployment = spec.deployment?.extension;
  if (!deployment?.helm) return [];
  const withoutGarden = (types?: string[]) => types?.filter((t) => t !== 'garden');
  const resources = (spec.resources ?? []).map((r) => ({
    ...r,
    autoEnable: withoutGarden(r.autoEnable),
    clusterCompatibility: withoutGarden(r.clusterCompatibility),
  }));
  return [
    {
      apiVersion: 'core.gardener.cloud/v1',
      kind: 'ControllerDeployment',
      metadata: { name: metadata.name },
      helm: { ociRepository: deployment.helm.ociRepository, values: deployment.values },
      ...(deployment.injectGardenKubeconfig === undefined ? {} : { injectGardenKubeconfig: deployment.injectGardenKubeconfig }),
    },
    {
      apiVersion: 'core.gardener.cloud/v1beta1',
      kind: 'ControllerRegistration',
      metadata: { name: metadata.name },
      spec: {
        resources,
        deployment: { policy: deployment.policy, seedSelector: deployment.seedSelector, deploymentRefs: [{ name: metadata.name }] },
      },
    },
    // Through JSON, so unset optional fields (undefined) are left out as the operator's Go structs omit them.
  ].map((o) => JSON.parse(JSON.stringify(o)) as KubeObject);
}

/** The ManagedResource and its Secret that carry an Extension's registration (none for an Extension without an extension deployment). */
export function extensionRegistrationWrites(extension: ListedObject): Write[] {
  const objects = controllerRegistrationOf(extension);
  if (objects.length === 0 || extension.metadata.deletionTimestamp) return [];
  const name = `extension-registration-${extension.metadata.name}`;
  // The registry's file names: <kind>__<namespace>__<name>.yaml, lower-case kind, empty namespace for cluster-scoped objects.
  const data = Object.fromEntries(
    objects.map((o) => [`${o.kind.toLowerCase()}____${o.metadata.name}.yaml`, Buffer.from(stringify(o)).toString('base64')] as const),
  );
  const hash = createHash('sha256').update(JSON.stringify(data)).digest('hex').slice(0, 8);
  const secretName = `managedresource-${name}-${hash}`;
  const ns = extensionRegistrationNamespace;
  const apply = (path: string, body: KubeObject, what: string): Write => ({
    method: 'PATCH',
    path: `${path}?fieldManager=gardener-operator&force=true`,
    body,
    contentType: 'application/apply-patch+yaml',
    what,
  });
  return [
    apply(
      `/api/v1/namespaces/${ns}/secrets/${secretName}`,
      {
        apiVersion: 'v1',
        kind: 'Secret',
        metadata: { name: secretName, namespace: ns, labels: { 'resources.gardener.cloud/garbage-collectable-reference': 'true' } },
        type: 'Opaque',
        immutable: true,
        data,
      },
      `Secret ${ns}/${secretName} (registration of Extension ${extension.metadata.name})`,
    ),
    apply(
      `/apis/resources.gardener.cloud/v1alpha1/namespaces/${ns}/managedresources/${name}`,
      {
        apiVersion: 'resources.gardener.cloud/v1alpha1',
        kind: 'ManagedResource',
        metadata: { name, namespace: ns, labels: { origin: 'operator' } },
        spec: { secretRefs: [{ name: secretName }], keepObjects: false, injectLabels: { 'shoot.gardener.cloud/no-cleanup': 'true' } },
      },
      `ManagedResource ${ns}/${name} (ControllerRegistration and ControllerDeployment ${extension.metadata.name})`,
    ),
  ];
}

export function extensionRegistrationEmulator(rest: KubeRest): EmulatorSpec {
  const written = new Map<string, number | undefined>();
  return {
    name: 'gardener-operator (Extension registration)',
    lists: [extensionsPath],
    plan: async (extension) => {
      if (written.get(extension.metadata.name) === extension.metadata.generation) return [];
      const gardens = await rest.request('GET', gardensPath);
      const items = gardens.status === 200 ? (gardens.body as { items: ListedObject[] }).items : [];
      // The virtual garden the registration goes into exists once the Garden is reconciled.
      if (!items.some(gardenDone)) return [];
      written.set(extension.metadata.name, extension.metadata.generation);
      return extensionRegistrationWrites(extension);
    },
  };
}
