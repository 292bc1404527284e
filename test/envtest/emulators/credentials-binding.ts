// Stands in for gardener-controller-manager's credentialsbinding controller
// (pkg/controllermanager/controller/credentialsbinding/reconciler.go of Gardener v1.138.3): it labels
// the Secret a CredentialsBinding references with `provider.shoot.gardener.cloud/<provider type>` and
// `reference.gardener.cloud/credentialsbinding` (the first one makes provider extensions' Secret
// webhooks judge later changes of the Secret). Its finalizers on the binding and the Secret are left
// out: nothing here deletes them.
import type { KubeObject, KubeRest } from '../kube-rest.js';
import type { EmulatorSpec, ListedObject, Write } from './emulator.js';

export const credentialsBindingsPath = '/apis/security.gardener.cloud/v1alpha1/credentialsbindings';

/** The labels as a Secret patch (server-side apply), or undefined for a binding that references something other than a Secret. */
export function credentialsLabelsOf(binding: KubeObject): KubeObject | undefined {
  const { credentialsRef, provider } = binding as unknown as {
    credentialsRef: { apiVersion: string; kind: string; name: string; namespace: string };
    provider: { type: string };
  };
  if (credentialsRef.apiVersion !== 'v1' || credentialsRef.kind !== 'Secret') return undefined;
  return {
    apiVersion: 'v1',
    kind: 'Secret',
    metadata: {
      name: credentialsRef.name,
      namespace: credentialsRef.namespace,
      labels: { [`provider.shoot.gardener.cloud/${provider.type}`]: 'true', 'reference.gardener.cloud/credentialsbinding': 'true' },
    },
  };
}

/** The label write for one binding, or none when the Secret already carries the labels. */
export function credentialsBindingWrites(binding: ListedObject, secretLabels: Record<string, string> | undefined): Write[] {
  const labels = credentialsLabelsOf(binding);
  if (!labels || binding.metadata.deletionTimestamp || !secretLabels) return [];
  const wanted = labels.metadata.labels as Record<string, string>;
  if (Object.entries(wanted).every(([k, v]) => secretLabels[k] === v)) return [];
  return [
    {
      method: 'PATCH',
      path: `/api/v1/namespaces/${labels.metadata.namespace}/secrets/${labels.metadata.name}?fieldManager=gardener-controller-manager&force=true`,
      body: labels,
      contentType: 'application/apply-patch+yaml',
      what: `Secret ${labels.metadata.namespace}/${labels.metadata.name} labelled for CredentialsBinding ${binding.metadata.name}`,
    },
  ];
}

export function credentialsBindingEmulator(rest: KubeRest): EmulatorSpec {
  return {
    name: 'gardener-controller-manager (CredentialsBinding)',
    lists: [credentialsBindingsPath],
    plan: async (binding) => {
      const labels = credentialsLabelsOf(binding);
      if (!labels) return [];
      const res = await rest.request('GET', `/api/v1/namespaces/${labels.metadata.namespace}/secrets/${labels.metadata.name}`);
      // A missing Secret: the real controller errors and retries; the binding's Secret is the platform team's to create.
      if (res.status === 404) return [];
      if (res.status !== 200) throw new Error(`GET Secret ${labels.metadata.namespace}/${labels.metadata.name}: ${res.status}`);
      return credentialsBindingWrites(binding, (res.body as ListedObject).metadata.labels ?? {});
    },
  };
}
