// argocd-cluster-bridge as the process its image runs (the esbuild bundle), against the real
// kube-apiserver of the test setup, authenticated as the ServiceAccount dist/'s construct creates,
// with exactly the Roles it grants: what the runtime cluster runs, short of the kubelet.
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { App, Chart } from 'cdk8s';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parse, stringify } from 'yaml';
import { ArgoCdClusterBridge } from '../../../charts/constructs/argocd-cluster-bridge.js';
import { VirtualGardenAccess } from '../../../charts/constructs/virtual-garden-access.js';
import { Applier } from '../../../test/envtest/apply.js';
import { envtest } from '../../../test/envtest/context.js';
import { bundleOnce, serviceAccountKubeconfig, startController, type ControllerProcess } from '../../../test/envtest/controller-process.js';
import { eventually } from '../../../test/envtest/eventually.js';
import { KubeRest, statusMessage, type KubeObject } from '../../../test/envtest/kube-rest.js';
import { ARGOCD_CLUSTER_BRIDGE_NAME } from '../names.js';
import { TOKEN_A, TOKEN_B, tokenKubeconfig } from './fixtures.js';

/** How long a rotation may take to reach Argo CD's Secret (the watch delivers within milliseconds; this is the promise). */
const ROTATION_BOUND_MS = 5_000;

const GARDEN = 'bridge-it-garden';
const ARGOCD = 'bridge-it-argocd';
const SOURCE = 'metal-garden-virtual-garden-access';
const CLUSTER = 'it-virtual-garden';
const SERVER = 'https://virtual-garden-kube-apiserver.garden.svc.cluster.local';
/** Tokens of the rotations: JWT-shaped and plain, so the log check covers both kinds of masking. */
const ROTATIONS = [TOKEN_B, ...[1, 2, 3, 4].map((n) => `${TOKEN_A.slice(0, -4)}rot${n}`), `rotated-plain-${'x'.repeat(40)}-5`];
/** A token inside YAML that does not parse: it must not be echoed anywhere either. */
const TOKEN_IN_BROKEN_YAML = 'brokenyamltoken9f8e7d6c5b4a3f2e1d0c9b8a7f6e5d4c3b2a1';

interface Secret extends KubeObject {
  data?: Record<string, string>;
  metadata: KubeObject['metadata'] & { resourceVersion?: string; labels?: Record<string, string>; uid?: string };
}

interface Event {
  reason: string;
  type: string;
  note: string;
  action: string;
  reportingController: string;
  regarding: { kind: string; name: string; namespace?: string };
  series?: { count: number };
}

const b64 = (text: string): string => Buffer.from(text, 'utf8').toString('base64');
const unb64 = (text: string | undefined): string => Buffer.from(text ?? '', 'base64').toString('utf8');

describe('argocd-cluster-bridge (the built bundle, as its ServiceAccount with its Roles)', () => {
  let admin: KubeRest;
  let applier: Applier;
  let runDir: string;
  let controller: ControllerProcess;
  let caData: string;
  const secretPath = (namespace: string, name: string): string => `/api/v1/namespaces/${namespace}/secrets/${name}`;

  const readTarget = async (): Promise<Secret | undefined> => {
    const response = await admin.request('GET', secretPath(ARGOCD, CLUSTER));
    if (response.status === 404) return undefined;
    if (response.status !== 200) throw new Error(`GET cluster Secret: ${statusMessage(response)}`);
    return response.body as Secret;
  };
  const targetConfig = async (): Promise<{ bearerToken: string; tlsClientConfig: { insecure: boolean; caData: string } } | undefined> => {
    const target = await readTarget();
    return target?.data?.config
      ? (JSON.parse(unb64(target.data.config)) as { bearerToken: string; tlsClientConfig: { insecure: boolean; caData: string } })
      : undefined;
  };
  const writeSource = async (data: Record<string, string>): Promise<void> => {
    await applier.apply(
      { apiVersion: 'v1', kind: 'Secret', metadata: { name: SOURCE, namespace: GARDEN }, data },
      { fieldManager: 'gardener-resource-manager' },
    );
  };
  const writeKubeconfig = (text: string): Promise<void> => writeSource({ kubeconfig: b64(text) });
  const events = async (namespace: string, reason: string, regardingName: string): Promise<Event[]> => {
    const response = await admin.request('GET', `/apis/events.k8s.io/v1/namespaces/${namespace}/events`);
    const items = (response.body as { items: Event[] }).items;
    return items.filter((e) => e.reason === reason && e.regarding.name === regardingName);
  };
  const eventWith = (namespace: string, reason: string, regardingName: string, note: RegExp): Promise<Event> =>
    eventually(`event ${reason} on ${regardingName} matching ${String(note)}`, async () =>
      (await events(namespace, reason, regardingName)).find((e) => note.test(e.note)),
    );

  /** Changes the source and measures the time until Argo CD's Secret carries `token`. */
  const rotate = async (token: string): Promise<number> => {
    await writeKubeconfig(tokenKubeconfig({ token, caData }));
    const started = performance.now();
    await eventually(`cluster Secret with the rotated token`, async () => (await targetConfig())?.bearerToken === token, ROTATION_BOUND_MS * 2, 10);
    return performance.now() - started;
  };

  beforeAll(async () => {
    const { kubeconfig } = envtest();
    admin = new KubeRest(kubeconfig);
    applier = new Applier(admin);
    runDir = mkdtempSync(join(tmpdir(), 'argocd-cluster-bridge-it-'));
    caData = (JSON.parse(readFileSync(kubeconfig, 'utf8')) as { clusters: { cluster: { 'certificate-authority-data': string } }[] }).clusters[0]!.cluster[
      'certificate-authority-data'
    ];
    for (const name of [GARDEN, ARGOCD]) await applier.apply({ apiVersion: 'v1', kind: 'Namespace', metadata: { name } });
    // The objects dist/ renders (image by a made-up digest: nothing pulls it here).
    const chart = new Chart(new App(), 'bridge', { disableResourceNameHashes: true });
    new ArgoCdClusterBridge(chart, 'bridge', {
      namespace: GARDEN,
      source: { name: SOURCE, key: 'kubeconfig' },
      argocdNamespace: ARGOCD,
      clusterName: CLUSTER,
      image: `ghcr.io/metal-garden/argocd-cluster-bridge@sha256:${'1'.repeat(64)}`,
    });
    const objects = chart.toJson() as KubeObject[];
    for (const object of objects.filter((o) => o.kind !== 'Deployment')) await applier.apply(object);
    const deployment = objects.find((o) => o.kind === 'Deployment') as unknown as { spec: { template: { spec: { containers: { args: string[] }[] } } } };
    const args = deployment.spec.template.spec.containers[0]!.args.filter(
      (a) => !a.startsWith('--metrics-bind-address') && !a.startsWith('--health-probe-bind-address'),
    );
    const saKubeconfig = await serviceAccountKubeconfig(kubeconfig, GARDEN, ARGOCD_CLUSTER_BRIDGE_NAME, join(runDir, 'kubeconfig'));
    const bundle = await bundleOnce(ARGOCD_CLUSTER_BRIDGE_NAME, join(runDir, 'bundle'));
    controller = await startController({
      name: 'argocd-cluster-bridge-0',
      bundle,
      args: [...args, `--kubeconfig=${saKubeconfig}`],
      runDir,
      // debug: the most the process ever logs, so the token check below sees every line there is.
      env: { POD_NAME: 'argocd-cluster-bridge-0', POD_NAMESPACE: GARDEN, LOG_LEVEL: 'debug' },
    });
    await controller.waitReady();
  });

  afterAll(async () => {
    await controller?.stop();
    if (runDir && !process.env.METAL_GARDEN_ENVTEST_KEEP) rmSync(runDir, { recursive: true, force: true });
  });

  it('a missing source Secret: a Warning event on its own pod naming the Secret, and no cluster Secret', async () => {
    const event = await eventWith(GARDEN, 'KubeconfigMissing', 'argocd-cluster-bridge-0', /does not exist/);
    expect(event).toMatchObject({ type: 'Warning', action: 'SyncArgoCDCluster', reportingController: 'metal-garden.io/argocd-cluster-bridge' });
    expect(event.regarding).toMatchObject({ kind: 'Pod', namespace: GARDEN });
    expect(event.note).toBe(
      `Secret ${GARDEN}/${SOURCE} does not exist: expected the token-requestor Secret with key kubeconfig (the runtime layer virtual-garden-access renders it); the Argo CD cluster Secret ${ARGOCD}/${CLUSTER} is created once the kubeconfig is usable`,
    );
    expect(await readTarget()).toBeUndefined();
  });

  it("the template before the token-requestor's first fill: a Warning on the source, still no cluster Secret", async () => {
    const chart = new Chart(new App(), 'access', { disableResourceNameHashes: true });
    const access = new VirtualGardenAccess(chart, 'access', { namespace: GARDEN, secretName: SOURCE, access: 'cluster-admin' });
    const template = (access.kubeconfigSecret.toJson() as { stringData: { kubeconfig: string } }).stringData.kubeconfig;
    await writeKubeconfig(template);
    await eventWith(GARDEN, 'CAMissing', SOURCE, /has no certificate-authority-data/);
    // The token-requestor injects the CA first in this test, then the token: "no token yet".
    const withCa = parse(template) as { clusters: { cluster: Record<string, unknown> }[] };
    withCa.clusters[0]!.cluster['certificate-authority-data'] = caData;
    await writeKubeconfig(stringify(withCa));
    await eventWith(GARDEN, 'TokenMissing', SOURCE, /has no token yet/);
    expect(await readTarget()).toBeUndefined();
    expect(controller.hasExited()).toBe(false);
  });

  it("the first fill creates Argo CD's cluster Secret: label, name, server, config {bearerToken, tlsClientConfig {insecure false, caData}}", async () => {
    await writeKubeconfig(tokenKubeconfig({ token: TOKEN_A, caData }));
    const target = await eventually('cluster Secret created', readTarget, ROTATION_BOUND_MS);
    expect(target.metadata.labels).toMatchObject({ 'argocd.argoproj.io/secret-type': 'cluster' });
    expect(unb64(target.data?.name)).toBe(CLUSTER);
    expect(unb64(target.data?.server)).toBe(SERVER);
    expect(JSON.parse(unb64(target.data?.config))).toEqual({ bearerToken: TOKEN_A, tlsClientConfig: { insecure: false, caData } });
    const synced = await eventWith(GARDEN, 'ArgoCDClusterSynced', SOURCE, /created/);
    expect(synced.note).toBe(`Argo CD cluster Secret ${ARGOCD}/${CLUSTER} created: cluster ${CLUSTER}, server ${SERVER}`);
  });

  it(`every rotation reaches the cluster Secret within ${ROTATION_BOUND_MS / 1000} s`, async () => {
    const latencies: number[] = [];
    for (const token of ROTATIONS) latencies.push(await rotate(token));
    const max = Math.max(...latencies);
    process.stderr.write(
      `argocd-cluster-bridge: ${latencies.length} rotations, latency ms: ${latencies.map((l) => l.toFixed(0)).join(', ')} (max ${max.toFixed(0)})\n`,
    );
    expect(max).toBeLessThan(ROTATION_BOUND_MS);
  });

  it('writes nothing when nothing changed (no churn): a source change that keeps the credentials leaves the cluster Secret alone', async () => {
    const before = await readTarget();
    const token = ROTATIONS.at(-1)!;
    // Same credentials, different text (a comment and another key order): the source's resourceVersion moves, the target's must not.
    await writeKubeconfig(`# rewritten\n${stringify(parse(tokenKubeconfig({ token, caData })), { sortMapEntries: true })}`);
    await writeSource({ kubeconfig: b64(tokenKubeconfig({ token, caData })), extra: b64('unrelated') });
    await new Promise((r) => setTimeout(r, 1500));
    expect((await readTarget())?.metadata.resourceVersion).toBe(before?.metadata.resourceVersion);
  });

  it('repairs drift of the cluster Secret and recreates it when deleted', async () => {
    const token = ROTATIONS.at(-1)!;
    const drifted = { bearerToken: 'edited-by-hand', tlsClientConfig: { insecure: true } };
    const patch = await admin.request('PATCH', secretPath(ARGOCD, CLUSTER), { data: { config: b64(JSON.stringify(drifted)) } }, 'application/merge-patch+json');
    expect(patch.status).toBe(200);
    const started = performance.now();
    await eventually('drift repaired', async () => (await targetConfig())?.bearerToken === token, ROTATION_BOUND_MS);
    const repairMs = performance.now() - started;
    expect((await targetConfig())?.tlsClientConfig).toEqual({ insecure: false, caData });
    expect((await admin.request('DELETE', secretPath(ARGOCD, CLUSTER))).status).toBe(200);
    await eventually('cluster Secret recreated', async () => (await targetConfig())?.bearerToken === token, ROTATION_BOUND_MS);
    process.stderr.write(`argocd-cluster-bridge: drift repaired in ${repairMs.toFixed(0)} ms\n`);
  });

  it('bad kubeconfigs: a Warning on the source naming what is wrong and what is expected; the last good cluster Secret is kept; no crash', async () => {
    const good = ROTATIONS.at(-1)!;
    const before = await readTarget();
    const cases: [string, () => Promise<void>, string, RegExp][] = [
      [
        'unparsable YAML',
        () => writeKubeconfig(`${tokenKubeconfig({ token: TOKEN_IN_BROKEN_YAML, caData })}\n  : [unclosed`),
        'KubeconfigInvalid',
        /key kubeconfig is not valid YAML \([A-Z_]+ at line \d+, column \d+\): expected a kubeconfig/,
      ],
      ['missing key', () => writeSource({ config: b64('x') }), 'KubeconfigMissing', /has no key kubeconfig \(keys: config\): expected the kubeconfig/],
      [
        'server not https',
        () => writeKubeconfig(tokenKubeconfig({ token: TOKEN_IN_BROKEN_YAML, caData, server: 'http://virtual-garden:80' })),
        'KubeconfigInvalid',
        /server "http:\/\/virtual-garden:80" is not https: expected https:/,
      ],
      [
        'several contexts, no current-context',
        async () => {
          const config = parse(tokenKubeconfig({ token: TOKEN_IN_BROKEN_YAML, caData })) as { contexts: unknown[]; 'current-context'?: string };
          config.contexts.push({ name: 'second', context: { cluster: 'virtual-garden', user: 'metal-garden-flux' } });
          delete config['current-context'];
          await writeKubeconfig(stringify(config));
        },
        'KubeconfigInvalid',
        /has 2 contexts \(virtual-garden, second\) and no current-context: expected current-context/,
      ],
      ['no CA', () => writeKubeconfig(tokenKubeconfig({ token: TOKEN_IN_BROKEN_YAML, caData: '' })), 'CAMissing', /has no certificate-authority-data/],
    ];
    for (const [, write, reason, note] of cases) {
      await write();
      // The suffix tells these events apart from the same problems reported before the first fill.
      const event = await eventWith(GARDEN, reason, SOURCE, new RegExp(`${note.source}.*keeps its last good credentials$`));
      expect(event.type).toBe('Warning');
      expect(event.note).toMatch(
        new RegExp(`^Secret ${GARDEN}/${SOURCE} .*; the Argo CD cluster Secret ${ARGOCD}/${CLUSTER} keeps its last good credentials$`),
      );
    }
    const after = await readTarget();
    expect(after?.metadata.resourceVersion).toBe(before?.metadata.resourceVersion);
    expect((await targetConfig())?.bearerToken).toBe(good);
    expect(controller.hasExited()).toBe(false);
    expect((await controller.probe('/readyz')).status).toBe(200);
    expect(await controller.metrics()).toMatch(/^argocd_cluster_bridge_source_valid 0$/m);
    // A fix is picked up at once.
    await rotate(TOKEN_A);
    expect(await controller.metrics()).toMatch(/^argocd_cluster_bridge_source_valid 1$/m);
  });

  it('a deleted source: a Warning on its own pod, the cluster Secret is kept', async () => {
    const before = await readTarget();
    expect((await admin.request('DELETE', secretPath(GARDEN, SOURCE))).status).toBe(200);
    // The first one was recorded at start-up; a repeat counts into its series (or starts a new event once the series window is over).
    await eventually('a second KubeconfigMissing on the pod', async () => {
      const seen = (await events(GARDEN, 'KubeconfigMissing', 'argocd-cluster-bridge-0')).reduce((sum, e) => sum + (e.series?.count ?? 1), 0);
      return seen >= 2 || undefined;
    });
    expect((await readTarget())?.metadata.resourceVersion).toBe(before?.metadata.resourceVersion);
    await rotate(TOKEN_B);
  });

  it('its ServiceAccount reads only the one source Secret and creates and writes only the one cluster Secret', async () => {
    const token = (JSON.parse(readFileSync(join(runDir, 'kubeconfig'), 'utf8')) as { users: { user: { token: string } }[] }).users[0]!.user.token;
    const bridge = admin.withToken(token);
    await applier.apply({ apiVersion: 'v1', kind: 'Secret', metadata: { name: 'other', namespace: GARDEN }, stringData: { a: 'b' } });
    await applier.apply({ apiVersion: 'v1', kind: 'Secret', metadata: { name: 'other', namespace: ARGOCD }, stringData: { a: 'b' } });
    const status = async (method: string, path: string, body?: unknown, type?: string): Promise<number> =>
      (await bridge.request(method, path, body, type)).status;
    expect(await status('GET', secretPath(GARDEN, SOURCE))).toBe(200);
    expect(await status('GET', `/api/v1/namespaces/${GARDEN}/secrets?fieldSelector=metadata.name%3D${SOURCE}`)).toBe(200);
    expect(await status('GET', secretPath(GARDEN, 'other'))).toBe(403);
    expect(await status('GET', `/api/v1/namespaces/${GARDEN}/secrets`)).toBe(403);
    expect(await status('GET', secretPath(ARGOCD, 'other'))).toBe(403);
    expect(await status('PATCH', secretPath(ARGOCD, 'other'), { metadata: { labels: { x: 'y' } } }, 'application/merge-patch+json')).toBe(403);
    expect(await status('DELETE', secretPath(ARGOCD, CLUSTER))).toBe(403);
    // create is limited by name: only the server-side apply of the cluster Secret's own name may create.
    const apply = (name: string): Promise<number> =>
      status(
        'PATCH',
        `${secretPath(ARGOCD, name)}?fieldManager=probe`,
        { apiVersion: 'v1', kind: 'Secret', metadata: { name, namespace: ARGOCD } },
        'application/apply-patch+yaml',
      );
    expect(await apply('another-cluster')).toBe(403);
    expect(await status('POST', `/api/v1/namespaces/${ARGOCD}/secrets`, { apiVersion: 'v1', kind: 'Secret', metadata: { name: CLUSTER } })).toBe(403);
    expect(await status('POST', `/api/v1/namespaces/${ARGOCD}/secrets`, { apiVersion: 'v1', kind: 'Secret', metadata: { name: 'another' } })).toBe(403);
    expect(await status('PATCH', secretPath(GARDEN, SOURCE), { metadata: { labels: { x: 'y' } } }, 'application/merge-patch+json')).toBe(403);
  });

  it('never logs a token, and stops on SIGTERM with exit code 0', async () => {
    await controller.stop();
    expect(await controller.exited).toBe('0');
    const log = readFileSync(controller.logFile, 'utf8');
    const entries = controller.logEntries();
    expect(entries.length).toBeGreaterThan(10);
    expect(entries.some((e) => e.msg === 'cluster Secret is up to date')).toBe(true);
    for (const token of [TOKEN_A, ...ROTATIONS, TOKEN_IN_BROKEN_YAML]) expect(log).not.toContain(token);
    // Nor a recognisable part of one (a JWT's signature segment, the plain token's tail).
    expect(log).not.toContain(TOKEN_A.split('.')[2]);
    expect(log).not.toContain('x'.repeat(40));
  });
});
