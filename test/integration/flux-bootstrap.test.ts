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
import { parse } from 'yaml';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Applier } from '../envtest/apply.js';
import { startControlPlane, type ControlPlane } from '../envtest/control-plane.js';
import { startEmulator, type RunningEmulator } from '../envtest/emulators/emulator.js';
import { extensionEmulator } from '../envtest/emulators/extension.js';
import { gardenEmulator } from '../envtest/emulators/garden.js';
import { loadBalancerEmulator } from '../envtest/emulators/load-balancer.js';
import { managedResourceEmulator } from '../envtest/emulators/managed-resource.js';
import { projectEmulator } from '../envtest/emulators/project.js';
import { tokenRequestorEmulator } from '../envtest/emulators/token-requestor.js';
import { volumeProvisionerEmulator } from '../envtest/emulators/volume-provisioner.js';
import { webhookEmulator } from '../envtest/emulators/webhooks.js';
import { eventually } from '../envtest/eventually.js';
import { KubeRest, type KubeObject } from '../envtest/kube-rest.js';
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

/** The runtime layers, in dist/flux's dependency order; the virtual-garden layers are not driven to Ready yet. */
const runtimeLayers = [
  'runtime-prerequisites',
  'runtime-metal-databases',
  'runtime-metal-control-plane',
  'runtime-gardener-operator',
  'runtime-extensions',
  'runtime-garden',
  'runtime-virtual-garden-access',
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
let files: ReadonlyMap<string, string>;
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
    managedResource: managedResourceEmulator(rest),
    // The plane plays the virtual garden too: the token is the plane's, for the plane's URL.
    tokenRequestor: tokenRequestorEmulator(rest, rest, { server: plane.kubeApiServerUrl, caPem }),
    // gardener-controller-manager of the virtual garden (the plane plays it).
    project: projectEmulator(),
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

beforeAll(async () => {
  plane = await startControlPlane(log);
  rest = new KubeRest(plane.kubeconfig);
  applier = new Applier(rest);
  checkout = mkdtempSync(join(tmpdir(), 'flux-bootstrap-checkout-'));
  const empty = await initCheckout(checkout);
  cluster = await startSimulatedCluster(plane, { source: checkout, commit: empty, gitTls: true }, log);
  log(`simulated cluster up; logs in ${cluster.runDir}`);

  // The landscape needs the Git server's URL, so dist/ is synthesized after the server started.
  const synthesized = synthDist(landscapeWithRepository(defaultLandscapeText(), cluster.git.url));
  const mirrored = mirrorChartSources(synthesized, cluster.registry, upstreams);
  for (const line of mirrored.rewrites) log(`registry mirror: ${line}`);
  await copyTags(cluster.registry, mirrored.tags);
  files = mirrored.files;
  await cluster.git.publish(await commitDist(checkout, files, 'dist/ of the test landscape'));

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
  it('reconciles the runtime layers and the Project layers of the virtual garden in dependency order; the Garden holds back the layers after it until gardener-operator reports Succeeded', async () => {
    // The platform team's Secrets (dist/required-secrets.yaml of the synthesized dist/), placeholder values,
    // in namespaces created as `kubectl create namespace` would (runtime/prerequisites adopts them).
    const secrets = (parse(files.get('required-secrets.yaml')!) as { secrets: RequiredSecret[] }).secrets;
    for (const ns of new Set(['garden', ...secrets.map((s) => s.namespace)]))
      await applier.apply({ apiVersion: 'v1', kind: 'Namespace', metadata: { name: ns } });
    for (const secret of secrets) {
      const object = placeholderSecret(secret);
      // The Git server's certificate is signed by the plane's CA: source-controller reads `ca.crt` of the credentials Secret.
      if (secret.name === 'landscape-git-credentials') (object['stringData'] as Record<string, string>)['ca.crt'] = readFileSync(plane.pki.ca.cert, 'utf8');
      await applier.apply(object);
    }

    // `flux create source git` and `flux create kustomization`, as the README runs them.
    bootstrapAt = Date.now();
    recorder = setInterval(() => void recordReady().catch((err: unknown) => log(`ready recorder: ${String(err)}`)), 500);
    await applier.apply({
      apiVersion: 'source.toolkit.fluxcd.io/v1',
      kind: 'GitRepository',
      metadata: { name: 'metal-garden-fra', namespace: 'flux-system' },
      spec: { interval: '10m0s', ref: { branch: 'main' }, secretRef: { name: 'landscape-git-credentials' }, url: cluster.git.url },
    });
    await applier.apply({
      apiVersion: 'kustomize.toolkit.fluxcd.io/v1',
      kind: 'Kustomization',
      metadata: { name: 'metal-garden-fra', namespace: 'flux-system' },
      spec: { interval: '10m0s', path: './dist/flux', prune: true, sourceRef: { kind: 'GitRepository', name: 'metal-garden-fra' } },
    });

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

    // The first virtual-garden layers, applied through the token-requestor's kubeconfig as the GitOps
    // ServiceAccount, become Ready once gardener-controller-manager (emulated) reports the Projects Ready.
    const vgLayers = ['virtual-garden-garden-project', 'virtual-garden-projects'];
    try {
      await eventually('the Project layers of the virtual garden Ready', () => vgLayers.every((n) => readyAt.has(`Kustomization garden/${n}`)), 300_000, 1000);
    } catch (err) {
      throw new Error(`${(err as Error).message}\n  ${await fluxState()}`, { cause: err });
    }
    const creator = await rest.request('GET', '/apis/core.gardener.cloud/v1beta1/projects/acme');
    expect((creator.body as { spec: { createdBy?: { name: string } } }).spec.createdBy?.name).toBe('system:serviceaccount:kube-system:metal-garden-flux');

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
