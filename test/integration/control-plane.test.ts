// Smoke test of the control plane started by test/envtest/global-setup.ts: the servers
// are the pinned releases, kube-apiserver stores objects, gardener-apiserver's groups are
// served through the aggregator, and Gardener's admission really checks references.
import { randomBytes } from 'node:crypto';
import { ApiException, ApisApi, CoreV1Api, CustomObjectsApi, KubeConfig, PatchStrategy, setHeaderOptions, VersionApi } from '@kubernetes/client-node';
import { afterAll, describe, expect, it } from 'vitest';
import { envtest, kubeClient } from '../envtest/context.js';

const suffix = randomBytes(3).toString('hex');
const core = kubeClient(CoreV1Api);
const custom = kubeClient(CustomObjectsApi);
const gardenerGroup = { group: 'core.gardener.cloud', version: 'v1beta1' };

/** The server's own message of a rejected request (client-node puts the Status in the body). */
async function rejection(request: Promise<unknown>): Promise<{ code: number; message: string }> {
  try {
    await request;
  } catch (err) {
    if (err instanceof ApiException) {
      const body = (typeof err.body === 'string' ? JSON.parse(err.body) : err.body) as { message?: string };
      return { code: err.code, message: body.message ?? String(err.body) };
    }
    throw err;
  }
  throw new Error('request was accepted, expected a rejection');
}

const cloudProfileName = `smoke-${suffix}`;
const cloudProfile = {
  apiVersion: 'core.gardener.cloud/v1beta1',
  kind: 'CloudProfile',
  metadata: { name: cloudProfileName },
  spec: {
    type: 'metal',
    kubernetes: { versions: [{ version: '1.33.4' }] },
    machineImages: [{ name: 'debian', versions: [{ version: '12.0.20250101', cri: [{ name: 'containerd' }], architectures: ['amd64'] }] }],
    machineTypes: [{ name: 'c1-xlarge-x86', cpu: '4', gpu: '0', memory: '32Gi', usable: true, architecture: 'amd64' }],
    regions: [{ name: 'fra-equ01', zones: [{ name: 'fra-equ01' }] }],
  },
};

// Gardener looks up the Project that owns a Shoot's namespace; project names are short.
const projectName = `s${suffix}`;
const projectNamespace = `garden-${projectName}`;
const project = {
  apiVersion: 'core.gardener.cloud/v1beta1',
  kind: 'Project',
  metadata: { name: projectName },
  spec: { namespace: projectNamespace },
};

function metalShoot(name: string, kubernetesVersion: string): object {
  return {
    apiVersion: 'core.gardener.cloud/v1beta1',
    kind: 'Shoot',
    metadata: { name, namespace: projectNamespace },
    spec: {
      cloudProfile: { kind: 'CloudProfile', name: cloudProfileName },
      credentialsBindingName: 'metal',
      region: 'fra-equ01',
      kubernetes: { version: kubernetesVersion },
      networking: { type: 'calico', nodes: '10.250.0.0/16' },
      provider: {
        type: 'metal',
        workers: [{ name: 'group-0', minimum: 1, maximum: 1, machine: { type: 'c1-xlarge-x86' }, zones: ['fra-equ01'] }],
      },
    },
  };
}

const createShoot = (body: object): Promise<unknown> =>
  custom.createNamespacedCustomObject({ ...gardenerGroup, namespace: projectNamespace, plural: 'shoots', body });

const controllerRegistrationName = `smoke-${suffix}`;
const controllerRegistration = {
  apiVersion: 'core.gardener.cloud/v1beta1',
  kind: 'ControllerRegistration',
  metadata: { name: controllerRegistrationName },
  spec: {
    resources: [
      { kind: 'Infrastructure', type: 'metal' },
      { kind: 'ControlPlane', type: 'metal' },
      { kind: 'Worker', type: 'metal' },
      { kind: 'Network', type: 'calico' },
      { kind: 'OperatingSystemConfig', type: 'debian' },
    ],
  },
};

// The control plane is shared by all integration test files: leave nothing behind.
/** Cleanup tolerates objects a failed test never created, and nothing else. */
function ignoreNotFound(err: unknown): void {
  if (err instanceof ApiException && err.code === 404) return;
  throw err;
}

// DeletionConfirmation admission: Shoots and Projects are only deleted with this annotation.
const confirmDeletion = {
  body: { metadata: { annotations: { 'confirmation.gardener.cloud/deletion': 'true' } } },
};
const mergePatch = setHeaderOptions('Content-Type', PatchStrategy.MergePatch);

afterAll(async () => {
  const shoot = { ...gardenerGroup, namespace: projectNamespace, plural: 'shoots', name: 'smoke-ok' };
  await custom.patchNamespacedCustomObject({ ...shoot, ...confirmDeletion }, mergePatch).catch(ignoreNotFound);
  await custom.deleteNamespacedCustomObject(shoot).catch(ignoreNotFound);
  const project = { ...gardenerGroup, plural: 'projects', name: projectName };
  await custom.patchClusterCustomObject({ ...project, ...confirmDeletion }, mergePatch).catch(ignoreNotFound);
  await custom.deleteClusterCustomObject(project).catch(ignoreNotFound);
  await core.deleteNamespace({ name: projectNamespace }).catch(ignoreNotFound);
  for (const [plural, name] of [
    ['cloudprofiles', cloudProfileName],
    ['controllerregistrations', controllerRegistrationName],
  ] as const) {
    await custom.deleteClusterCustomObject({ ...gardenerGroup, plural, name }).catch(ignoreNotFound);
  }
});

describe('envtest control plane', () => {
  it('runs the pinned releases', async () => {
    const { versions, etcdUrl, gardenerKubeconfig } = envtest();

    const etcd = (await (await fetch(`${etcdUrl}/version`)).json()) as { etcdserver: string };
    expect(`v${etcd.etcdserver}`).toBe(versions.etcd);

    const kube = await kubeClient(VersionApi).getCode();
    expect(kube.gitVersion).toBe(versions.kubeApiServer);
    expect(`v${kube.major}.${kube.minor}`).toBe(versions.kubeApiServer.replace(/\.\d+$/, ''));

    const gardenerConfig = new KubeConfig();
    gardenerConfig.loadFromFile(gardenerKubeconfig);
    const gardener = await gardenerConfig.makeApiClient(VersionApi).getCode();
    expect(gardener.gitVersion).toBe(versions.gardenerApiServer);
    expect(versions).toEqual({ etcd: 'v3.6.16', kubeApiServer: 'v1.36.3', gardenerApiServer: 'v1.138.3' });
  });

  it('tells child processes where the kubeconfigs are', () => {
    expect(process.env.METAL_GARDEN_KUBECONFIG).toBe(envtest().kubeconfig);
    expect(process.env.METAL_GARDEN_GARDENER_KUBECONFIG).toBe(envtest().gardenerKubeconfig);
  });

  it('stores a Namespace in kube-apiserver', async () => {
    const name = `smoke-${suffix}`;
    await core.createNamespace({ body: { metadata: { name, labels: { test: 'control-plane' } } } });
    const read = await core.readNamespace({ name });
    expect(read.metadata?.labels?.test).toBe('control-plane');
    expect(read.status?.phase).toBe('Active');
    await core.deleteNamespace({ name });
  });

  it('serves core.gardener.cloud/v1beta1 through the aggregator', async () => {
    const groups = await kubeClient(ApisApi).getAPIVersions();
    const gardenerCore = groups.groups.find((g) => g.name === gardenerGroup.group);
    expect(gardenerCore?.versions.map((v) => v.version)).toContain(gardenerGroup.version);

    const resources = (await custom.getAPIResources({ ...gardenerGroup })) as { resources: { name: string }[] };
    expect(resources.resources.map((r) => r.name)).toEqual(expect.arrayContaining(['shoots', 'cloudprofiles', 'projects', 'seeds']));
  });

  it('creates a CloudProfile and reads it back through kube-apiserver', async () => {
    await custom.createClusterCustomObject({ ...gardenerGroup, plural: 'cloudprofiles', body: cloudProfile });
    const read = (await custom.getClusterCustomObject({
      ...gardenerGroup,
      plural: 'cloudprofiles',
      name: cloudProfileName,
    })) as typeof cloudProfile & { metadata: { uid?: string } };
    expect(read.metadata.uid).toBeTruthy();
    expect(read.spec.regions).toEqual(cloudProfile.spec.regions);
    expect(read.spec.machineTypes[0]?.name).toBe('c1-xlarge-x86');
  });

  it('creates a Project for a namespace', async () => {
    await core.createNamespace({ body: { metadata: { name: projectNamespace } } });
    await custom.createClusterCustomObject({ ...gardenerGroup, plural: 'projects', body: project });
    const read = (await custom.getClusterCustomObject({ ...gardenerGroup, plural: 'projects', name: projectName })) as {
      spec: { namespace?: string; createdBy?: { kind: string; name: string }; owner?: { name: string } };
    };
    expect(read.spec.namespace).toBe(projectNamespace);
    // Set by gardener-apiserver's ProjectMutator admission plugin from the requesting user.
    expect(read.spec.createdBy).toEqual({ apiGroup: 'rbac.authorization.k8s.io', kind: 'User', name: 'admin' });
  });

  it('rejects a Shoot that references a CloudProfile that does not exist', async () => {
    const shoot = {
      apiVersion: 'core.gardener.cloud/v1beta1',
      kind: 'Shoot',
      metadata: { name: 'smoke', namespace: projectNamespace },
      spec: {
        cloudProfile: { kind: 'CloudProfile', name: 'does-not-exist' },
        region: 'fra-equ01',
        kubernetes: { version: '1.33.4' },
        networking: { type: 'calico', nodes: '10.250.0.0/16' },
        provider: {
          type: 'metal',
          workers: [{ name: 'group-0', minimum: 1, maximum: 1, machine: { type: 'c1-xlarge-x86' } }],
        },
      },
    };
    const { code, message } = await rejection(
      custom.createNamespacedCustomObject({ ...gardenerGroup, namespace: projectNamespace, plural: 'shoots', body: shoot }),
    );
    // Gardener's admission reports a dangling reference as an internal error (500), not
    // as a 404 or 422; asserted as the real server answers.
    expect(code).toBe(500);
    expect(message).toBe('Internal error occurred: could not find referenced cloud profile: ' + 'cloudprofile.core.gardener.cloud "does-not-exist" not found');
  });

  it('rejects a Shoot whose extension types no ControllerRegistration provides (ExtensionValidator)', async () => {
    // Everything else the Shoot references exists, so the admission plugins judge the Shoot itself.
    await core.createNamespacedSecret({
      namespace: projectNamespace,
      body: { metadata: { name: 'metal-credentials' }, stringData: { metalAPIURL: 'http://metal-api.invalid', metalAPIHMac: 'x' } },
    });
    await custom.createNamespacedCustomObject({
      group: 'security.gardener.cloud',
      version: 'v1alpha1',
      namespace: projectNamespace,
      plural: 'credentialsbindings',
      body: {
        apiVersion: 'security.gardener.cloud/v1alpha1',
        kind: 'CredentialsBinding',
        metadata: { name: 'metal', namespace: projectNamespace },
        provider: { type: 'metal' },
        credentialsRef: { apiVersion: 'v1', kind: 'Secret', name: 'metal-credentials', namespace: projectNamespace },
      },
    });
    const { code, message } = await rejection(createShoot(metalShoot('smoke-ext', '1.33.4')));
    expect(code).toBe(403);
    // One line per extension kind (Infrastructure, ControlPlane, Worker share type metal).
    expect(message).toBe(
      'shoots.core.gardener.cloud "smoke-ext" is forbidden: 5 errors occurred:\n' +
        '\t* given Shoot uses non-registered provider type: spec.provider.type ("metal")\n'.repeat(3) +
        '\t* given Shoot uses non-registered networking type: spec.networking.type ("calico")\n' +
        '\t* given Shoot uses non-registered operating system type: spec.provider.workers[0].machine.image.name ("debian")\n\n',
    );
  });

  it('rejects a Shoot with a Kubernetes version its CloudProfile does not offer', async () => {
    // What gardener-operator would register for the extensions of this landscape.
    await custom.createClusterCustomObject({ ...gardenerGroup, plural: 'controllerregistrations', body: controllerRegistration });
    const { code, message } = await rejection(createShoot(metalShoot('smoke-version', '1.99.0')));
    expect(code).toBe(403);
    expect(message).toBe(
      'shoots.core.gardener.cloud "smoke-version" is forbidden: ' + 'spec.kubernetes.version: Unsupported value: "1.99.0": supported values: "1.33.4"',
    );
  });

  it('accepts the same Shoot with an offered version and defaults it', async () => {
    const created = (await createShoot(metalShoot('smoke-ok', '1.33.4'))) as {
      spec: { provider: { workers: { machine: { image?: { name: string; version?: string } } }[] } };
    };
    // gardener-apiserver fills in the worker's machine image from the CloudProfile.
    expect(created.spec.provider.workers[0]?.machine.image).toEqual({ name: 'debian', version: '12.0.20250101' });
  });
});
