// A control plane of one test file's own — etcd and kube-apiserver, no gardener-apiserver — whose
// kube-apiserver the test may stop and start again (same port, certificates and etcd, so clients
// keep their kubeconfig), and whose etcd it may compact. For tests of controllers that must survive
// an API server outage or a `410 Gone`, which the shared control plane of the global setup must
// never see.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { binarySpec } from './binaries.js';
import { ensureBinary, type Logger } from './build.js';
import { generatePki, type ControlPlanePki } from './certs.js';
import { guardRunDir, markOwner, releaseRunDir, sweepStaleRunDirs } from './cleanup.js';
import { startEtcd } from './etcd.js';
import { kubernetesServiceIp, startKubeApiServer, type KubeApiServer } from './kube-apiserver.js';
import { writeKubeconfig } from './kubeconfig.js';
import { freePorts } from './ports.js';
import type { ServerProcess } from './process.js';

export interface StandaloneKubeApiServer {
  /** Admin kubeconfig; stays valid across restarts. */
  readonly kubeconfig: string;
  readonly url: string;
  readonly etcdUrl: string;
  /** The certificate and key files of this run, e.g. for a simulated cluster's components (simulated-cluster.ts). */
  readonly pki: ControlPlanePki;
  /** Certificates, kubeconfig, `etcd.log` and `kube-apiserver.log` (appended to across restarts). */
  readonly runDir: string;
  /** Stops kube-apiserver (SIGTERM); clients get connection refused until startKubeApiServer(). */
  stopKubeApiServer(): Promise<void>;
  /** Starts kube-apiserver again on the same port and waits for /readyz. */
  startKubeApiServer(): Promise<void>;
  /** stopKubeApiServer(), wait downMs, startKubeApiServer(). */
  restart(downMs?: number): Promise<void>;
  /**
   * Writes a key outside kube-apiserver's prefix (so the revision moves on even while kube-apiserver
   * is stopped) and compacts etcd's history up to that revision, as kube-apiserver's compactor does
   * every 5 minutes; resolves with the revision. Any resourceVersion older than it is then `410 Gone`.
   */
  compactEtcd(): Promise<number>;
  /** Stops both servers and removes the run directory (METAL_GARDEN_ENVTEST_KEEP=1 keeps it). */
  stop(): Promise<void>;
}

const startTimeoutMs = Number(process.env.METAL_GARDEN_ENVTEST_START_TIMEOUT_MS ?? 120_000);

export async function startStandaloneKubeApiServer(log: Logger = (line) => process.stderr.write(`envtest: ${line}\n`)): Promise<StandaloneKubeApiServer> {
  const etcdBinary = (await ensureBinary(binarySpec('etcd'), log)).path;
  const kubeBinary = (await ensureBinary(binarySpec('kube-apiserver'), log)).path;
  const prefix = 'metal-garden-standalone-';
  sweepStaleRunDirs(tmpdir(), prefix);
  const runDir = mkdtempSync(join(tmpdir(), prefix));
  markOwner(runDir);
  guardRunDir(runDir);
  let etcdServer: ServerProcess | undefined;
  let kube: KubeApiServer | undefined;
  const stop = async (): Promise<void> => {
    await kube?.server.stop();
    await etcdServer?.stop();
    releaseRunDir(runDir);
    if (process.env.METAL_GARDEN_ENVTEST_KEEP !== '1') rmSync(runDir, { recursive: true, force: true });
  };
  try {
    const pki: ControlPlanePki = await generatePki(runDir, { kubernetesServiceIp });
    const [clientPort, peerPort] = (await freePorts(2)) as [number, number];
    const etcd = await startEtcd(etcdBinary, runDir, clientPort, peerPort);
    etcdServer = etcd.server;
    const [kubePort] = (await freePorts(1)) as [number];
    const start = async (): Promise<void> => {
      kube = await startKubeApiServer(kubeBinary, runDir, pki, etcd.clientUrl, kubePort, startTimeoutMs);
    };
    await start();
    const url = kube!.url;
    const kubeconfig = join(runDir, 'admin.kubeconfig');
    writeKubeconfig(kubeconfig, url, pki.ca.cert, pki.admin, 'admin');
    const stopKube = async (): Promise<void> => {
      await kube?.server.stop();
      kube = undefined;
    };
    return {
      kubeconfig,
      url,
      etcdUrl: etcd.clientUrl,
      pki,
      runDir,
      stopKubeApiServer: stopKube,
      startKubeApiServer: async () => {
        if (kube && !kube.server.hasExited()) throw new Error('kube-apiserver is running already');
        await start();
      },
      restart: async (downMs = 0) => {
        await stopKube();
        await new Promise((r) => setTimeout(r, downMs));
        await start();
      },
      compactEtcd: () => compact(etcd.clientUrl),
      stop,
    };
  } catch (err) {
    await stop().catch(() => undefined);
    throw err;
  }
}

/** etcd's JSON gateway: read the current revision, compact up to it (physically, so it is gone when this resolves). */
async function compact(etcdUrl: string): Promise<number> {
  const post = async (path: string, body: unknown): Promise<unknown> => {
    const res = await fetch(`${etcdUrl}${path}`, { method: 'POST', body: JSON.stringify(body) });
    const text = await res.text();
    if (!res.ok) throw new Error(`etcd ${path}: ${res.status} ${text}`);
    return JSON.parse(text) as unknown;
  };
  const b64 = (text: string): string => Buffer.from(text).toString('base64');
  const put = (await post('/v3/kv/put', { key: b64('/metal-garden-envtest/compaction'), value: b64(String(Date.now())) })) as { header: { revision: string } };
  const revision = Number(put.header.revision);
  await post('/v3/kv/compaction', { revision: String(revision), physical: true });
  return revision;
}
