// The simulated cluster (test/envtest/simulated-cluster.ts), piece by piece, on a control plane of
// this file's own (kube-controller-manager changes what a cluster does with every object, which
// the shared control plane's other tests do not expect):
// - kube-controller-manager, kube-scheduler and KWOK: a Deployment gets its ReplicaSet and pods,
//   the pods are bound to fake nodes and become Running/Ready; a Job's pod completes; deleting the
//   Deployment lets the garbage collector remove ReplicaSet and pods;
// - source-controller fetches a GitRepository from the loopback Git server (the checkout's HEAD);
// - kustomize-controller applies a folder of it and its health check waits for the rollout;
// - helm-controller installs a vendored chart from the loopback OCI registry.
import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startControlPlane, type ControlPlane } from '../envtest/control-plane.js';
import { eventually } from '../envtest/eventually.js';
import { Applier } from '../envtest/apply.js';
import { fluxNamespace } from '../envtest/flux-controllers.js';
import { KubeRest, type KubeObject } from '../envtest/kube-rest.js';
import { startSimulatedCluster, type SimulatedCluster } from '../envtest/simulated-cluster.js';

const log = (line: string): void => {
  process.stderr.write(`envtest: ${line}\n`);
};

interface Condition {
  type: string;
  status: string;
  reason?: string;
  message?: string;
}
interface Obj extends KubeObject {
  metadata: KubeObject['metadata'] & { uid?: string; ownerReferences?: { kind: string; name: string; uid: string }[] };
  spec?: { nodeName?: string } & Record<string, unknown>;
  status?: { phase?: string; conditions?: Condition[]; artifact?: { revision?: string; url?: string; digest?: string } } & Record<string, unknown>;
}

let plane: ControlPlane;
let cluster: SimulatedCluster;
let rest: KubeRest;
let applier: Applier;

async function get(path: string): Promise<Obj | undefined> {
  const res = await rest.request('GET', path);
  return res.status === 200 ? (res.body as Obj) : undefined;
}
async function list(path: string): Promise<Obj[]> {
  const res = await rest.request('GET', path);
  if (res.status !== 200) throw new Error(`GET ${path}: ${res.status}`);
  return (res.body as { items: Obj[] }).items;
}
const condition = (o: Obj | undefined, type: string): Condition | undefined => o?.status?.conditions?.find((c) => c.type === type);
/** The Ready condition once it is True; a False one is returned as the last value seen, so a timeout names its reason. */
const readyTrue = async (path: string): Promise<Obj | false> => {
  const o = await get(path);
  return condition(o, 'Ready')?.status === 'True' ? o! : false;
};
async function eventuallyReady(what: string, path: string, timeoutMs = 120_000): Promise<Obj> {
  try {
    return await eventually(what, () => readyTrue(path), timeoutMs, 250);
  } catch (err) {
    const o = await get(path);
    throw new Error(`${(err as Error).message}; conditions: ${JSON.stringify(o?.status?.conditions)}`, { cause: err });
  }
}

beforeAll(async () => {
  plane = await startControlPlane(log);
  const start = Date.now();
  cluster = await startSimulatedCluster(plane, {}, log);
  log(
    `simulated cluster up in ${((Date.now() - start) / 1000).toFixed(1)}s (${Object.entries(cluster.timings)
      .map(([k, v]) => `${k} ${v.toFixed(1)}s`)
      .join(', ')}); logs in ${cluster.runDir}`,
  );
  rest = new KubeRest(plane.kubeconfig);
  applier = new Applier(rest);
});

afterAll(async () => {
  const seconds = await cluster?.stop();
  if (seconds !== undefined) log(`simulated cluster stopped in ${seconds.toFixed(1)}s`);
  await plane?.stop();
});

describe('workloads: kube-controller-manager, kube-scheduler, KWOK', () => {
  const ns = 'smoke-workloads';

  it('rolls a Deployment out onto the fake nodes, completes a Job, and collects the garbage of a deleted Deployment', async () => {
    await applier.apply({ apiVersion: 'v1', kind: 'Namespace', metadata: { name: ns } });
    // The ServiceAccount controller gives every namespace its `default` account; pods need it.
    await eventually('ServiceAccount default', () => get(`/api/v1/namespaces/${ns}/serviceaccounts/default`));
    const labels = { app: 'web' };
    await applier.apply({
      apiVersion: 'apps/v1',
      kind: 'Deployment',
      metadata: { name: 'web', namespace: ns },
      spec: {
        replicas: 3,
        selector: { matchLabels: labels },
        template: { metadata: { labels }, spec: { containers: [{ name: 'pause', image: 'registry.k8s.io/pause:3.10' }] } },
      },
    });
    const deployment = (await get(`/apis/apps/v1/namespaces/${ns}/deployments/web`))!;

    const replicaSets = await eventually('a ReplicaSet owned by the Deployment', async () => {
      const owned = (await list(`/apis/apps/v1/namespaces/${ns}/replicasets`)).filter((rs) =>
        rs.metadata.ownerReferences?.some((o) => o.uid === deployment.metadata.uid),
      );
      return owned.length > 0 ? owned : undefined;
    });
    expect(replicaSets).toHaveLength(1);

    const pods = await eventually(
      '3 Running, Ready pods on fake nodes',
      async () => {
        const all = await list(`/api/v1/namespaces/${ns}/pods?labelSelector=app%3Dweb`);
        const running = all.filter((p) => p.status?.phase === 'Running' && condition(p, 'Ready')?.status === 'True');
        return running.length === 3 ? running : false;
      },
      60_000,
    );
    for (const pod of pods) {
      expect(cluster.nodes).toContain(pod.spec?.nodeName);
      expect(pod.metadata.ownerReferences?.[0]).toMatchObject({ kind: 'ReplicaSet', name: replicaSets[0]!.metadata.name });
    }
    await eventually('Deployment available with 3 replicas', async () => {
      const d = await get(`/apis/apps/v1/namespaces/${ns}/deployments/web`);
      return d?.status?.availableReplicas === 3 && condition(d, 'Available')?.status === 'True';
    });

    await applier.apply({
      apiVersion: 'batch/v1',
      kind: 'Job',
      metadata: { name: 'once', namespace: ns },
      spec: { template: { spec: { restartPolicy: 'Never', containers: [{ name: 'pause', image: 'registry.k8s.io/pause:3.10' }] } } },
    });
    await eventually('Job Complete', async () => condition(await get(`/apis/batch/v1/namespaces/${ns}/jobs/once`), 'Complete')?.status === 'True', 60_000);

    const res = await rest.request('DELETE', `/apis/apps/v1/namespaces/${ns}/deployments/web`, { propagationPolicy: 'Background' });
    expect(res.status).toBe(200);
    await eventually(
      'ReplicaSet and pods garbage-collected',
      async () => {
        const rs = await list(`/apis/apps/v1/namespaces/${ns}/replicasets`);
        const left = await list(`/api/v1/namespaces/${ns}/pods?labelSelector=app%3Dweb`);
        return rs.length === 0 && left.length === 0;
      },
      60_000,
    );
  });
});

describe('the loopback Git server', () => {
  const git = promisify(execFile);

  it('serves the commit over smart HTTP and refuses pushes', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'simcluster-clone-'));
    try {
      await git('git', ['clone', '--quiet', '--branch', cluster.git.branch, cluster.git.url, dir]);
      expect((await git('git', ['rev-parse', 'HEAD'], { cwd: dir })).stdout.trim()).toBe(cluster.commit);
      await git('git', ['-c', 'user.name=t', '-c', 'user.email=t@example.invalid', 'commit', '--quiet', '--allow-empty', '-m', 'push attempt'], { cwd: dir });
      // http-backend serves receive-pack only to authenticated users; the server has none.
      await expect(git('git', ['push', '--quiet', 'origin', `HEAD:${cluster.git.branch}`], { cwd: dir })).rejects.toThrow(/403/);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('Flux: source-, kustomize- and helm-controller', () => {
  const ns = fluxNamespace;

  it('source-controller fetches the checkout from the loopback Git server, kustomize-controller applies a folder of it and waits for its rollout', async () => {
    const requestsBefore = cluster.git.requests();
    await applier.apply({
      apiVersion: 'source.toolkit.fluxcd.io/v1',
      kind: 'GitRepository',
      metadata: { name: 'checkout', namespace: ns },
      spec: { url: cluster.git.url, ref: { branch: cluster.git.branch }, interval: '10m' },
    });
    const path = `/apis/source.toolkit.fluxcd.io/v1/namespaces/${ns}/gitrepositories/checkout`;
    await eventuallyReady('GitRepository Ready', path);
    // Seen twice in ten runs: Ready=True read back before status.artifact (source-controller's status
    // patches are not one write), so the artifact is awaited on its own.
    const repo = await eventually(
      'GitRepository artifact',
      async () => {
        const object = await get(path);
        return object?.status?.artifact ? object : false;
      },
      60_000,
      250,
    );
    expect(repo.status?.artifact?.revision).toBe(`${cluster.git.branch}@sha1:${cluster.commit}`);
    expect(repo.status?.artifact?.url?.startsWith(`${cluster.artifactServer}/`)).toBe(true);
    expect(cluster.git.requests()).toBeGreaterThan(requestsBefore);
    const artifact = await fetch(repo.status!.artifact!.url!);
    expect(artifact.status).toBe(200);
    expect((await artifact.arrayBuffer()).byteLength).toBeGreaterThan(0);

    await applier.apply({ apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'smoke-flux' } });
    await applier.apply({
      apiVersion: 'kustomize.toolkit.fluxcd.io/v1',
      kind: 'Kustomization',
      metadata: { name: 'smoke', namespace: ns },
      spec: {
        interval: '10m',
        path: './test/integration/fixtures/simulated-cluster',
        prune: true,
        wait: true,
        timeout: '2m',
        targetNamespace: 'smoke-flux',
        sourceRef: { kind: 'GitRepository', name: 'checkout' },
      },
    });
    const kustomization = await eventuallyReady('Kustomization Ready', `/apis/kustomize.toolkit.fluxcd.io/v1/namespaces/${ns}/kustomizations/smoke`);
    expect(kustomization.status?.['lastAppliedRevision']).toBe(`${cluster.git.branch}@sha1:${cluster.commit}`);
    const configMap = await get('/api/v1/namespaces/smoke-flux/configmaps/smoke');
    expect(configMap?.['data']).toEqual({ from: 'git' });
    const deployment = await get('/apis/apps/v1/namespaces/smoke-flux/deployments/smoke');
    expect(deployment?.status?.['readyReplicas']).toBe(2);
  });

  it('helm-controller installs a vendored chart from the loopback OCI registry', async () => {
    const chart = cluster.registry.charts.find((c) => c.name === 'os-metal-extension');
    if (!chart) throw new Error(`os-metal-extension not pushed; registry holds ${cluster.registry.charts.map((c) => `${c.name}:${c.version}`).join(', ')}`);
    await applier.apply({ apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'smoke-helm' } });
    await applier.apply({
      apiVersion: 'source.toolkit.fluxcd.io/v1',
      kind: 'OCIRepository',
      metadata: { name: 'os-metal', namespace: ns },
      spec: {
        interval: '10m',
        url: chart.url,
        ref: { tag: chart.version },
        // Plain HTTP on loopback.
        insecure: true,
        layerSelector: { mediaType: 'application/vnd.cncf.helm.chart.content.v1.tar+gzip', operation: 'copy' },
      },
    });
    const source = await eventuallyReady('OCIRepository Ready', `/apis/source.toolkit.fluxcd.io/v1/namespaces/${ns}/ocirepositories/os-metal`);
    expect(source.status?.artifact?.revision).toBe(`${chart.version}@${chart.digest}`);

    await applier.apply({
      apiVersion: 'helm.toolkit.fluxcd.io/v2',
      kind: 'HelmRelease',
      metadata: { name: 'os-metal', namespace: ns },
      spec: {
        interval: '10m',
        targetNamespace: 'smoke-helm',
        chartRef: { kind: 'OCIRepository', name: 'os-metal' },
        install: { timeout: '2m' },
      },
    });
    await eventuallyReady('HelmRelease Ready', `/apis/helm.toolkit.fluxcd.io/v2/namespaces/${ns}/helmreleases/os-metal`);
    const deployments = await list('/apis/apps/v1/namespaces/smoke-helm/deployments');
    expect(deployments.map((d) => [d.metadata.name, d.status?.['readyReplicas']])).toEqual([['gardener-extension-os-metal', 1]]);
  });
});
