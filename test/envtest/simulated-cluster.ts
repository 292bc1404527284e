// The simulated cluster next to a test control plane: kube-controller-manager and kube-scheduler
// (workload controllers, garbage collection, scheduling), KWOK (fake nodes and the kubelet's pod
// life cycle), Flux's source-, kustomize- and helm-controller, a Git server serving a commit of
// the checkout and an OCI registry holding the vendored charts. Everything is a real upstream
// program except the kubelet, which KWOK replaces (no container runs). See README.md.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { projectRoot } from '../../generators/upstream.js';
import type { VendoredChart } from '../charts/vendored-charts.js';
import { Applier } from './apply.js';
import { binarySpecsOf, type ClusterName } from './binaries.js';
import { ensureBinary, toolBinary, type Logger } from './build.js';
import { guardRunDir, markOwner, releaseRunDir, sweepStaleRunDirs } from './cleanup.js';
import type { ControlPlaneInfo } from './control-plane.js';
import { fluxNamespace, installFluxCrds, startFluxControllers } from './flux-controllers.js';
import { startGitServer, type GitServer } from './git-server.js';
import { startKubeControllerManager, startKubeScheduler } from './kube-components.js';
import { KubeRest } from './kube-rest.js';
import { registerFakeNodes, startKwok } from './kwok.js';
import { startOciRegistry, type OciRegistry } from './oci-registry.js';
import type { ServerProcess } from './process.js';
import { run } from './run.js';

export interface SimulatedClusterOptions {
  /** The git checkout whose commits the Git server serves (`git.publish` pushes from it). @default the project's checkout */
  readonly source?: string;
  /** The commit the Git server serves on branch `main`. @default HEAD of `source` */
  readonly commit?: string;
  /** Serve Git over HTTPS with kube-apiserver's serving certificate (names 127.0.0.1; clients trust the plane's CA). @default false (plain HTTP) */
  readonly gitTls?: boolean;
  /** Fake nodes KWOK keeps Ready, one per zone. @default 3 */
  readonly nodes?: number;
  /** Which vendored charts the registry gets. @default all of them */
  readonly charts?: (chart: VendoredChart) => boolean;
  /** kustomize-controller's `--requeue-dependency` (see FluxControllerOptions). @default '30s' (Flux's default) */
  readonly requeueDependency?: string;
}

export interface SimulatedCluster {
  /** Logs of every process (`<name>.log`), the registry's and source-controller's storage, the bare Git repository. */
  readonly runDir: string;
  readonly nodes: readonly string[];
  readonly git: GitServer;
  /** The commit `git.url` serves first. */
  readonly commit: string;
  readonly registry: OciRegistry;
  /** Where source-controller serves artifacts (kustomize- and helm-controller fetch from it). */
  readonly artifactServer: string;
  readonly versions: Readonly<Record<ClusterName, string>>;
  /** Seconds per phase of the start-up (binaries, workloads, flux, git, registry; the last three run in parallel). */
  readonly timings: Readonly<Record<string, number>>;
  /** Stops every process and the Git server, removes the run directory; resolves with the seconds it took. */
  stop(): Promise<number>;
}

const startTimeoutMs = Number(process.env.METAL_GARDEN_ENVTEST_START_TIMEOUT_MS ?? 120_000);
const keepRunDir = process.env.METAL_GARDEN_ENVTEST_KEEP === '1';
const stopOrder = ['helm-controller', 'kustomize-controller', 'source-controller', 'registry', 'kwok', 'kube-scheduler', 'kube-controller-manager'];
const defaultLog: Logger = (line) => process.stderr.write(`envtest: ${line}\n`);

/** Builds (or reuses) every binary of the simulated cluster, one after another (each Go build uses every core), and helm for the chart pushes. */
export async function ensureClusterBinaries(log: Logger = defaultLog): Promise<Record<ClusterName, { path: string; version: string }>> {
  const result = {} as Record<ClusterName, { path: string; version: string }>;
  for (const spec of binarySpecsOf('cluster')) result[spec.name as ClusterName] = await ensureBinary(spec, log);
  await toolBinary('helm', log);
  return result;
}

async function waitNodesReady(rest: KubeRest, names: readonly string[], timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const res = await rest.request('GET', '/api/v1/nodes?labelSelector=type%3Dkwok');
    const items = (res.body as { items?: { metadata: { name: string }; status?: { conditions?: { type: string; status: string }[] } }[] }).items ?? [];
    const ready = items.filter((n) => n.status?.conditions?.some((c) => c.type === 'Ready' && c.status === 'True')).map((n) => n.metadata.name);
    if (names.every((n) => ready.includes(n))) return;
    if (Date.now() > deadline) throw new Error(`fake nodes ${names.join(', ')} not Ready after ${timeoutMs / 1000}s (ready: ${ready.join(', ') || 'none'})`);
    await new Promise((r) => setTimeout(r, 200));
  }
}

/** Runs the phases in parallel; if any fails, waits for the others to settle and rethrows the first failure. */
async function allOrFirstError(phases: Promise<void>[]): Promise<void> {
  const results = await Promise.allSettled(phases);
  const failed = results.find((r): r is PromiseRejectedResult => r.status === 'rejected');
  if (failed) throw failed.reason;
}

export async function startSimulatedCluster(
  plane: Pick<ControlPlaneInfo, 'kubeconfig' | 'kubeApiServerUrl' | 'pki'>,
  options: SimulatedClusterOptions = {},
  log: Logger = defaultLog,
): Promise<SimulatedCluster> {
  const timings: Record<string, number> = {};
  const timed = async <T>(name: string, step: () => Promise<T>): Promise<T> => {
    const start = Date.now();
    const value = await step();
    timings[name] = (Date.now() - start) / 1000;
    return value;
  };
  const binaries = await timed('binaries', () => ensureClusterBinaries(log));

  const prefix = 'metal-garden-simcluster-';
  sweepStaleRunDirs(tmpdir(), prefix);
  const runDir = mkdtempSync(join(tmpdir(), prefix));
  markOwner(runDir);
  guardRunDir(runDir);
  const processes: ServerProcess[] = [];
  let git: GitServer | undefined;
  const stop = async (keep = keepRunDir): Promise<number> => {
    const start = Date.now();
    // Flux first (it writes to the cluster until it stops), the kube components last.
    const order = (p: ServerProcess): number => stopOrder.indexOf(p.name);
    for (const p of [...processes].sort((a, b) => order(a) - order(b))) await p.stop();
    await git?.stop();
    releaseRunDir(runDir);
    if (!keep) rmSync(runDir, { recursive: true, force: true });
    return (Date.now() - start) / 1000;
  };

  const rest = new KubeRest(plane.kubeconfig);
  const component = { runDir, pki: plane.pki, kubeApiServerUrl: plane.kubeApiServerUrl, timeoutMs: startTimeoutMs };
  let nodes: string[] = [];
  let registry: OciRegistry | undefined;
  let artifactServer = '';
  const source = options.source ?? projectRoot;
  const commit = options.commit ?? (await run('git', ['rev-parse', 'HEAD'], { cwd: source })).stdout.trim();
  try {
    await allOrFirstError([
      timed('workloads', async () => {
        processes.push(await startKubeControllerManager({ ...component, binary: binaries['kube-controller-manager'].path }));
        processes.push(await startKubeScheduler({ ...component, binary: binaries['kube-scheduler'].path }));
        processes.push(await startKwok({ binary: binaries.kwok.path, runDir, kubeconfig: plane.kubeconfig, timeoutMs: startTimeoutMs }));
        nodes = await registerFakeNodes(rest, options.nodes ?? 3);
        await waitNodesReady(rest, nodes, startTimeoutMs);
      }),
      timed('flux', async () => {
        // What `flux install` creates before its controllers: the namespace and the CRDs.
        await new Applier(rest).apply({ apiVersion: 'v1', kind: 'Namespace', metadata: { name: fluxNamespace } });
        await installFluxCrds(rest);
        const flux = await startFluxControllers({
          binaries: {
            'source-controller': binaries['source-controller'].path,
            'kustomize-controller': binaries['kustomize-controller'].path,
            'helm-controller': binaries['helm-controller'].path,
          },
          runDir,
          kubeconfig: plane.kubeconfig,
          timeoutMs: startTimeoutMs,
          ...(options.requeueDependency ? { requeueDependency: options.requeueDependency } : {}),
        });
        processes.push(...flux.processes);
        artifactServer = flux.artifactServer;
      }),
      timed('git', async () => {
        git = await startGitServer({
          source,
          commit,
          dir: join(runDir, 'git'),
          ...(options.gitTls ? { tls: plane.pki.kubeApiServerServing } : {}),
        });
      }),
      timed('registry', async () => {
        registry = await startOciRegistry({
          binary: binaries.registry.path,
          runDir,
          timeoutMs: startTimeoutMs,
          ...(options.charts ? { charts: options.charts } : {}),
        });
        processes.push(registry.server);
      }),
    ]);
  } catch (err) {
    await stop(true).catch(() => undefined);
    const message = err instanceof Error ? err.message : String(err);
    throw new Error(`simulated cluster failed to start: ${message}\n(run directory kept: ${runDir})`, { cause: err });
  }

  const versions = Object.fromEntries(Object.entries(binaries).map(([name, b]) => [name, b.version])) as Record<ClusterName, string>;
  return { runDir, nodes, git: git!, commit, registry: registry!, artifactServer, versions, timings, stop: () => stop() };
}
