// Starts one complete test control plane (etcd, kube-apiserver, gardener-apiserver
// registered through the aggregator) and stops it again. Used by the vitest global setup
// and by the benchmark; nothing here knows about vitest.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ensureServers, type Logger } from './build.js';
import { generatePki, type ControlPlanePki } from './certs.js';
import { guardRunDir, markOwner, releaseRunDir, sweepStaleRunDirs } from './cleanup.js';
import { startEtcd } from './etcd.js';
import { startGardenerApiServer } from './gardener-apiserver.js';
import { kubernetesServiceIp, startKubeApiServer } from './kube-apiserver.js';
import { writeKubeconfig } from './kubeconfig.js';
import { freePorts } from './ports.js';
import type { ServerProcess } from './process.js';
import { registerGardenerApis } from './register.js';

/** What tests get to know about the running control plane (all plain data, serialisable). */
export interface ControlPlaneInfo {
  /** Admin (system:masters) kubeconfig for kube-apiserver; Gardener kinds are served through it. */
  kubeconfig: string;
  /** Admin kubeconfig pointing at gardener-apiserver directly (e.g. for its /version). */
  gardenerKubeconfig: string;
  kubeApiServerUrl: string;
  gardenerApiServerUrl: string;
  etcdUrl: string;
  /** Directory with logs of the servers and the certificates of this run. */
  runDir: string;
  /** The certificate and key files of this run (in runDir), e.g. for the simulated cluster's components. */
  pki: ControlPlanePki;
  versions: { etcd: string; kubeApiServer: string; gardenerApiServer: string };
}

export interface ControlPlane extends ControlPlaneInfo {
  /** Seconds per phase of the start-up, for the start-up report and the benchmark. */
  timings: Record<string, number>;
  /** Stops all servers and removes the run directory; resolves with the seconds it took. */
  stop: () => Promise<number>;
}

const startTimeoutMs = Number(process.env.METAL_GARDEN_ENVTEST_START_TIMEOUT_MS ?? 120_000);
const keepRunDir = process.env.METAL_GARDEN_ENVTEST_KEEP === '1';

export async function startControlPlane(log: Logger): Promise<ControlPlane> {
  const timings: Record<string, number> = {};
  let phaseStart = Date.now();
  const phase = (name: string): void => {
    timings[name] = (Date.now() - phaseStart) / 1000;
    phaseStart = Date.now();
  };

  const binaries = await ensureServers(log);
  phase('binaries');

  const runDirPrefix = 'metal-garden-envtest-';
  sweepStaleRunDirs(tmpdir(), runDirPrefix);
  const runDir = mkdtempSync(join(tmpdir(), runDirPrefix));
  markOwner(runDir);
  guardRunDir(runDir);
  const servers: ServerProcess[] = [];

  // Stops servers in reverse start order: gardener-apiserver and kube-apiserver still
  // need etcd while they shut down.
  const stop = async (keep = keepRunDir): Promise<number> => {
    const start = Date.now();
    for (const server of [...servers].reverse()) await server.stop();
    releaseRunDir(runDir);
    if (!keep) rmSync(runDir, { recursive: true, force: true });
    return (Date.now() - start) / 1000;
  };

  try {
    const pki = await generatePki(runDir, { kubernetesServiceIp });
    phase('certificates');

    // Each port is picked right before its server starts, to keep the window in which
    // another process could take it short.
    const [etcdClientPort, etcdPeerPort] = (await freePorts(2)) as [number, number];
    const etcd = await startEtcd(binaries.etcd.path, runDir, etcdClientPort, etcdPeerPort);
    servers.push(etcd.server);
    phase('etcd');

    const [kubePort] = (await freePorts(1)) as [number];
    const kube = await startKubeApiServer(binaries['kube-apiserver'].path, runDir, pki, etcd.clientUrl, kubePort, startTimeoutMs);
    servers.push(kube.server);
    phase('kube-apiserver');

    const [gardenerPort] = (await freePorts(1)) as [number];
    const gardener = await startGardenerApiServer(binaries['gardener-apiserver'].path, runDir, pki, etcd.clientUrl, kube.url, gardenerPort, startTimeoutMs);
    servers.push(gardener.server);
    phase('gardener-apiserver');

    await registerGardenerApis(kube.url, pki, gardenerPort, gardener.server, startTimeoutMs);
    phase('aggregation');

    const kubeconfig = join(runDir, 'admin.kubeconfig');
    writeKubeconfig(kubeconfig, kube.url, pki.ca.cert, pki.admin, 'admin');
    const gardenerKubeconfig = join(runDir, 'admin-gardener-apiserver.kubeconfig');
    writeKubeconfig(gardenerKubeconfig, gardener.url, pki.ca.cert, pki.admin, 'admin');

    return {
      kubeconfig,
      gardenerKubeconfig,
      kubeApiServerUrl: kube.url,
      gardenerApiServerUrl: gardener.url,
      etcdUrl: etcd.clientUrl,
      runDir,
      pki,
      versions: {
        etcd: binaries.etcd.version,
        kubeApiServer: binaries['kube-apiserver'].version,
        gardenerApiServer: binaries['gardener-apiserver'].version,
      },
      timings,
      stop,
    };
  } catch (err) {
    // The error already carries the failing server's log tail (see wait.ts); the whole
    // run directory is kept for a closer look and swept by the next run.
    await stop(true).catch(() => undefined);
    const message = err instanceof Error ? err.message : String(err);
    throw new Error(`envtest control plane failed to start: ${message}\n(run directory kept: ${runDir})`, { cause: err });
  }
}
