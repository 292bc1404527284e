/**
 * The Gardener layers of the runtime cluster, rendered from the default example landscape: what
 * gardener-operator, the Extensions, the Garden and the virtual-garden access must contain for the
 * landscape to come up, and that they pass the upstream CRD schemas.
 */
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { assertNoOperationAnnotations, assertNoPlaintextSecrets, NO_SECRET_VALUES } from '../../../charts/dist/secret-guard.js';
import { VIRTUAL_GARDEN_KUBECONFIG } from '../../../charts/clusters/runtime/virtual-garden-access.js';
import { INJECT_CA_BUNDLE_ANNOTATION, VIRTUAL_GARDEN_SERVER } from '../../../charts/constructs/virtual-garden-access.js';
import { synthesize, type Manifest as DistManifest } from '../../../charts/synth.js';
import { renderFluxDelivery } from '../../../charts/delivery/flux/index.js';
import { virtualGardenLayers } from '../../../charts/clusters/virtual-garden/index.js';
import { crdValidator } from './crd-schema.js';
import { allows, type Rule } from './rbac-check.js';
import { isPruneProtected } from '../../../charts/dist/protect.js';
import { defaultInput, ofKind, one, render, resolve, type Manifest } from './render.js';

const rendered = render();

/** The cluster and user of the kubeconfig's current context (what client-go and the token-requestor use). */
function currentContext(kubeconfig: any): { cluster: any; user: any } {
  const context = kubeconfig.contexts.find((c: any) => c.name === kubeconfig['current-context'])?.context;
  if (!context) throw new Error('current-context names no context');
  const cluster = kubeconfig.clusters.find((c: any) => c.name === context.cluster)?.cluster;
  const user = kubeconfig.users.find((u: any) => u.name === context.user)?.user;
  if (!cluster || !user) throw new Error('current context names a missing cluster or user');
  return { cluster, user };
}

/**
 * What gardener-resource-manager's token-requestor does with a `kubeconfig` key when the Secret asks for
 * the CA bundle (gardener v1.138.3 `updateSecretData`): token into the current context's user, CA data into
 * its cluster; it fails when the current context does not resolve.
 */
function filledByTokenRequestor(kubeconfigText: string, token: string, caData: string): any {
  const kubeconfig = parse(kubeconfigText);
  const { cluster, user } = currentContext(kubeconfig);
  user.token = token;
  cluster['certificate-authority-data'] = caData;
  return kubeconfig;
}

/**
 * What Flux keeps of a remote kubeconfig (fluxcd/pkg `runtime/client.KubeConfig`): host, inline CA and
 * client-certificate data, inline token or basic auth. A `tokenFile`, `certificate-authority` file or
 * exec plugin does not survive (client-go would read a token file from kustomize-controller's own disk).
 */
function fluxSanitizedConfig(kubeconfig: any): Record<string, string> {
  const { cluster, user } = currentContext(kubeconfig);
  const out: Record<string, string> = { host: cluster.server };
  if (cluster['certificate-authority-data']) out.caData = cluster['certificate-authority-data'];
  if (user.token) out.bearerToken = user.token;
  return out;
}
const { components, landscape } = rendered.input;

function secretRefNames(value: unknown): string[] {
  if (Array.isArray(value)) return value.flatMap(secretRefNames);
  if (typeof value !== 'object' || value === null) return [];
  return Object.entries(value).flatMap(([key, child]) =>
    key === 'secretRef' && typeof (child as { name?: unknown }).name === 'string' ? [(child as { name: string }).name] : secretRefNames(child),
  );
}

describe('runtime/gardener-operator', () => {
  const [source, release] = [
    one(rendered.layers['gardener-operator']!, 'OCIRepository', 'gardener-operator'),
    one(rendered.layers['gardener-operator']!, 'HelmRelease', 'gardener-operator'),
  ];

  it('pulls the operator chart the release vector pins, in namespace garden', () => {
    const operator = components['operator']!;
    expect(source.metadata.namespace).toBe('garden');
    expect(source.spec.url).toBe(`oci://${operator.charts!['ref']}`);
    expect(source.spec.ref).toEqual({ tag: operator.tag });
    expect(release.metadata.namespace).toBe('garden');
    expect(release.spec.chartRef).toEqual({ kind: 'OCIRepository', name: 'gardener-operator', namespace: 'garden' });
  });

  it('runs the image of the release vector and installs the CRDs of the chart (Garden, Extension)', () => {
    expect(release.spec.values.image).toEqual({ repository: 'europe-docker.pkg.dev/gardener-project/releases/gardener/operator', tag: 'v1.138.3' });
    expect(release.spec.install.crds).toBe('CreateReplace');
    expect(release.spec.upgrade.crds).toBe('CreateReplace');
  });
});

describe('runtime/extensions', () => {
  const extensions = ofKind(rendered.layers['extensions']!, 'Extension');
  const byName = new Map(extensions.map((extension) => [extension.metadata.name, extension]));
  const validate = crdValidator('gardener', 'crds', '10-crd-operator.gardener.cloud_extensions.yaml');

  it('renders the enabled extensions and provider-gcp for the GCP runtime, and nothing that is disabled', () => {
    // default example: networking-cilium switched off; dns-powerdns and backup-s3 are off by default
    expect([...byName.keys()].sort()).toEqual(['networking-calico', 'os-metal', 'provider-gcp', 'provider-metal', 'shoot-cert-service', 'shoot-dns-service']);
  });

  it.each([
    // os-metal deploys metal-garden's own chart by default: controllers/os-metal/test/chart-bundle.test.ts
    ['provider-metal', 'gardener-extension-provider-metal'],
    ['networking-calico', 'networking-calico'],
    ['shoot-cert-service', 'shoot-cert-service'],
    ['shoot-dns-service', 'shoot-dns-service'],
  ])('%s deploys the chart and image the release vector pins for %s', (name, componentName) => {
    const component = components[componentName]!;
    const extension = byName.get(name)!;
    expect(extension.spec.deployment.extension.helm.ociRepository).toEqual({ ref: `${component.charts!['extension']}:${component.tag}` });
    expect(extension.spec.deployment.extension.values.image).toMatchObject({ repository: component.image, tag: component.tag });
    const admission = extension.spec.deployment.admission;
    if (component.charts!['runtime']) {
      expect(admission.runtimeCluster.helm.ociRepository.ref).toBe(`${component.charts!['runtime']}:${component.tag}`);
      expect(admission.virtualCluster.helm.ociRepository.ref).toBe(`${component.charts!['application']}:${component.tag}`);
    } else {
      expect(admission).toBeUndefined();
    }
  });

  it('provider-metal carries its admission (runtime and application charts)', () => {
    const admission = byName.get('provider-metal')!.spec.deployment.admission;
    expect(admission.runtimeCluster.helm.ociRepository.ref).toBe('ghcr.io/metal-stack/charts/gardener-extension-admission-metal-runtime:v0.27.11');
    expect(admission.virtualCluster.helm.ociRepository.ref).toBe('ghcr.io/metal-stack/charts/gardener-extension-admission-metal-application:v0.27.11');
  });

  it('registers the kinds and types each extension serves', () => {
    const served = Object.fromEntries(
      extensions.map((extension) => [extension.metadata.name, extension.spec.resources.map((r: any) => `${r.kind}/${r.type}`)]),
    );
    expect(served['provider-metal']).toEqual(['ControlPlane/metal', 'Infrastructure/metal', 'Worker/metal']);
    expect(served['os-metal']).toEqual(['OperatingSystemConfig/ubuntu', 'OperatingSystemConfig/debian']);
    expect(served['networking-calico']).toEqual(['Network/calico']);
    expect(served['provider-gcp']).toEqual([
      'BackupBucket/gcp',
      'BackupEntry/gcp',
      'Bastion/gcp',
      'ControlPlane/gcp',
      'DNSRecord/google-clouddns',
      'Infrastructure/gcp',
      'Worker/gcp',
    ]);
    for (const name of ['shoot-cert-service', 'shoot-dns-service']) {
      expect(byName.get(name)!.spec.resources).toEqual([{ kind: 'Extension', type: name, autoEnable: ['shoot'] }]);
    }
  });

  it('deploys only the extension serving the Garden’s DNS and etcd backup into the runtime cluster', () => {
    const withRuntime = extensions.filter((extension) => extension.spec.deployment.extension.runtimeClusterValues).map((extension) => extension.metadata.name);
    expect(withRuntime).toEqual(['provider-gcp']);
  });

  it('merges spec.extensions.<name>.values over the generated values and honours enabled flags', () => {
    const input = defaultInput();
    input.spec.extensions = {
      'networking-cilium': { enabled: true },
      'backup-s3': { enabled: true, values: { replicaCount: 2, image: { pullPolicy: 'IfNotPresent' } } },
      'shoot-dns-service': { enabled: false },
    };
    const variant = ofKind(render(resolve(input)).layers['extensions']!, 'Extension');
    const names = variant.map((extension) => extension.metadata.name);
    expect(names).toContain('networking-cilium');
    expect(names).not.toContain('shoot-dns-service');
    const backup = variant.find((extension) => extension.metadata.name === 'backup-s3')!;
    expect(backup.spec.deployment.extension.values).toEqual({
      image: { repository: 'ghcr.io/metal-stack/gardener-extension-backup-s3', tag: 'v0.8.3', pullPolicy: 'IfNotPresent' },
      replicaCount: 2,
    });
    expect(backup.spec.resources.map((r: any) => `${r.kind}/${r.type}`)).toEqual(['BackupBucket/S3', 'BackupEntry/S3']);
    expect(backup.spec.deployment.extension.helm.ociRepository.ref).toBe('ghcr.io/metal-stack/charts/gardener-extension-backup-s3:v0.8.3');
  });

  it('every Extension is valid against the upstream operator.gardener.cloud CRD schema', () => {
    expect(extensions.length).toBeGreaterThan(0);
    for (const extension of extensions) expect(validate.validate(extension), extension.metadata.name).toEqual([]);
    // not vacuous: a resource without type, or a misspelt deployment field, is reported
    const sample = extensions[0]!;
    expect(validate.validate({ ...sample, spec: { ...sample.spec, resources: [{ kind: 'Network' }] } })).not.toEqual([]);
    expect(validate.validate({ ...sample, spec: { ...sample.spec, deployment: { extension: { helm: { ociRepo: {} } } } } })).not.toEqual([]);
  });
});

describe('runtime/garden', () => {
  const garden = one(rendered.layers['garden']!, 'Garden', 'fra');
  const { runtime } = landscape.spec;
  const virtualCluster = landscape.spec.garden.virtualCluster;

  it('is named after the landscape, which is also the cluster identity', () => {
    expect(garden.apiVersion).toBe('operator.gardener.cloud/v1alpha1');
    expect(garden.spec.virtualCluster.gardener.clusterIdentity).toBe(landscape.metadata.name);
  });

  it('describes the runtime cluster from spec.runtime', () => {
    expect(garden.spec.runtimeCluster.networking).toEqual({
      nodes: [runtime.networks.nodes],
      pods: [runtime.networks.pods],
      services: [runtime.networks.services],
    });
    expect(garden.spec.runtimeCluster.ingress).toEqual({ controller: { kind: 'nginx' }, domains: [{ name: 'fra.metal.example.com', provider: 'primary' }] });
    expect(garden.spec.runtimeCluster.provider).toEqual({ region: 'europe-west3' });
    expect(garden.spec.runtimeCluster.settings).toBeUndefined();
    expect(garden.spec.dns.providers).toEqual([{ name: 'primary', type: 'google-clouddns', secretRef: { name: 'clouddns-credentials' } }]);
  });

  it('describes the virtual cluster from spec.garden', () => {
    expect(garden.spec.virtualCluster.dns.domains).toEqual([{ name: virtualCluster.domain, provider: 'primary' }]);
    expect(garden.spec.virtualCluster.kubernetes.version).toBe('1.33.5');
    expect(garden.spec.virtualCluster.maintenance.timeWindow).toEqual({ begin: '220000+0100', end: '230000+0100' });
    expect(garden.spec.virtualCluster.etcd.main.backup).toEqual({
      provider: 'gcp',
      bucketName: 'fra-virtual-garden-etcd',
      region: 'europe-west3',
      secretRef: { name: 'virtual-garden-etcd-backup' },
    });
    expect(garden.spec.virtualCluster.controlPlane).toBeUndefined();
  });

  it('asks for a highly available control plane when the landscape does', () => {
    const input = defaultInput();
    input.spec.garden.virtualCluster.highAvailability = true;
    const ha = one(render(resolve(input)).layers['garden']!, 'Garden', 'fra');
    expect(ha.spec.virtualCluster.controlPlane).toEqual({ highAvailability: {} });
  });

  it('is valid against the upstream Garden CRD schema', () => {
    const validate = crdValidator('gardener', 'crds', '10-crd-operator.gardener.cloud_gardens.yaml');
    expect(validate.validate(garden)).toEqual([]);
    // the validator is not vacuous: a misspelt field is reported
    expect(
      validate.validate({ ...garden, spec: { ...garden.spec, virtualCluster: { ...garden.spec.virtualCluster, kubernetes: { verison: '1.33.5' } } } }),
    ).not.toEqual([]);
  });
});

describe('runtime/virtual-garden-access', () => {
  const layer = rendered.layers['virtual-garden-access']!;
  const tokenSecret = one(layer, 'Secret', VIRTUAL_GARDEN_KUBECONFIG.name);

  it('the exported kubeConfig.secretRef names the rendered Secret and its key', () => {
    expect(tokenSecret.metadata.namespace).toBe(VIRTUAL_GARDEN_KUBECONFIG.namespace);
    expect(Object.keys(tokenSecret.stringData)).toEqual([VIRTUAL_GARDEN_KUBECONFIG.key]);
  });

  it('is a token-requestor Secret for a ServiceAccount in the virtual garden', () => {
    expect(tokenSecret.metadata.labels).toEqual({ 'resources.gardener.cloud/purpose': 'token-requestor', 'resources.gardener.cloud/class': 'shoot' });
    expect(tokenSecret.metadata.annotations).toMatchObject({
      'serviceaccount.resources.gardener.cloud/name': 'metal-garden-flux',
      'serviceaccount.resources.gardener.cloud/namespace': 'kube-system',
      'serviceaccount.resources.gardener.cloud/token-expiration-duration': '12h',
      // Flux must not reset the token the token-requestor writes into the kubeconfig
      'kustomize.toolkit.fluxcd.io/ssa': 'IfNotPresent',
    });
    expect(tokenSecret.metadata.annotations![NO_SECRET_VALUES]).toBeTruthy();
  });

  it('its kubeconfig points at the in-cluster virtual garden and carries no credential and no CA', () => {
    const { cluster, user } = currentContext(parse(tokenSecret.stringData.kubeconfig));
    expect(cluster.server).toBe('https://virtual-garden-kube-apiserver.garden.svc.cluster.local');
    expect(cluster.server).toBe(VIRTUAL_GARDEN_SERVER);
    expect(user).toEqual({ token: '' });
    expect(cluster).toEqual({ server: VIRTUAL_GARDEN_SERVER });
  });

  it('asks the token-requestor to inject the virtual garden CA bundle, so Flux gets a kubeconfig it trusts', () => {
    expect(tokenSecret.metadata.annotations![INJECT_CA_BUNDLE_ANNOTATION]).toBe('true');
    expect(INJECT_CA_BUNDLE_ANNOTATION).toBe('serviceaccount.resources.gardener.cloud/inject-ca-bundle');
    // What Flux ends up with after gardener-resource-manager filled the Secret in the cluster.
    const filled = filledByTokenRequestor(tokenSecret.stringData.kubeconfig, 'a-token', 'Q0EgYnVuZGxl');
    expect(fluxSanitizedConfig(filled)).toEqual({ host: VIRTUAL_GARDEN_SERVER, caData: 'Q0EgYnVuZGxl', bearerToken: 'a-token' });
  });

  it('the ManagedResource (default class: applied to the virtual garden) references the RBAC Secret', () => {
    const [managedResource] = ofKind(layer, 'ManagedResource') as [Manifest];
    expect(managedResource.metadata.namespace).toBe('garden');
    expect(managedResource.spec.class).toBeUndefined();
    const [ref] = managedResource.spec.secretRefs;
    const rbacSecret = one(layer, 'Secret', ref.name);
    expect(rbacSecret.metadata.namespace).toBe('garden');
    expect(rbacSecret.metadata.annotations![NO_SECRET_VALUES]).toBeTruthy();

    const objects = Object.values(rbacSecret.stringData as Record<string, string>).map((text) => parse(text));
    const account = objects.find((o) => o.kind === 'ServiceAccount');
    expect(account.metadata).toEqual({ name: 'metal-garden-flux', namespace: 'kube-system' });
    const bindings = objects.filter((o) => o.kind === 'ClusterRoleBinding' || o.kind === 'RoleBinding');
    expect(bindings.length).toBe(2);
    for (const binding of bindings) expect(binding.subjects).toEqual([{ kind: 'ServiceAccount', name: 'metal-garden-flux', namespace: 'kube-system' }]);
    const roles = objects.filter((o) => o.kind === 'ClusterRole' || o.kind === 'Role');
    expect(roles.map((o) => `${o.kind} ${o.metadata.namespace ?? ''}/${o.metadata.name}`).sort()).toEqual([
      'ClusterRole /metal-garden:gitops',
      'Role garden/metal-garden:gitops',
    ]);
    expect(objects.some((o) => o.roleRef?.name === 'cluster-admin')).toBe(false);
    // no wildcard anywhere, no list/watch (Flux reads by name), no escalation
    for (const rule of roles.flatMap((o) => o.rules)) {
      expect([...rule.apiGroups, ...rule.resources, ...rule.verbs]).not.toContain('*');
      for (const verb of ['list', 'watch', 'deletecollection', 'escalate', 'bind', 'impersonate']) expect(rule.verbs).not.toContain(verb);
    }
  });
});

describe('Flux reaches the virtual garden through the token-requestor Secret', () => {
  const synthesis = synthesize(rendered.input);
  const access = synthesis.layers.find((layer) => layer.id === 'runtime/virtual-garden-access')!;
  const remote = renderFluxDelivery(synthesis).filter((m) => m.kind === 'Kustomization' && (m.spec as any).kubeConfig);

  it('every Kustomization with a kubeConfig names the Secret this layer renders, in its own namespace garden', () => {
    expect(remote.length).toBe(synthesis.layers.filter((layer) => layer.id.startsWith('virtual-garden/')).length);
    for (const kustomization of remote) {
      const { secretRef } = (kustomization.spec as any).kubeConfig;
      expect(kustomization.metadata.namespace, kustomization.metadata.name).toBe('garden');
      expect(secretRef).toEqual({ name: VIRTUAL_GARDEN_KUBECONFIG.name, key: 'kubeconfig' });
      const secret = access.manifests.find(
        (m) => m.kind === 'Secret' && m.metadata.name === secretRef.name && m.metadata.namespace === kustomization.metadata.namespace,
      );
      expect(secret, `${kustomization.metadata.name}: Secret ${secretRef.name}`).toBeDefined();
      expect((secret!.metadata.annotations as Record<string, string>)[INJECT_CA_BUNDLE_ANNOTATION]).toBe('true');
      expect(Object.keys(secret!.stringData as object)).toContain(secretRef.key);
    }
  });

  it('the layer writes no credential: the kubeconfig in dist/ has an empty token and no CA', () => {
    expect(() => assertNoPlaintextSecrets(access.manifests, 'test')).not.toThrow();
    const secret = access.manifests.find((m) => m.kind === 'Secret' && m.metadata.name === VIRTUAL_GARDEN_KUBECONFIG.name)!;
    expect((secret.metadata.annotations as Record<string, string>)[NO_SECRET_VALUES]).toMatch(/without token or CA/);
    const kubeconfig = parse((secret.stringData as Record<string, string>).kubeconfig ?? '');
    expect(fluxSanitizedConfig(kubeconfig)).toEqual({ host: VIRTUAL_GARDEN_SERVER });
    expect(JSON.stringify(kubeconfig)).not.toMatch(/certificate-authority|client-key|tokenFile|exec/);
  });
});

describe('virtual-garden RBAC against what the virtual-garden layers apply', () => {
  const secretRef = one(rendered.layers['virtual-garden-access']!, 'ManagedResource', 'metal-garden-flux-access').spec.secretRefs[0].name;
  const objects = Object.values(one(rendered.layers['virtual-garden-access']!, 'Secret', secretRef).stringData as Record<string, string>).map((text) =>
    parse(text),
  );
  const clusterRules: Rule[] = objects.filter((o) => o.kind === 'ClusterRole').flatMap((o) => o.rules);
  const rulesIn = (namespace: string | undefined): Rule[] =>
    namespace === undefined
      ? clusterRules
      : [...clusterRules, ...objects.filter((o) => o.kind === 'Role' && o.metadata.namespace === namespace).flatMap((o) => o.rules)];
  const applied = synthesize(
    rendered.input,
    virtualGardenLayers.map((layer) => ({ ...layer, dependsOn: layer.dependsOn.filter((d) => d.layer.startsWith('virtual-garden/')) })),
  ).layers.flatMap((layer) => layer.manifests);
  const groupOf = (apiVersion: string) => (apiVersion.includes('/') ? apiVersion.split('/')[0]! : '');
  const resourceOf = (kind: string) => `${kind.toLowerCase()}s`;
  const can = (verb: string, manifest: { apiVersion: string; kind: string; metadata: { name?: string; namespace?: string } }, name = manifest.metadata.name) =>
    allows(rulesIn(manifest.metadata.namespace), { group: groupOf(manifest.apiVersion), resource: resourceOf(manifest.kind), verb, name });

  it('lets the GitOps ServiceAccount apply (create and patch by name) and read every object of the virtual-garden layers', () => {
    expect(applied.length).toBeGreaterThan(0);
    for (const manifest of applied) {
      for (const verb of ['get', 'create', 'patch'])
        expect(can(verb, manifest), `${verb} ${manifest.kind} ${manifest.metadata.namespace ?? ''}/${manifest.metadata.name}`).toBe(true);
      // by name: the same kind under a name dist/ does not apply is refused
      expect(can('patch', manifest, 'not-in-dist'), `patch ${manifest.kind} not-in-dist`).toBe(false);
      expect(can('create', manifest, 'not-in-dist'), `create ${manifest.kind} not-in-dist`).toBe(false);
    }
  });

  it('grants what gardener-apiserver admission asks of the requester, only for the objects that need it', () => {
    for (const shoot of applied.filter((m) => m.kind === 'Shoot')) {
      expect((shoot.spec as { seedName?: string }).seedName).toBeTruthy();
      expect(allows(rulesIn('garden'), { group: 'core.gardener.cloud', resource: 'shoots/binding', verb: 'update', name: shoot.metadata.name })).toBe(true);
    }
    expect(allows(rulesIn('garden'), { group: 'core.gardener.cloud', resource: 'shoots/binding', verb: 'update', name: 'not-in-dist' })).toBe(false);
    const projects = applied.filter((m) => m.kind === 'Project');
    for (const project of projects) {
      const whitelisted = ((project.spec as { tolerations?: { whitelist?: unknown[] } }).tolerations?.whitelist ?? []).length > 0;
      expect(
        allows(clusterRules, { group: 'core.gardener.cloud', resource: 'projects', verb: 'modify-spec-tolerations-whitelist', name: project.metadata.name }),
        project.metadata.name,
      ).toBe(whitelisted);
      expect(
        allows(clusterRules, { group: 'core.gardener.cloud', resource: 'projects', verb: 'manage-members', name: project.metadata.name }),
        project.metadata.name,
      ).toBe(true);
    }
    expect(projects.map((p) => p.metadata.name).sort()).toEqual(['acme', 'garden']);
  });

  it('reads Secrets only by name, only those the CredentialsBindings reference, and lists none', () => {
    const referenced = applied
      .filter((m) => m.kind === 'CredentialsBinding')
      .map((m) => (m as unknown as { credentialsRef: { name: string } }).credentialsRef.name)
      .sort();
    expect(referenced).toEqual(['fra-equ01-a-metal-credentials', 'fra-equ01-b-metal-credentials']);
    const secretRules = objects.flatMap((o) => (o.rules ?? []) as Rule[]).filter((rule) => rule.resources?.includes('secrets'));
    expect(secretRules).toEqual([{ apiGroups: [''], resources: ['secrets'], verbs: ['get'], resourceNames: referenced }]);
    for (const name of ['internal-domain', 'default-domain', 'soil-backup-credentials', 'clouddns-credentials', undefined]) {
      expect(allows(rulesIn('garden'), { group: '', resource: 'secrets', verb: 'get', name }), `get secret ${name}`).toBe(false);
    }
    expect(allows(rulesIn('garden'), { group: '', resource: 'secrets', verb: 'list' })).toBe(false);
  });

  it('deletes no object of a kind dist/ protects from pruning, and prunes the rest whatever their name', () => {
    const kinds = [...new Set(applied.map((m) => `${m.apiVersion} ${m.kind}`))];
    for (const kindKey of kinds) {
      const manifest = applied.find((m) => `${m.apiVersion} ${m.kind}` === kindKey)!;
      const prunable = !isPruneProtected(manifest);
      // Flux reads an object that left dist/ before it prunes it (it honours the prune annotation), so reads are per kind
      expect(can('get', manifest, 'left-dist'), `get ${kindKey}`).toBe(true);
      expect(can('delete', manifest, 'left-dist'), `delete ${kindKey}`).toBe(prunable);
      expect(can('delete', manifest), `delete ${kindKey} ${manifest.metadata.name}`).toBe(prunable);
    }
    // Every kind the virtual-garden layers apply is protected (CredentialsBindings too): the identity deletes nothing there.
    expect(kinds.filter((k) => !isPruneProtected({ kind: k.split(' ')[1]! }))).toEqual([]);
  });
});

describe('all Gardener layers', () => {
  it('carry no gardener.cloud/operation and no Secret with values that are credentials', () => {
    expect(() => assertNoOperationAnnotations(rendered.all as DistManifest[], 'test')).not.toThrow();
    expect(() => assertNoPlaintextSecrets(rendered.all as DistManifest[], 'test')).not.toThrow();
  });

  it('register every Secret they reference in the inventory (runtime cluster, namespace garden)', () => {
    const referenced = [...new Set(rendered.all.flatMap((manifest) => secretRefNames(manifest.spec)))].sort();
    expect(referenced).toEqual(['clouddns-credentials', 'virtual-garden-etcd-backup']);
    for (const name of referenced) {
      expect(
        rendered.secrets.find((secret) => secret.name === name),
        name,
      ).toMatchObject({ cluster: 'runtime', namespace: 'garden' });
    }
    expect(rendered.secrets.find((secret) => secret.name === 'clouddns-credentials')!.keys).toEqual(['serviceaccount.json']);
  });
});
