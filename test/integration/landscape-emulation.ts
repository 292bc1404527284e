// What exists in a real landscape besides dist/, created here the way its real owner creates it:
// - the platform team: Flux's installation (CRDs, flux-system), the `garden` namespace of the
//   bootstrap (dist/README.md) and the Secrets listed in dist/required-secrets.yaml;
// - Helm releases of dist/: the CRDs their charts install (cert-manager with `crds.enabled`,
//   gardener-operator with the Garden and Extension CRDs), once their layer is Ready;
// - gardener-operator, once the Garden is reconciled: gardener-resource-manager's CRDs in the
//   runtime cluster and, in the virtual garden, one ControllerRegistration and ControllerDeployment
//   per Extension (pkg/operator/controller/extension/.../controllerregistration);
// - gardener-resource-manager of the virtual garden: the ServiceAccount each token-requestor Secret
//   names, and the objects of each ManagedResource (the GitOps identity's ServiceAccount and RBAC),
//   applied into the virtual garden;
// - gardener-controller-manager: the labels its credentialsbinding controller puts on the Secret a
//   CredentialsBinding references (provider type, reference marker);
// - gardenlets: the Seed each one registers from its `seedConfig`.
// Nothing here reads a controller's behaviour from the project's own code: the inputs are the
// dist/ objects, so a wrong dist/ still fails.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse, parseAllDocuments } from 'yaml';
import type { KubeObject } from '../envtest/kube-rest.js';
import { crdsFromMirror } from '../envtest/crds.js';
import { distRoot } from './dist-tree.js';

export { controllerRegistrationOf } from '../envtest/emulators/extension-registration.js';
export { seedOf } from '../envtest/emulators/seed-registration.js';
export { credentialsLabelsOf } from '../envtest/emulators/credentials-binding.js';

export interface RequiredSecret {
  cluster: 'runtime' | 'virtual-garden';
  namespace: string;
  name: string;
  keys: string[];
  labels?: Record<string, string>;
  annotations?: Record<string, string>;
}

export function requiredSecrets(root = distRoot): RequiredSecret[] {
  return (parse(readFileSync(join(root, 'required-secrets.yaml'), 'utf8')) as { secrets: RequiredSecret[] }).secrets;
}

/**
 * The Secret as required-secrets.yaml describes it: its labels and annotations, every listed key with
 * an obvious placeholder value (these tests never use the values).
 */
export function placeholderSecret(secret: RequiredSecret): KubeObject {
  const labels = { ...secret.labels, 'metal-garden.metal-stack.io/test-placeholder': 'true' };
  return {
    apiVersion: 'v1',
    kind: 'Secret',
    metadata: { name: secret.name, namespace: secret.namespace, labels, ...(secret.annotations ? { annotations: secret.annotations } : {}) },
    type: 'Opaque',
    stringData: Object.fromEntries(secret.keys.map((key) => [key, `placeholder ${key}`])),
  };
}

const namespace = (name: string): KubeObject => ({ apiVersion: 'v1', kind: 'Namespace', metadata: { name } });

/** `flux install` and the bootstrap steps of dist/README.md, before dist/flux is applied. */
export function fluxBootstrap(): { crds: KubeObject[]; objects: KubeObject[] } {
  const files = [
    'kustomize.toolkit.fluxcd.io_kustomizations.yaml',
    'source.toolkit.fluxcd.io_gitrepositories.yaml',
    'source.toolkit.fluxcd.io_helmrepositories.yaml',
    'source.toolkit.fluxcd.io_ocirepositories.yaml',
    'source.toolkit.fluxcd.io_helmcharts.yaml',
    'source.toolkit.fluxcd.io_buckets.yaml',
    'source.toolkit.fluxcd.io_externalartifacts.yaml',
    'helm.toolkit.fluxcd.io_helmreleases.yaml',
  ];
  return { crds: files.flatMap((file) => crdsFromMirror('flux', 'crds', file)), objects: [namespace('flux-system'), namespace('garden')] };
}

/** CRDs that a layer's Helm releases or gardener-operator install once that layer is Ready, by layer id. */
export function crdsAfterLayer(layerId: string): { by: string; crds: KubeObject[] } | undefined {
  const gardener = (file: string) => crdsFromMirror('gardener', 'crds', file);
  switch (layerId) {
    case 'runtime/prerequisites':
      return {
        by: 'the cert-manager chart (crds.enabled)',
        crds: ['certificates', 'issuers', 'clusterissuers', 'certificaterequests'].flatMap((kind) =>
          crdsFromMirror('cert-manager', 'crds', `cert-manager.io_${kind}.yaml`),
        ),
      };
    case 'runtime/gardener-operator':
      return {
        by: 'the gardener-operator chart',
        crds: [gardener('10-crd-operator.gardener.cloud_gardens.yaml'), gardener('10-crd-operator.gardener.cloud_extensions.yaml')].flat(),
      };
    case 'runtime/garden':
      return { by: 'gardener-operator (gardener-resource-manager of the Garden)', crds: gardener('10-crd-resources.gardener.cloud_managedresources.yaml') };
    default:
      return undefined;
  }
}

/**
 * What gardener-resource-manager applies for the ManagedResources among `objects`: every manifest
 * in the data of the Secrets they reference (`secretRefs`), as the ManagedResource contract says.
 */
export function managedResourceObjects(objects: readonly KubeObject[]): KubeObject[] {
  const secrets = new Map(objects.filter((o) => o.kind === 'Secret').map((o) => [`${o.metadata.namespace}/${o.metadata.name}`, o]));
  return objects
    .filter((o) => o.kind === 'ManagedResource')
    .flatMap((managedResource) => {
      const refs = (managedResource as unknown as { spec: { secretRefs: { name: string }[] } }).spec.secretRefs;
      return refs.flatMap(({ name }) => {
        const secret = secrets.get(`${managedResource.metadata.namespace}/${name}`);
        if (!secret)
          throw new Error(
            `ManagedResource ${managedResource.metadata.namespace}/${managedResource.metadata.name} references Secret ${name}, which its layer does not contain`,
          );
        const data = (secret as unknown as { stringData?: Record<string, string> }).stringData ?? {};
        return Object.keys(data)
          .sort()
          .flatMap((key) => parseAllDocuments(data[key]!).map((doc) => doc.toJS() as KubeObject));
      });
    });
}

/**
 * The ServiceAccounts gardener-resource-manager's token-requestor creates for the token-requestor
 * Secrets among `objects` (label `resources.gardener.cloud/purpose: token-requestor`, the account in
 * the `serviceaccount.resources.gardener.cloud/{name,namespace}` annotations).
 */
export function tokenRequestorServiceAccounts(objects: readonly KubeObject[]): KubeObject[] {
  return objects
    .filter((o) => o.kind === 'Secret' && (o.metadata.labels as Record<string, string> | undefined)?.['resources.gardener.cloud/purpose'] === 'token-requestor')
    .map((secret) => {
      const annotations = (secret.metadata.annotations ?? {}) as Record<string, string>;
      const name = annotations['serviceaccount.resources.gardener.cloud/name'];
      const namespace = annotations['serviceaccount.resources.gardener.cloud/namespace'] ?? 'kube-system';
      if (!name) throw new Error(`token-requestor Secret ${secret.metadata.namespace}/${secret.metadata.name} names no ServiceAccount`);
      return { apiVersion: 'v1', kind: 'ServiceAccount', metadata: { name, namespace } };
    });
}
