// dist/README.md's "Bootstrapping Flux" on the simulated cluster: the default landscape,
// synthesized with its repository URL pointed at the loopback Git server (HTTPS, the plane's CA)
// and its chart sources at the loopback registry (registry-mirror.ts), committed and served; the
// platform team's Secrets of required-secrets.yaml with placeholder values; then exactly the two
// objects the README's `flux create` commands produce (GitRepository and the root Kustomization on
// ./dist/flux, prune true). The real source-, kustomize- and helm-controller do the rest; what only
// Gardener, cloud or storage controllers would do is done by the emulators of
// test/envtest/emulators/ (each names the controller it stands in for). The health checks are
// kustomize-controller's own evaluation of dist/'s CEL expressions: the Garden is held back until
// its emulator writes Succeeded, and the layers after it wait for it.
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse, parseAllDocuments, parseDocument } from 'yaml';
import { changeWarnings } from '../../charts/dist/change-warnings.js';
import { isPruneProtected } from '../../charts/dist/protect.js';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { Applier } from '../envtest/apply.js';
import { startControlPlane, type ControlPlane } from '../envtest/control-plane.js';
import { startEmulator, type RunningEmulator } from '../envtest/emulators/emulator.js';
import { certManagerEmulator } from '../envtest/emulators/cert-manager.js';
import { credentialsBindingEmulator } from '../envtest/emulators/credentials-binding.js';
import { extensionEmulator } from '../envtest/emulators/extension.js';
import { extensionRegistrationEmulator } from '../envtest/emulators/extension-registration.js';
import { gardenletEmulator } from '../envtest/emulators/gardenlet.js';
import { managedSeedEmulator } from '../envtest/emulators/managed-seed.js';
import { shootEmulator } from '../envtest/emulators/shoot.js';
import { gardenEmulator } from '../envtest/emulators/garden.js';
import { loadBalancerEmulator } from '../envtest/emulators/load-balancer.js';
import { managedResourceEmulator } from '../envtest/emulators/managed-resource.js';
import { projectEmulator } from '../envtest/emulators/project.js';
import { tokenRequestorEmulator } from '../envtest/emulators/token-requestor.js';
import { volumeProvisionerEmulator } from '../envtest/emulators/volume-provisioner.js';
import { webhookEmulator } from '../envtest/emulators/webhooks.js';
import { eventually } from '../envtest/eventually.js';
import { KubeRest, objectRef, type KubeObject } from '../envtest/kube-rest.js';
import { copyTags, mirrorChartSources } from '../envtest/registry-mirror.js';
import { startSimulatedCluster, type SimulatedCluster } from '../envtest/simulated-cluster.js';
import { commitDist, defaultLandscapeText, initCheckout, landscapeWithRepository, synthDist } from '../envtest/test-landscape.js';
import { crdsAfterLayer, placeholderSecret, type RequiredSecret } from './landscape-emulation.js';

const log = (line: string): void => {
  process.stderr.write(`envtest: ${line}\n`);
};

/** The chart repositories dist/ pulls from, all mirrored into the loopback registry. */
const upstreams = [
  'https://charts.jetstack.io',
  'https://kubernetes.github.io/ingress-nginx',
  'oci://europe-docker.pkg.dev/gardener-project/releases/charts/gardener/operator',
  'oci://ghcr.io/metal-stack/helm-charts/metal-control-plane',
];

/** The runtime layers, in dist/flux's dependency order. */
const runtimeLayers = [
  'runtime-prerequisites',
  'runtime-metal-databases',
  'runtime-metal-control-plane',
  'runtime-gardener-operator',
  'runtime-extensions',
  'runtime-garden',
  'runtime-virtual-garden-access',
];

/** The virtual-garden layers (Kustomizations in `garden`, applied through the virtual-garden kubeconfig). */
const virtualGardenLayers = [
  'virtual-garden-garden-project',
  'virtual-garden-projects',
  'virtual-garden-soil',
  'virtual-garden-shooted-seeds',
  'virtual-garden-managed-seeds',
];

interface Condition {
  type: string;
  status: string;
  reason?: string;
  message?: string;
}
interface FluxObject extends KubeObject {
  spec: { dependsOn?: { name: string; namespace?: string }[] };
  status?: { conditions?: Condition[] };
}

let plane: ControlPlane;
let cluster: SimulatedCluster;
let rest: KubeRest;
let applier: Applier;
let checkout: string;
let files: ReadonlyMap<string, string> | undefined;
let emulators: Record<string, RunningEmulator> = {};
/** First time each Kustomization or HelmRelease was seen Ready, ms since the bootstrap. */
const readyAt = new Map<string, number>();
let bootstrapAt = 0;
let recorder: NodeJS.Timeout | undefined;

const ready = (o: FluxObject | undefined): boolean => o?.status?.conditions?.some((c) => c.type === 'Ready' && c.status === 'True') ?? false;
const key = (o: Pick<KubeObject, 'kind' | 'metadata'>): string => `${o.kind} ${o.metadata.namespace}/${o.metadata.name}`;

async function list(path: string, kind: string): Promise<FluxObject[]> {
  const res = await rest.request('GET', path);
  if (res.status !== 200) throw new Error(`GET ${path}: ${res.status} ${JSON.stringify(res.body)}`);
  return (res.body as { items: FluxObject[] }).items.map((o) => ({ ...o, kind }));
}
const kustomizations = () => list('/apis/kustomize.toolkit.fluxcd.io/v1/kustomizations', 'Kustomization');
const helmReleases = () => list('/apis/helm.toolkit.fluxcd.io/v2/helmreleases', 'HelmRelease');

async function recordReady(): Promise<void> {
  for (const o of [...(await kustomizations()), ...(await helmReleases())]) {
    if (ready(o) && !readyAt.has(key(o))) {
      readyAt.set(key(o), Date.now() - bootstrapAt);
      log(`flux bootstrap: ${key(o)} Ready after ${((Date.now() - bootstrapAt) / 1000).toFixed(1)}s`);
    }
  }
}

/** What a stuck layer says, for the failure message. */
async function fluxState(): Promise<string> {
  const all = [...(await kustomizations()), ...(await helmReleases())];
  return all
    .map((o) => {
      const r = o.status?.conditions?.find((c) => c.type === 'Ready');
      return `${key(o)}: ${r ? `${r.status} ${r.reason}: ${r.message}` : 'no Ready condition'}`;
    })
    .join('\n  ');
}

function startEmulators(): void {
  const gardenCrds = crdsAfterLayer('runtime/garden');
  if (!gardenCrds) throw new Error('landscape-emulation: no CRDs after runtime/garden');
  const caPem = readFileSync(plane.pki.ca.cert, 'utf8');
  const specs = {
    garden: gardenEmulator({ crdsAfterReconcile: gardenCrds.crds }),
    extension: extensionEmulator(rest),
    // The ControllerRegistrations gardener-apiserver's admission needs before it admits the Shoots.
    extensionRegistration: extensionRegistrationEmulator(rest),
    managedResource: managedResourceEmulator(rest),
    // The plane plays the virtual garden too: the token is the plane's, for the plane's URL.
    tokenRequestor: tokenRequestorEmulator(rest, rest, { server: plane.kubeApiServerUrl, caPem }),
    // gardener-controller-manager of the virtual garden (the plane plays it).
    project: projectEmulator(),
    credentialsBinding: credentialsBindingEmulator(rest),
    // The soil's gardenlet (deployed by gardener-operator for the Gardenlet), then the gardenlets of the seeds.
    gardenlet: gardenletEmulator(),
    shoot: shootEmulator(rest),
    managedSeed: managedSeedEmulator(rest),
    // cert-manager runs under KWOK without a process: runtime-metal-databases waits for its Certificates (dist/'s health check).
    certManager: certManagerEmulator(rest),
    loadBalancer: loadBalancerEmulator(),
    volumes: volumeProvisionerEmulator(['standard']),
    webhooks: webhookEmulator([
      { kind: 'ValidatingWebhookConfiguration', name: 'cert-manager-webhook', by: 'the cert-manager chart' },
      { kind: 'MutatingWebhookConfiguration', name: 'cert-manager-webhook', by: 'the cert-manager chart' },
      { kind: 'ValidatingWebhookConfiguration', name: 'ingress-nginx-admission', by: 'the ingress-nginx chart' },
    ]),
  };
  emulators = Object.fromEntries(Object.entries(specs).map(([name, spec]) => [name, startEmulator(rest, spec, 250, log)]));
  // The Garden stays unreconciled until the test lets gardener-operator "finish".
  emulators['garden']!.pause();
}

/** Synthesizes the landscape (repository URL = the loopback Git server, charts mirrored), commits and publishes dist/; the commit. */
async function publishLandscape(text: string, message: string): Promise<string> {
  const synthesized = synthDist(landscapeWithRepository(text, cluster.git.url));
  const mirrored = mirrorChartSources(synthesized, cluster.registry, upstreams);
  if (files === undefined) for (const line of mirrored.rewrites) log(`registry mirror: ${line}`);
  await copyTags(cluster.registry, mirrored.tags);
  return publishFiles(mirrored.files, message);
}

async function publishFiles(next: ReadonlyMap<string, string>, message: string): Promise<string> {
  files = next;
  const commit = await commitDist(checkout, files, message);
  await cluster.git.publish(commit);
  return commit;
}

/**
 * The platform team's Secrets (dist/required-secrets.yaml of the published dist/), placeholder values, in
 * namespaces created as `kubectl create namespace` would (runtime/prerequisites adopts them).
 */
async function createPlatformSecrets(): Promise<void> {
  const secrets = (parse(files!.get('required-secrets.yaml')!) as { secrets: RequiredSecret[] }).secrets;
  for (const ns of new Set(['garden', ...secrets.map((s) => s.namespace)]))
    await applier.apply({ apiVersion: 'v1', kind: 'Namespace', metadata: { name: ns } });
  for (const secret of secrets) {
    const object = placeholderSecret(secret);
    // The Git server's certificate is signed by the plane's CA: source-controller reads `ca.crt` of the credentials Secret.
    if (secret.name === 'landscape-git-credentials') (object['stringData'] as Record<string, string>)['ca.crt'] = readFileSync(plane.pki.ca.cert, 'utf8');
    await applier.apply(object);
  }
}

/** `flux create source git` and `flux create kustomization` as dist/README.md runs them, with `--namespace=<namespace>`. */
async function fluxCreate(namespace: string): Promise<void> {
  await applier.apply({
    apiVersion: 'source.toolkit.fluxcd.io/v1',
    kind: 'GitRepository',
    metadata: { name: 'metal-garden-fra', namespace },
    spec: { interval: '10m0s', ref: { branch: 'main' }, secretRef: { name: 'landscape-git-credentials' }, url: cluster.git.url },
  });
  await applier.apply({
    apiVersion: 'kustomize.toolkit.fluxcd.io/v1',
    kind: 'Kustomization',
    metadata: { name: 'metal-garden-fra', namespace },
    spec: { interval: '10m0s', path: './dist/flux', prune: true, sourceRef: { kind: 'GitRepository', name: 'metal-garden-fra' } },
  });
}

beforeAll(async () => {
  plane = await startControlPlane(log);
  rest = new KubeRest(plane.kubeconfig);
  applier = new Applier(rest);
  checkout = mkdtempSync(join(tmpdir(), 'flux-bootstrap-checkout-'));
  const empty = await initCheckout(checkout);
  // kustomize-controller looks again at a Kustomization whose dependencies are not at its revision yet every
  // 5 s instead of Flux's 30 s: the safety scenarios below walk the eight-level layer chain once per commit.
  cluster = await startSimulatedCluster(plane, { source: checkout, commit: empty, gitTls: true, requeueDependency: '5s' }, log);
  log(`simulated cluster up; logs in ${cluster.runDir}`);

  // The landscape needs the Git server's URL, so dist/ is synthesized after the server started.
  await publishLandscape(defaultLandscapeText(), 'dist/ of the test landscape');

  // What the platform provides: GKE's StorageClass `standard` (the databases' volumeClaimTemplates name it),
  // the default class for claims that name none.
  await applier.apply({
    apiVersion: 'storage.k8s.io/v1',
    kind: 'StorageClass',
    metadata: { name: 'standard', annotations: { 'storageclass.kubernetes.io/is-default-class': 'true' } },
    provisioner: 'pd.csi.storage.gke.io',
    volumeBindingMode: 'Immediate',
    reclaimPolicy: 'Delete',
  });
  startEmulators();
}, 1_800_000);

afterAll(async () => {
  if (recorder) clearInterval(recorder);
  for (const e of Object.values(emulators)) await e.stop();
  await cluster?.stop();
  await plane?.stop();
  if (checkout) rmSync(checkout, { recursive: true, force: true });
});

describe("dist/README.md's Flux bootstrap on the simulated cluster", () => {
  it('reconciles every layer, runtime and virtual garden, in dependency order until every Kustomization and HelmRelease is Ready; the Garden holds back the layers after it until gardener-operator reports Succeeded', async () => {
    await createPlatformSecrets();
    bootstrapAt = Date.now();
    recorder = setInterval(() => void recordReady().catch((err: unknown) => log(`ready recorder: ${String(err)}`)), 500);
    await fluxCreate('flux-system');

    const layer = (name: string) => `Kustomization flux-system/${name}`;
    const until = async (what: string, names: readonly string[], timeoutMs: number): Promise<void> => {
      try {
        await eventually(what, () => names.every((n) => readyAt.has(layer(n))), timeoutMs, 1000);
      } catch (err) {
        throw new Error(
          `${(err as Error).message}\n  ${await fluxState()}\n  emulator errors: ${JSON.stringify(Object.values(emulators).flatMap((e) => e.errors()))}`,
          {
            cause: err,
          },
        );
      }
    };

    await until('the runtime layers before the Garden Ready', runtimeLayers.slice(0, 5), 900_000);

    // The Garden is applied and waits for gardener-operator: runtime-garden is not Ready, and
    // runtime-virtual-garden-access has not run (its token-requestor Secret does not exist).
    await eventually(
      'the Garden applied',
      async () => (await rest.request('GET', '/apis/operator.gardener.cloud/v1alpha1/gardens/fra')).status === 200,
      180_000,
      1000,
    );
    await new Promise((r) => setTimeout(r, 15_000));
    expect(readyAt.has(layer('runtime-garden'))).toBe(false);
    expect((await rest.request('GET', '/api/v1/namespaces/garden/secrets/metal-garden-virtual-garden-access')).status).toBe(404);
    const garden = (await kustomizations()).find((k) => k.metadata.name === 'runtime-garden');
    expect(garden?.status?.conditions?.find((c) => c.type === 'Ready')?.status).not.toBe('True');

    emulators['garden']!.resume();
    await until('runtime-garden and runtime-virtual-garden-access Ready', ['runtime-garden', 'runtime-virtual-garden-access'], 600_000);
    const seconds = (Math.max(...runtimeLayers.map((n) => readyAt.get(layer(n))!)) / 1000).toFixed(1);
    log(`flux bootstrap: runtime layers Ready ${seconds}s after the bootstrap`);

    // The virtual-garden layers, applied through the token-requestor's kubeconfig as the GitOps
    // ServiceAccount: the Projects (gardener-controller-manager, emulated), the soil's Gardenlet and its
    // Seed, the shooted seeds' Shoots (admitted once the ControllerRegistrations and the Seed exist,
    // reconciled by the soil's gardenlet) and the ManagedSeeds (Ready once their Shoot is).
    try {
      await eventually('the virtual-garden layers Ready', () => virtualGardenLayers.every((n) => readyAt.has(`Kustomization garden/${n}`)), 600_000, 1000);
    } catch (err) {
      throw new Error(
        `${(err as Error).message}\n  ${await fluxState()}\n  emulator errors: ${JSON.stringify(Object.values(emulators).flatMap((e) => e.errors()))}`,
        {
          cause: err,
        },
      );
    }
    log(`flux bootstrap: all layers Ready ${(Math.max(...readyAt.values()) / 1000).toFixed(1)}s after the bootstrap`);
    const creator = await rest.request('GET', '/apis/core.gardener.cloud/v1beta1/projects/acme');
    expect((creator.body as { spec: { createdBy?: { name: string } } }).spec.createdBy?.name).toBe('system:serviceaccount:kube-system:metal-garden-flux');
    // Every Kustomization and HelmRelease of dist/ is Ready.
    const notReady = [...(await kustomizations()), ...(await helmReleases())].filter((o) => !ready(o)).map(key);
    expect(notReady).toEqual([]);
    for (const seed of ['soil', 'fra-equ01-a', 'fra-equ01-b'])
      expect((await rest.request('GET', `/apis/core.gardener.cloud/v1beta1/seeds/${seed}`)).status, `Seed ${seed}`).toBe(200);

    // Ready transitions respect dependsOn: every dependency was Ready first.
    for (const k of await kustomizations()) {
      const at = readyAt.get(key(k));
      if (at === undefined) continue;
      for (const dep of k.spec.dependsOn ?? []) {
        const depAt = readyAt.get(`Kustomization ${dep.namespace ?? k.metadata.namespace}/${dep.name}`);
        expect(depAt, `${key(k)} Ready before its dependency ${dep.name}`).toBeDefined();
        expect(depAt!, `${key(k)} Ready before its dependency ${dep.name}`).toBeLessThanOrEqual(at);
      }
    }
    // The token-requestor filled the kubeconfig the virtual-garden layers read.
    const access = await rest.request('GET', '/api/v1/namespaces/garden/secrets/metal-garden-virtual-garden-access');
    const kubeconfig = Buffer.from((access.body as { data: { kubeconfig: string } }).data.kubeconfig, 'base64').toString('utf8');
    expect(kubeconfig).toContain(plane.kubeApiServerUrl);
    for (const e of Object.values(emulators)) expect(e.errors(), e.name).toEqual([]);
  }, 1_800_000);
});

// What point 3 of the delivery's safety promise means with the real controllers: the landscape
// bootstrapped above goes through the changes a platform team makes over its life, one commit at a
// time, and after each one every object whose loss would destroy the landscape or its data still
// exists with the uid it had after the bootstrap (deleted and recreated would count as lost: a new
// uid is a new Garden, an emptied volume, a new CA).
describe('destructive changes, reconciled by the real Flux controllers', () => {
  let survivors: Map<string, { object: KubeObject; uid: string }>;
  let landscape = defaultLandscapeText();

  const revision = (commit: string): string => `main@sha1:${commit}`;
  const uidOf = (o: KubeObject): string => String(o.metadata['uid']);
  const gitRepositoryPath = (ns: string) => `/apis/source.toolkit.fluxcd.io/v1/namespaces/${ns}/gitrepositories/metal-garden-fra`;

  /** `flux reconcile source git`: the new commit is fetched now, not at the next 10 m interval. */
  async function reconcileSource(ns: string): Promise<void> {
    const res = await rest.request(
      'PATCH',
      gitRepositoryPath(ns),
      { metadata: { annotations: { 'reconcile.fluxcd.io/requestedAt': new Date().toISOString() } } },
      'application/merge-patch+json',
    );
    if (res.status !== 200) throw new Error(`request reconcile of GitRepository ${ns}/metal-garden-fra: ${res.status} ${JSON.stringify(res.body)}`);
  }

  /** Every Kustomization (none being deleted) applied `commit` and is Ready. */
  async function untilApplied(commit: string, what: string): Promise<void> {
    try {
      await eventually(
        what,
        async () => {
          const all = (await kustomizations()).filter((k) => !k.metadata['deletionTimestamp']);
          return (
            all.length > 0 && all.every((k) => ready(k) && (k.status as { lastAppliedRevision?: string } | undefined)?.lastAppliedRevision === revision(commit))
          );
        },
        600_000,
        2000,
      );
    } catch (err) {
      throw new Error(`${(err as Error).message}\n  ${await fluxState()}`, { cause: err });
    }
  }

  /**
   * What must survive: every object of the bootstrapped dist/ that it protects from pruning (Garden,
   * Extensions, HelmReleases, Gardenlet, Shoots, ManagedSeeds, Projects, CloudProfile,
   * CredentialsBindings, namespaces, StatefulSets, Services, ConfigMaps, the PKI, the virtual-garden
   * access…), what the Helm releases installed (every Deployment and StatefulSet, every CRD), the
   * Seeds the gardenlets registered, and the platform team's Secrets.
   */
  async function protectedObjects(): Promise<Map<string, { object: KubeObject; uid: string }>> {
    const objects: KubeObject[] = [];
    for (const [path, text] of files!) {
      if (!path.endsWith('.yaml') || path.startsWith('flux/') || !(path.startsWith('runtime/') || path.startsWith('virtual-garden/'))) continue;
      for (const doc of parseAllDocuments(text)) {
        const o = doc.toJS() as KubeObject | null;
        if (o?.kind && !o.apiVersion.startsWith('kustomize.config.k8s.io') && isPruneProtected(o)) objects.push(o);
      }
    }
    for (const secret of (parse(files!.get('required-secrets.yaml')!) as { secrets: RequiredSecret[] }).secrets) objects.push(placeholderSecret(secret));
    for (const [path, kind, apiVersion] of [
      ['/apis/apps/v1/deployments', 'Deployment', 'apps/v1'],
      ['/apis/apps/v1/statefulsets', 'StatefulSet', 'apps/v1'],
      ['/apis/apiextensions.k8s.io/v1/customresourcedefinitions', 'CustomResourceDefinition', 'apiextensions.k8s.io/v1'],
      ['/apis/core.gardener.cloud/v1beta1/seeds', 'Seed', 'core.gardener.cloud/v1beta1'],
    ] as const) {
      for (const o of await list(path, kind)) objects.push({ apiVersion, kind, metadata: { name: o.metadata.name, namespace: o.metadata.namespace } });
    }
    const found = new Map<string, { object: KubeObject; uid: string }>();
    for (const object of objects) {
      const live = await applier.read(object);
      found.set(objectRef(object), { object, uid: uidOf(live) });
    }
    return found;
  }

  /** The protected objects that are gone or were replaced (another uid) since the bootstrap, each named. */
  async function lost(): Promise<string[]> {
    const gone: string[] = [];
    for (const [ref, { object, uid }] of survivors) {
      const live = await applier.read(object).catch(() => undefined);
      if (!live) gone.push(`${ref}: deleted`);
      else if (uidOf(live) !== uid) gone.push(`${ref}: replaced (uid ${uid} → ${uidOf(live)})`);
      else if (live.metadata['deletionTimestamp']) gone.push(`${ref}: being deleted`);
    }
    return gone;
  }

  let scenarioStart = 0;
  beforeAll(async () => {
    survivors = await protectedObjects();
    log(`flux safety: ${survivors.size} protected objects recorded`);
  });
  beforeEach(() => {
    scenarioStart = Date.now();
  });
  afterEach((context) => {
    log(`flux safety: "${context.task.name}" ${context.task.result?.state ?? 'done'} in ${((Date.now() - scenarioStart) / 1000).toFixed(1)}s`);
  });

  it('removing a shooted seed and the only tenant project from the landscape leaves their Shoot, ManagedSeed, Seed and Project in place', async () => {
    const doc = parseDocument(landscape);
    const shooted = doc.getIn(['spec', 'seeds', 'shooted']) as { items: unknown[] };
    expect(shooted.items.length).toBe(2);
    doc.deleteIn(['spec', 'seeds', 'shooted', 1]);
    doc.deleteIn(['spec', 'projects']);
    landscape = doc.toString();
    const previous = files!;
    const commit = await publishLandscape(landscape, 'remove the shooted seed fra-equ01-b and the project acme');
    // synth warns about what stays behind, naming it.
    const warnings = changeWarnings(previous, files!).join('\n');
    for (const what of ['Shoot garden/fra-equ01-b', 'ManagedSeed garden/fra-equ01-b', 'Project acme']) expect(warnings).toContain(what);
    expect(files!.has('virtual-garden/projects/project.acme.yaml')).toBe(false);
    await reconcileSource('flux-system');
    await untilApplied(commit, 'every layer applied the commit without the seed and the project');
    expect(await lost()).toEqual([]);
  }, 900_000);

  it('renaming a layer: the root deletes the old layer Kustomization (deletionPolicy Orphan) and the renamed one adopts its objects', async () => {
    const rename = (text: string) => text.replaceAll('runtime-extensions', 'runtime-gardener-extensions');
    const renamed = new Map([...files!].map(([path, text]) => (path.startsWith('flux/') ? [rename(path), rename(text)] : [path, text])));
    expect(renamed.has('flux/kustomization.runtime-gardener-extensions.yaml')).toBe(true);
    const commit = await publishFiles(renamed, 'rename the layer runtime-extensions');
    await reconcileSource('flux-system');
    await untilApplied(commit, 'every layer, the renamed one included, applied the commit');
    expect((await rest.request('GET', '/apis/kustomize.toolkit.fluxcd.io/v1/namespaces/flux-system/kustomizations/runtime-extensions')).status).toBe(404);
    const extension = await rest.request('GET', '/apis/operator.gardener.cloud/v1alpha1/extensions/provider-metal');
    expect((extension.body as KubeObject).metadata['labels']).toMatchObject({ 'kustomize.toolkit.fluxcd.io/name': 'runtime-gardener-extensions' });
    expect(await lost()).toEqual([]);
  }, 900_000);

  it("moving spec.delivery.namespace as dist/README.md's runbook says: the wiring moves, the landscape stays", async () => {
    const doc = parseDocument(landscape);
    doc.setIn(['spec', 'delivery', 'namespace'], 'gitops');
    landscape = doc.toString();
    // The runbook, step by step: the new namespace, the root orphans its layers and goes, the new dist/ is
    // committed and bootstrapped in the new namespace, then the old layer Kustomizations and GitRepository go.
    await applier.apply({ apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'gitops' } });
    await rest.request(
      'PATCH',
      '/apis/kustomize.toolkit.fluxcd.io/v1/namespaces/flux-system/kustomizations/metal-garden-fra',
      { spec: { deletionPolicy: 'Orphan' } },
      'application/merge-patch+json',
    );
    await applier.delete({
      apiVersion: 'kustomize.toolkit.fluxcd.io/v1',
      kind: 'Kustomization',
      metadata: { name: 'metal-garden-fra', namespace: 'flux-system' },
    });
    const commit = await publishLandscape(landscape, 'move the delivery namespace to gitops');
    await createPlatformSecrets();
    await fluxCreate('gitops');
    await eventually('the root Kustomization in gitops applied dist/flux', () => readyAt.has('Kustomization gitops/runtime-prerequisites'), 600_000, 1000);
    for (const k of (await kustomizations()).filter((k) => k.metadata.namespace === 'flux-system')) await applier.delete(k);
    await applier.delete({
      apiVersion: 'source.toolkit.fluxcd.io/v1',
      kind: 'GitRepository',
      metadata: { name: 'metal-garden-fra', namespace: 'flux-system' },
    });
    await eventually(
      'no Kustomization left in flux-system',
      async () => (await kustomizations()).every((k) => k.metadata.namespace !== 'flux-system'),
      300_000,
      1000,
    );
    await untilApplied(commit, 'every layer, now wired from gitops, applied the commit');
    expect(await lost()).toEqual([]);
  }, 900_000);

  it('deleting the root Kustomization by accident deletes the wiring only; bootstrapping again adopts the landscape as it is', async () => {
    const commit = (await rest.request('GET', gitRepositoryPath('gitops'))).body as { status: { artifact: { revision: string } } };
    await applier.delete({ apiVersion: 'kustomize.toolkit.fluxcd.io/v1', kind: 'Kustomization', metadata: { name: 'metal-garden-fra', namespace: 'gitops' } });
    // The root prunes what it applied: every layer Kustomization and the GitRepository. The layers orphan their objects.
    await eventually('every Kustomization gone', async () => (await kustomizations()).length === 0, 300_000, 1000);
    expect((await rest.request('GET', gitRepositoryPath('gitops'))).status).toBe(404);
    expect(await lost()).toEqual([]);

    await fluxCreate('gitops');
    await untilApplied(commit.status.artifact.revision.replace(/^main@sha1:/, ''), 'every layer back and Ready after the second bootstrap');
    expect(await lost()).toEqual([]);
    for (const e of Object.values(emulators)) expect(e.errors(), e.name).toEqual([]);
  }, 900_000);
});
