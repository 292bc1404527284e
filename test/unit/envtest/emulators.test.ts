// The emulators of test/envtest/emulators/: each writes what its real controller writes, and the
// statuses they write are judged by the health checks dist/ carries exactly as kustomize-controller
// judges them (fluxcd/pkg/runtime/cel through flux-cel-health): an emulated Garden, Extension or
// ManagedResource is Current only once the emulator has written its final status.
import { spawnSync } from 'node:child_process';
import { X509Certificate } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import { describe, expect, it } from 'vitest';
import { HEALTH_CHECKS } from '../../../charts/delivery/flux/health-checks.js';
import { projectRoot } from '../../../generators/upstream.js';
import { evaluateFluxHealth } from '../delivery/flux-cel.js';
import type { JsonValue } from '../delivery/lua-health.js';
import { objectPath, type ListedObject, type Write } from '../../envtest/emulators/emulator.js';
import { gardenDone, gardensPath, gardenWrites, succeededGardenStatus } from '../../envtest/emulators/garden.js';
import { extensionsPath, extensionWrites } from '../../envtest/emulators/extension.js';
import { applyPath, managedResourcesPath, managedResourceStatusWrite, manifestsOfSecretData, resourceOf } from '../../envtest/emulators/managed-resource.js';
import { durationSeconds, fillKubeconfig, renewAnnotation, tokenFresh } from '../../envtest/emulators/token-requestor.js';
import { loadBalancerEmulator, loadBalancerWrites, servicesPath } from '../../envtest/emulators/load-balancer.js';
import { projectsPath, projectWrites } from '../../envtest/emulators/project.js';
import { volumeWrites } from '../../envtest/emulators/volume-provisioner.js';
import { chartUrl, gardenletsPath, gardenletWrites } from '../../envtest/emulators/gardenlet.js';
import { shootsPath, shootWrites, technicalId } from '../../envtest/emulators/shoot.js';
import { managedSeedsPath, managedSeedWrites } from '../../envtest/emulators/managed-seed.js';
import { credentialsBindingWrites } from '../../envtest/emulators/credentials-binding.js';
import { extensionRegistrationWrites } from '../../envtest/emulators/extension-registration.js';
import type { KustomizationSpecHealthCheckExprs } from '../../../charts/imports/kustomize.toolkit.fluxcd.io.js';
import {
  certificatesPath,
  clusterIssuersPath,
  issue,
  issued,
  issuerIsReady,
  issuerReady,
  issuerWrites,
  waitingWrites,
  type SecretObject,
} from '../../envtest/emulators/cert-manager.js';
import { goDurationSeconds } from '../../envtest/emulators/cert-manager-spec.js';
import { unreachableSelector, webhookListPaths, webhookWrites, type ServerlessWebhook } from '../../envtest/emulators/webhooks.js';

const now = new Date('2026-12-02T10:00:00.123Z');
const check = (apiVersion: string, kind: string) => {
  const c = HEALTH_CHECKS.get(`${apiVersion}/${kind}`);
  if (!c) throw new Error(`no health check for ${apiVersion}/${kind}`);
  return c;
};
const obj = (apiVersion: string, kind: string, name: string, generation: number, extra: Partial<ListedObject> = {}, namespace?: string): ListedObject => ({
  apiVersion,
  kind,
  metadata: { name, generation, ...(namespace ? { namespace } : {}) },
  ...extra,
});
/** The object after a merge patch of its status (what the API server stores). */
const patched = (o: ListedObject, body: unknown): ListedObject => ({ ...o, status: { ...o.status, ...(body as { status: Record<string, unknown> }).status } });
const verdicts = async (apiVersion: string, kind: string, objects: ListedObject[]) =>
  (await evaluateFluxHealth([check(apiVersion, kind)], objects as unknown as JsonValue[])).map((v) => v.status);

describe('objectPath', () => {
  it('derives the object path from a cluster-wide or namespaced collection path', () => {
    expect(objectPath('/apis/operator.gardener.cloud/v1alpha1/gardens', { metadata: { name: 'fra' } })).toBe(
      '/apis/operator.gardener.cloud/v1alpha1/gardens/fra',
    );
    expect(objectPath('/api/v1/services', { metadata: { name: 'a', namespace: 'x' } })).toBe('/api/v1/namespaces/x/services/a');
    expect(objectPath('/api/v1/namespaces/x/secrets?labelSelector=a%3Db', { metadata: { name: 's', namespace: 'x' } })).toBe('/api/v1/namespaces/x/secrets/s');
    expect(() => objectPath('/healthz', { metadata: { name: 'a' } })).toThrow('"/healthz" is not a collection path');
  });
});

describe('Garden (gardener-operator)', () => {
  const v = 'operator.gardener.cloud/v1alpha1';
  const options = { crdsAfterReconcile: [], clock: () => now };

  it('writes Reconcile Succeeded with the four care conditions, which the Garden health check calls Current; nothing more once done', async () => {
    const garden = obj(v, 'Garden', 'fra', 2);
    const [write, ...rest] = gardenWrites(garden, gardensPath, options, true);
    expect(rest).toEqual([]);
    expect(write).toMatchObject({ method: 'PATCH', path: '/apis/operator.gardener.cloud/v1alpha1/gardens/fra/status' });
    const done = patched(garden, write!.body);
    expect(done.status).toMatchObject({
      observedGeneration: 2,
      lastOperation: {
        type: 'Reconcile',
        state: 'Succeeded',
        progress: 100,
        description: 'Garden cluster has been successfully reconciled.',
        lastUpdateTime: '2026-12-02T10:00:00Z',
      },
    });
    expect(gardenDone(done)).toBe(true);
    expect(gardenWrites(done, gardensPath, options, true)).toEqual([]);
    // Before the emulator writes (no status at all) kstatus cannot call it Current; a status of the previous generation is InProgress.
    const stale = { ...done, metadata: { ...done.metadata, generation: 3 } };
    expect(await verdicts(v, 'Garden', [done, garden, stale])).toEqual(['Current', 'Unknown', 'InProgress']);
    expect(gardenWrites(stale, gardensPath, options, true)).toHaveLength(1);
  });

  it('applies the CRDs that come with the Garden once, by server-side apply as gardener-operator', () => {
    const crd = { apiVersion: 'apiextensions.k8s.io/v1', kind: 'CustomResourceDefinition', metadata: { name: 'managedresources.resources.gardener.cloud' } };
    const done = patched(obj(v, 'Garden', 'fra', 1), { status: succeededGardenStatus(obj(v, 'Garden', 'fra', 1), now) });
    expect(gardenWrites(done, gardensPath, { crdsAfterReconcile: [crd] }, false)).toEqual([
      expect.objectContaining({
        method: 'PATCH',
        path: '/apis/apiextensions.k8s.io/v1/customresourcedefinitions/managedresources.resources.gardener.cloud?fieldManager=gardener-operator&force=true',
        contentType: 'application/apply-patch+yaml',
        body: crd,
      }),
    ]);
    expect(gardenWrites(done, gardensPath, { crdsAfterReconcile: [crd] }, true)).toEqual([]);
  });
});

describe('Extension (gardener-operator)', () => {
  const v = 'operator.gardener.cloud/v1alpha1';

  it('reports NoGardenFound before a Garden exists and Installed True after, both Current; rewrites when the Garden appears', async () => {
    const extension = obj(v, 'Extension', 'provider-metal', 1);
    const [before] = extensionWrites(extension, extensionsPath, false, now);
    const waiting = patched(extension, before!.body);
    expect(waiting.status).toMatchObject({ observedGeneration: 1, conditions: [{ type: 'Installed', status: 'False', reason: 'NoGardenFound' }] });
    expect(extensionWrites(waiting, extensionsPath, false, now)).toEqual([]);
    const [after] = extensionWrites(waiting, extensionsPath, true, now);
    const installed = patched(waiting, after!.body);
    expect(installed.status).toMatchObject({ conditions: [{ type: 'Installed', status: 'True', reason: 'ReconcileSuccessful' }] });
    expect(await verdicts(v, 'Extension', [waiting, installed, extension])).toEqual(['Current', 'Current', 'Unknown']);
  });
});

describe('ManagedResource (gardener-resource-manager)', () => {
  const v = 'resources.gardener.cloud/v1alpha1';

  it('writes ResourcesApplied and ResourcesHealthy True, ResourcesProgressing False, which the health check calls Current', async () => {
    const mr = obj(v, 'ManagedResource', 'metal-garden-flux-access', 1, {}, 'garden');
    const write = managedResourceStatusWrite(mr, managedResourcesPath, now)!;
    expect(write.path).toBe('/apis/resources.gardener.cloud/v1alpha1/namespaces/garden/managedresources/metal-garden-flux-access/status');
    const done = patched(mr, write.body);
    expect(managedResourceStatusWrite(done, managedResourcesPath, now)).toBeUndefined();
    expect(await verdicts(v, 'ManagedResource', [done, mr])).toEqual(['Current', 'Unknown']);
  });

  it('reads the manifests of the referenced Secret of dist/ and applies each to its own path', () => {
    const secret = parse(
      readFileSync(join(projectRoot, 'dist/runtime/virtual-garden-access/secret.managedresource-metal-garden-flux-access.yaml'), 'utf8'),
    ) as {
      stringData: Record<string, string>;
    };
    const data = Object.fromEntries(Object.entries(secret.stringData).map(([k, s]) => [k, Buffer.from(s).toString('base64')]));
    const objects = manifestsOfSecretData(data);
    expect(objects.length).toBeGreaterThan(0);
    for (const o of objects) expect(applyPath(o, resourceOf(o))).toMatch(/^\/apis?\/.*\?fieldManager=gardener-resource-manager&force=true$/);
    expect(() => resourceOf({ apiVersion: 'v1', kind: 'Pod', metadata: { name: 'p' } })).toThrow(
      'ManagedResource holds a Pod, which this emulator cannot apply',
    );
  });
});

describe('token-requestor (gardener-resource-manager)', () => {
  it('puts the token into the current user of dist/ kubeconfig template, the CA and the reachable server into its cluster', () => {
    const secret = parse(readFileSync(join(projectRoot, 'dist/runtime/virtual-garden-access/secret.metal-garden-virtual-garden-access.yaml'), 'utf8')) as {
      stringData: { kubeconfig: string };
    };
    const filled = parse(fillKubeconfig(secret.stringData.kubeconfig, 'tok', { server: 'https://127.0.0.1:6443', caPem: 'PEM' })) as {
      clusters: { cluster: Record<string, string> }[];
      users: { user: Record<string, string> }[];
    };
    expect(filled.users[0]!.user).toEqual({ token: 'tok' });
    expect(filled.clusters[0]!.cluster).toEqual({ server: 'https://127.0.0.1:6443', 'certificate-authority-data': Buffer.from('PEM').toString('base64') });
    expect(() => fillKubeconfig('current-context: x\ncontexts: []\n', 't', { server: 's' })).toThrow('current-context "x" names no context');
  });

  it('reads Go durations and renews only after the renew timestamp', () => {
    expect(durationSeconds('12h')).toBe(43_200);
    expect(durationSeconds('1h30m')).toBe(5_400);
    expect(() => durationSeconds('12 hours')).toThrow('"12 hours" is not a duration');
    const secret = (renew?: string): ListedObject => ({
      apiVersion: 'v1',
      kind: 'Secret',
      metadata: { name: 's', namespace: 'garden', ...(renew ? { annotations: { [renewAnnotation]: renew } } : {}) },
    });
    expect(tokenFresh(secret(), now)).toBe(false);
    expect(tokenFresh(secret('2026-12-02T11:00:00Z'), now)).toBe(true);
    expect(tokenFresh(secret('2026-12-02T09:00:00Z'), now)).toBe(false);
  });
});

describe('load balancers (cloud-controller-manager)', () => {
  const service = (type: string, ingress: unknown[] = []): ListedObject => ({
    apiVersion: 'v1',
    kind: 'Service',
    metadata: { name: 'ingress-nginx-controller', namespace: 'ingress-nginx', uid: `u-${type}` },
    spec: { type },
    status: { loadBalancer: { ingress } },
  });

  it('gives a LoadBalancer Service an address once, and leaves other Services alone', async () => {
    expect(loadBalancerWrites(service('LoadBalancer'), servicesPath, '192.0.2.1')).toEqual([
      expect.objectContaining({
        method: 'PATCH',
        path: '/api/v1/namespaces/ingress-nginx/services/ingress-nginx-controller/status',
        body: { status: { loadBalancer: { ingress: [{ ip: '192.0.2.1', ipMode: 'VIP' }] } } },
      }),
    ]);
    expect(loadBalancerWrites(service('LoadBalancer', [{ ip: '192.0.2.1' }]), servicesPath, '192.0.2.1')).toEqual([]);
    expect(loadBalancerWrites(service('ClusterIP'), servicesPath, '192.0.2.1')).toEqual([]);
    const emulator = loadBalancerEmulator();
    expect(await emulator.plan(service('ClusterIP'), servicesPath)).toEqual([]);
    expect(await emulator.plan(service('LoadBalancer'), servicesPath)).toHaveLength(1);
  });
});

describe('webhook configurations without a server', () => {
  const known: ServerlessWebhook[] = [{ kind: 'ValidatingWebhookConfiguration', name: 'cert-manager-webhook', by: 'the cert-manager chart' }];
  const configuration = (name: string, objectSelector?: unknown) => ({
    metadata: { name },
    webhooks: [{ name: 'webhook.cert-manager.io', failurePolicy: 'Fail', ...(objectSelector ? { objectSelector } : {}) }],
  });

  it('makes the named ones select no object (once), keeps the kept ones and refuses any other, naming it', () => {
    expect(webhookWrites(webhookListPaths[0], configuration('cert-manager-webhook'), known)).toEqual([
      expect.objectContaining({
        method: 'PATCH',
        path: '/apis/admissionregistration.k8s.io/v1/validatingwebhookconfigurations/cert-manager-webhook',
        body: { webhooks: [{ name: 'webhook.cert-manager.io', failurePolicy: 'Fail', objectSelector: unreachableSelector }] },
      }),
    ]);
    expect(webhookWrites(webhookListPaths[0], configuration('cert-manager-webhook', unreachableSelector), known)).toEqual([]);
    expect(webhookWrites(webhookListPaths[0], configuration('admission-metal'), known, ['admission-metal'])).toEqual([]);
    expect(() => webhookWrites(webhookListPaths[1], configuration('cert-manager-webhook'), known)).toThrow(
      'MutatingWebhookConfiguration cert-manager-webhook is not one this test knows (known: ValidatingWebhookConfiguration cert-manager-webhook)',
    );
  });
});

describe('volume provisioner (external-provisioner)', () => {
  const claim = (extra: Record<string, unknown> = {}, status?: Record<string, unknown>): ListedObject => ({
    apiVersion: 'v1',
    kind: 'PersistentVolumeClaim',
    metadata: { name: 'data-metal-db-0', namespace: 'metal-control-plane', uid: 'c0ffee' },
    spec: { storageClassName: 'standard', accessModes: ['ReadWriteOnce'], resources: { requests: { storage: '10Gi' } }, ...extra },
    ...(status ? { status } : {}),
  });

  it('creates a PersistentVolume pre-bound to a Pending claim of a served class, and nothing for bound claims or other classes', () => {
    const [write, ...rest] = volumeWrites(claim({}, { phase: 'Pending' }), ['standard']);
    expect(rest).toEqual([]);
    expect(write).toMatchObject({
      method: 'POST',
      path: '/api/v1/persistentvolumes',
      body: {
        metadata: { name: 'pvc-c0ffee' },
        spec: {
          capacity: { storage: '10Gi' },
          accessModes: ['ReadWriteOnce'],
          storageClassName: 'standard',
          claimRef: { namespace: 'metal-control-plane', name: 'data-metal-db-0', uid: 'c0ffee' },
        },
      },
    });
    expect(volumeWrites(claim({ volumeName: 'pvc-c0ffee' }, { phase: 'Bound' }), ['standard'])).toEqual([]);
    expect(volumeWrites(claim({ storageClassName: 'premium-rwo' }), ['standard'])).toEqual([]);
    expect(() => volumeWrites(claim({ resources: {} }), ['standard'])).toThrow('PersistentVolumeClaim metal-control-plane/data-metal-db-0 requests no storage');
  });
});

describe('Project (gardener-controller-manager)', () => {
  const v = 'core.gardener.cloud/v1beta1';

  it('labels (or creates) the project namespace and writes phase Ready, which the Project health check calls Current', async () => {
    const project = obj(v, 'Project', 'acme', 1, { spec: { namespace: 'garden-acme' } });
    const [namespace, status, ...rest] = projectWrites(project, projectsPath);
    expect(rest).toEqual([]);
    expect(namespace).toMatchObject({
      path: '/api/v1/namespaces/garden-acme?fieldManager=gardener-controller-manager&force=true',
      body: { metadata: { name: 'garden-acme', labels: { 'project.gardener.cloud/name': 'acme', 'gardener.cloud/role': 'project' } } },
    });
    const done = patched(project, status!.body);
    expect(projectWrites(done, projectsPath)).toEqual([]);
    expect(await verdicts(v, 'Project', [done, project])).toEqual(['Current', 'Unknown']);
    expect(() => projectWrites(obj(v, 'Project', 'x', 1, { spec: {} }), projectsPath)).toThrow('Project x has no spec.namespace');
  });
});

describe('Gardenlet (the soil gardenlet)', () => {
  const v = 'seedmanagement.gardener.cloud/v1alpha1';
  const gardenlet = obj(
    v,
    'Gardenlet',
    'soil',
    2,
    {
      spec: {
        deployment: { helm: { ociRepository: { ref: 'oci://europe-docker.pkg.dev/gardener-project/releases/charts/gardener/gardenlet:v1.138.3' } } },
        config: { seedConfig: { metadata: { labels: { tier: 'soil' } }, spec: { provider: { type: 'gcp', region: 'europe-west3' } } } },
      },
    },
    'garden',
  );

  it('registers the Seed named after it from seedConfig, then reports GardenletReconciled, which the Gardenlet health check calls Current', async () => {
    const [seed, status, ...rest] = gardenletWrites(gardenlet, gardenletsPath, now, false);
    expect(rest).toEqual([]);
    expect(seed).toMatchObject({
      path: '/apis/core.gardener.cloud/v1beta1/seeds/soil?fieldManager=gardenlet&force=true',
      body: { kind: 'Seed', metadata: { name: 'soil', labels: { tier: 'soil' } }, spec: { provider: { type: 'gcp' } } },
    });
    const done = patched(gardenlet, status!.body);
    expect(done.status).toMatchObject({
      observedGeneration: 2,
      conditions: [
        {
          type: 'GardenletReconciled',
          status: 'True',
          reason: 'Reconciled',
          message: 'Gardenlet with chart from europe-docker.pkg.dev/gardener-project/releases/charts/gardener/gardenlet:v1.138.3 has been deployed',
        },
      ],
    });
    expect(gardenletWrites(done, gardenletsPath, now, true)).toEqual([]);
    expect(await verdicts(v, 'Gardenlet', [done, gardenlet])).toEqual(['Current', 'Unknown']);
  });

  it('names the chart as OCIRepository.GetURL does: ref, else repository@digest, else repository:tag', () => {
    expect(chartUrl({ repository: 'oci://r/gardenlet', tag: 'v1', digest: 'sha256:ab' })).toBe('r/gardenlet@sha256:ab');
    expect(chartUrl({ repository: 'r/gardenlet', tag: 'v1' })).toBe('r/gardenlet:v1');
  });
});

describe('Shoot (the gardenlet of its seed) and ManagedSeed', () => {
  const core = 'core.gardener.cloud/v1beta1';
  const sm = 'seedmanagement.gardener.cloud/v1alpha1';
  const shoot = obj(core, 'Shoot', 'fra-equ01-a', 1, { spec: { seedName: 'soil', provider: { workers: [{ name: 'group-0' }] } } }, 'garden');
  shoot.metadata.uid = 'u-1';
  const managedSeed = obj(
    sm,
    'ManagedSeed',
    'fra-equ01-a',
    3,
    { spec: { shoot: { name: 'fra-equ01-a' }, gardenlet: { config: { seedConfig: { spec: {} } } } } },
    'garden',
  );

  it('writes Create Succeeded with the five care conditions, which the Shoot health check calls Current; Reconcile for a later generation', async () => {
    const [status, ...rest] = shootWrites(shoot, shootsPath, now);
    expect(rest).toEqual([]);
    const done = patched(shoot, status!.body);
    expect(done.status).toMatchObject({
      uid: 'u-1',
      technicalID: 'shoot--garden--fra-equ01-a',
      observedGeneration: 1,
      seedName: 'soil',
      lastOperation: { type: 'Create', state: 'Succeeded', progress: 100, description: 'Shoot cluster has been successfully reconciled.' },
    });
    expect((done.status!['conditions'] as { type: string }[]).map((c) => c.type)).toEqual([
      'APIServerAvailable',
      'ControlPlaneHealthy',
      'ObservabilityComponentsHealthy',
      'EveryNodeReady',
      'SystemComponentsHealthy',
    ]);
    expect(shootWrites(done, shootsPath, now)).toEqual([]);
    expect(await verdicts(core, 'Shoot', [done, shoot])).toEqual(['Current', 'Unknown']);
    const changed = { ...done, metadata: { ...done.metadata, generation: 2 } };
    expect((shootWrites(changed, shootsPath, now)[0]!.body as { status: { lastOperation: { type: string } } }).status.lastOperation.type).toBe('Reconcile');
    expect(technicalId(obj(core, 'Shoot', 'web', 1, {}, 'garden-acme'))).toBe('shoot--acme--web');
  });

  it('a ManagedSeed waits for its Shoot (ShootReconciled False), then registers its Seed and is Current', async () => {
    const [waiting, ...none] = managedSeedWrites(managedSeed, managedSeedsPath, shoot, now);
    expect(none).toEqual([]);
    const held = patched(managedSeed, waiting!.body);
    expect(held.status!['conditions']).toMatchObject([
      { type: 'ShootReconciled', status: 'False', reason: 'Reconciling', message: 'Waiting for shoot "garden/fra-equ01-a" to be reconciled' },
    ]);
    expect(managedSeedWrites(held, managedSeedsPath, shoot, now)).toEqual([]);
    expect(await verdicts(sm, 'ManagedSeed', [held])).toEqual(['InProgress']);

    const reconciledShoot = patched(shoot, shootWrites(shoot, shootsPath, now)[0]!.body);
    const [seed, status, ...rest] = managedSeedWrites(held, managedSeedsPath, reconciledShoot, now);
    expect(rest).toEqual([]);
    expect(seed).toMatchObject({ path: '/apis/core.gardener.cloud/v1beta1/seeds/fra-equ01-a?fieldManager=gardenlet&force=true' });
    const done = patched(held, status!.body);
    expect(await verdicts(sm, 'ManagedSeed', [done])).toEqual(['Current']);
    expect(managedSeedWrites(done, managedSeedsPath, reconciledShoot, now)).toEqual([]);
  });
});

describe('CredentialsBinding (gardener-controller-manager)', () => {
  const binding = obj('security.gardener.cloud/v1alpha1', 'CredentialsBinding', 'b', 1, {
    provider: { type: 'metal' },
    credentialsRef: { apiVersion: 'v1', kind: 'Secret', name: 'metal-credentials', namespace: 'garden' },
  });

  it('labels the referenced Secret once; nothing for a Secret already labelled or a binding of a WorkloadIdentity', () => {
    const [write, ...rest] = credentialsBindingWrites(binding, {});
    expect(rest).toEqual([]);
    expect(write).toMatchObject({
      path: '/api/v1/namespaces/garden/secrets/metal-credentials?fieldManager=gardener-controller-manager&force=true',
      body: { metadata: { labels: { 'provider.shoot.gardener.cloud/metal': 'true', 'reference.gardener.cloud/credentialsbinding': 'true' } } },
    });
    expect(credentialsBindingWrites(binding, { 'provider.shoot.gardener.cloud/metal': 'true', 'reference.gardener.cloud/credentialsbinding': 'true' })).toEqual(
      [],
    );
    const workloadIdentity = {
      ...binding,
      credentialsRef: { apiVersion: 'security.gardener.cloud/v1alpha1', kind: 'WorkloadIdentity', name: 'w', namespace: 'garden' },
    };
    expect(credentialsBindingWrites(workloadIdentity, {})).toEqual([]);
  });
});

describe('extension registration (gardener-operator)', () => {
  it("writes the ControllerRegistration and ControllerDeployment into a ManagedResource of the virtual garden's resource manager, without the garden cluster type", () => {
    const extension = obj('operator.gardener.cloud/v1alpha1', 'Extension', 'provider-metal', 1, {
      spec: {
        resources: [{ kind: 'Infrastructure', type: 'metal', autoEnable: ['shoot', 'garden'] }],
        deployment: { extension: { helm: { ociRepository: { ref: 'r/provider-metal:v1' } }, values: { a: 1 }, policy: 'Always' } },
      },
    });
    const [secret, managedResource, ...rest] = extensionRegistrationWrites(extension);
    expect(rest).toEqual([]);
    const secretBody = secret!.body as { metadata: { name: string }; data: Record<string, string> };
    expect(managedResource).toMatchObject({
      path: '/apis/resources.gardener.cloud/v1alpha1/namespaces/garden/managedresources/extension-registration-provider-metal?fieldManager=gardener-operator&force=true',
      body: { metadata: { labels: { origin: 'operator' } }, spec: { secretRefs: [{ name: secretBody.metadata.name }] } },
    });
    const manifests = manifestsOfSecretData(secretBody.data);
    expect(manifests.map((m) => `${m.kind} ${m.metadata.name}`)).toEqual(['ControllerDeployment provider-metal', 'ControllerRegistration provider-metal']);
    expect(manifests[1]).toMatchObject({
      spec: { resources: [{ autoEnable: ['shoot'] }], deployment: { policy: 'Always', deploymentRefs: [{ name: 'provider-metal' }] } },
    });
    expect(manifests.map((m) => resourceOf(m))).toEqual(['controllerdeployments', 'controllerregistrations']);
    expect(extensionRegistrationWrites(obj('v1', 'ConfigMap', 'x', 1))).toEqual([]);
  });
});

describe('cert-manager (issuers and certificates of dist/runtime/metal-databases)', () => {
  const distObject = (path: string): ListedObject => {
    const o = parse(readFileSync(join(projectRoot, 'dist', path), 'utf8')) as ListedObject;
    // The API server sets generation 1 on create.
    return { ...o, metadata: { ...o.metadata, generation: 1 } };
  };
  const databases = (name: string) => distObject(`runtime/metal-databases/${name}.yaml`);
  const issuerPath = '/apis/cert-manager.io/v1/namespaces/metal-control-plane/issuers';
  /** The object after a merge patch of its status: null removes a field. */
  const withStatus = (o: ListedObject, write: Write | undefined): ListedObject => {
    const status = { ...o.status, ...(write!.body as { status: Record<string, unknown> }).status };
    return { ...o, status: Object.fromEntries(Object.entries(status).filter(([, v]) => v !== null)) };
  };
  const secretOf = (write: Write | undefined): SecretObject => write!.body as SecretObject;
  const pem = (secret: SecretObject, key: string) => Buffer.from(secret.data![key]!, 'base64').toString('utf8');
  // The health check exactly as dist/ carries it for the layer.
  const kustomization = parse(readFileSync(join(projectRoot, 'dist/flux/kustomization.runtime-metal-databases.yaml'), 'utf8')) as {
    spec: { healthCheckExprs: KustomizationSpecHealthCheckExprs[] };
  };
  const distVerdicts = async (objects: ListedObject[]) =>
    (await evaluateFluxHealth(kustomization.spec.healthCheckExprs, objects as unknown as JsonValue[])).map((v) => v.status);

  it('self-signs the CA, signs the servers and clients with it, and the written status is Current for dist/ health check', async () => {
    const selfSigned = databases('issuer.metal-selfsigned');
    expect(issuerWrites(selfSigned, issuerPath, undefined, now)[0]).toMatchObject({
      path: '/apis/cert-manager.io/v1/namespaces/metal-control-plane/issuers/metal-selfsigned/status',
      body: { status: { conditions: [{ type: 'Ready', status: 'True', reason: 'IsReady', message: '', observedGeneration: 1 }] } },
    });
    const caIssuer = databases('issuer.metal-ca');
    expect(issuerReady(caIssuer, undefined, now)).toMatchObject({
      status: 'False',
      reason: 'ErrGetKeyPair',
      message: 'Error getting keypair for CA issuer: secrets "metal-ca" not found',
    });

    const caCertificate = databases('certificate.metal-ca');
    const waiting = withStatus(caCertificate, waitingWrites(caCertificate, certificatesPath, now)[0]);
    const [caSecretWrite, caStatusWrite, ...more] = issue(caCertificate, certificatesPath, undefined, undefined, now);
    expect(more).toEqual([]);
    expect(caSecretWrite).toMatchObject({
      path: '/api/v1/namespaces/metal-control-plane/secrets/metal-ca?fieldManager=cert-manager-certificates-issuing&force=true',
      contentType: 'application/apply-patch+yaml',
      body: {
        type: 'kubernetes.io/tls',
        metadata: {
          labels: { 'controller.cert-manager.io/fao': 'true' },
          annotations: {
            'cert-manager.io/certificate-name': 'metal-ca',
            'cert-manager.io/issuer-name': 'metal-selfsigned',
            'cert-manager.io/issuer-kind': 'Issuer',
          },
        },
      },
    });
    const caSecret = secretOf(caSecretWrite);
    const ca = new X509Certificate(pem(caSecret, 'tls.crt'));
    expect(ca.ca).toBe(true);
    expect(ca.subject).toBe('CN=metal-stack control plane CA');
    expect(ca.checkIssued(ca) && ca.verify(ca.publicKey)).toBe(true);
    expect(pem(caSecret, 'ca.crt')).toBe(pem(caSecret, 'tls.crt'));
    expect(pem(caSecret, 'tls.key')).toMatch(/^-----BEGIN EC PRIVATE KEY-----/);
    expect(ca.publicKey.asymmetricKeyDetails?.namedCurve).toBe('secp384r1');
    const caDone = withStatus(caCertificate, caStatusWrite);
    expect(caDone.status).toMatchObject({
      conditions: [{ type: 'Ready', status: 'True', reason: 'Ready', message: 'Certificate is up to date and has not expired', observedGeneration: 1 }],
      revision: 1,
    });
    const [notBefore, notAfter, renewal] = (['notBefore', 'notAfter', 'renewalTime'] as const).map((f) => Date.parse(caDone.status![f] as string));
    expect((notAfter! - notBefore!) / 3_600_000).toBe(87_600);
    expect((notAfter! - renewal!) / 3_600_000).toBe(720);
    expect(issued(caDone, caSecret)).toBe(true);

    // The CA issuer becomes Ready once the CA's Secret exists, then signs.
    expect(issuerReady(caIssuer, caSecret, now)).toMatchObject({ status: 'True', reason: 'KeyPairVerified', message: 'Signing CA verified' });
    const signer = { cert: pem(caSecret, 'tls.crt'), key: pem(caSecret, 'tls.key') };
    const server = databases('certificate.nsqd-server');
    const [serverSecretWrite, serverStatusWrite] = issue(server, certificatesPath, undefined, signer, now);
    const serverSecret = secretOf(serverSecretWrite);
    const leaf = new X509Certificate(pem(serverSecret, 'tls.crt'));
    expect(leaf.subject).toBe('CN=nsqd');
    expect(leaf.subjectAltName).toBe(
      'DNS:api.metal.example.com, DNS:nsqd, DNS:nsqd.metal-control-plane, DNS:nsqd.metal-control-plane.svc, DNS:nsqd.metal-control-plane.svc.cluster.local',
    );
    expect(leaf.checkIssued(ca)).toBe(true);
    expect(leaf.verify(ca.publicKey)).toBe(true);
    expect(leaf.ca).toBe(false);
    expect(leaf.keyUsage).toEqual(['1.3.6.1.5.5.7.3.1']); // server auth
    expect(pem(serverSecret, 'ca.crt')).toBe(signer.cert);
    expect(serverSecret.metadata.annotations?.['cert-manager.io/alt-names']).toBe(
      (server as unknown as { spec: { dnsNames: string[] } }).spec.dnsNames.join(','),
    );
    // openssl's own parser agrees.
    const text = spawnSync('openssl', ['x509', '-noout', '-text'], { input: pem(serverSecret, 'tls.crt'), encoding: 'utf8' });
    expect(text.status).toBe(0);
    expect(text.stdout).toContain('Issuer: CN = metal-stack control plane CA');
    expect(text.stdout).toMatch(/X509v3 Key Usage: critical\n\s+Digital Signature, Key Encipherment/);
    expect(text.stdout).toMatch(/X509v3 Basic Constraints: critical\n\s+CA:FALSE/);

    const client = databases('certificate.nsq-client');
    const clientSecret = secretOf(issue(client, certificatesPath, undefined, signer, now)[0]);
    expect(pem(clientSecret, 'tls-combined.pem')).toBe(`${pem(clientSecret, 'tls.key')}\n${pem(clientSecret, 'tls.crt')}`);
    expect(new X509Certificate(pem(clientSecret, 'tls.crt')).keyUsage).toEqual(['1.3.6.1.5.5.7.3.2']); // client auth

    // dist/'s health check: no status Unknown, waiting for the issuer InProgress, issued Current, a changed spec InProgress.
    const serverDone = withStatus(server, serverStatusWrite);
    const changed = { ...serverDone, metadata: { ...serverDone.metadata, generation: 2 } };
    expect(await distVerdicts([caCertificate, waiting, caDone, serverDone, changed])).toEqual(['Unknown', 'InProgress', 'Current', 'Current', 'InProgress']);
    expect(issued(changed, serverSecret)).toBe(false);
  }, 60_000);

  it("registers dist/'s ACME account, reports an issuer it does not emulate instead of faking it, and rejects Certificate fields it does not emulate", () => {
    // A Ready False ClusterIssuer holds runtime/metal-control-plane back: Flux's kstatus reads Ready as a last resort.
    const acme = distObject('runtime/metal-control-plane/clusterissuer.metal-garden-public.yaml');
    const [registered] = issuerWrites(acme, clusterIssuersPath, undefined, now);
    expect(registered).toMatchObject({
      path: '/apis/cert-manager.io/v1/clusterissuers/metal-garden-public/status',
      body: {
        status: {
          conditions: [{ type: 'Ready', status: 'True', reason: 'ACMEAccountRegistered', message: 'The ACME account was registered with the ACME server' }],
        },
      },
    });
    expect(issuerIsReady(withStatus(acme, registered))).toBe(true);

    const vault = { ...acme, spec: { vault: { server: 'https://vault.example.com', path: 'pki/sign/x' } } } as ListedObject;
    const [write] = issuerWrites(vault, clusterIssuersPath, undefined, now);
    expect(write).toMatchObject({ body: { status: { conditions: [{ type: 'Ready', status: 'False', reason: 'NotEmulated' }] } } });
    expect(JSON.stringify(write!.body)).toContain('emulates only selfSigned, ca and acme issuers, not vault');
    expect(issuerIsReady(withStatus(vault, write))).toBe(false);
    expect(issuerWrites(withStatus(vault, write), clusterIssuersPath, undefined, now)).toEqual([]);

    const server = databases('certificate.nsqd-server') as ListedObject & { spec: Record<string, unknown> };
    expect(() => issue({ ...server, spec: { ...server.spec, keystores: { pkcs12: { create: true } } } }, certificatesPath, undefined, undefined, now)).toThrow(
      'Certificate nsqd-server: spec.keystores not emulated',
    );
    expect(() => issue({ ...server, spec: { ...server.spec, duration: '36h' } }, certificatesPath, undefined, undefined, now)).toThrow(
      'spec.duration 36h is not whole days',
    );
    expect(() => goDurationSeconds('spec.duration', '90d')).toThrow('spec.duration "90d" is not a duration of h, m and s');
    expect(goDurationSeconds('spec.duration', '2160h0m0s')).toBe(2160 * 3600);
  });
});
