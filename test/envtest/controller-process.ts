// A metal-garden controller as the real process it is in a cluster: the bundle `npm run build`
// puts into the image (esbuild, controllers/build/bundle.ts), run by Node with the flags its chart
// passes, authenticated as its own ServiceAccount (a TokenRequest token, so RBAC decides), with
// its JSON log in a file. Tests and benchmarks of controllers share this.
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { bundleController } from '../../controllers/build/bundle.js';
import { KubeRest } from './kube-rest.js';
import { freePorts, loopback } from './ports.js';
import { startServer, type ServerProcess } from './process.js';
import { serviceAccountToken } from './service-account-token.js';

const bundles = new Map<string, Promise<string>>();

/** Bundles `controllers/<name>/main.ts` into `<dir>/<name>.mjs` once per process; resolves with the file. */
export function bundleOnce(name: string, dir: string): Promise<string> {
  const key = `${name}\0${dir}`;
  let file = bundles.get(key);
  if (!file) {
    file = bundleController(join('controllers', name, 'main.ts')).then(({ code }) => {
      mkdirSync(dir, { recursive: true });
      const out = join(dir, `${name}.mjs`);
      writeFileSync(out, code);
      return out;
    });
    bundles.set(key, file);
  }
  return file;
}

interface AdminKubeconfig {
  clusters: { cluster: { server: string; 'certificate-authority-data': string } }[];
}

/**
 * Writes a kubeconfig for ServiceAccount `namespace/name` (which must exist) with a token from the
 * TokenRequest API, the way a pod's projected token authenticates it.
 */
export async function serviceAccountKubeconfig(
  adminKubeconfig: string,
  namespace: string,
  name: string,
  file: string,
  expirationSeconds = 3600,
): Promise<string> {
  const token = await serviceAccountToken(new KubeRest(adminKubeconfig), namespace, name, expirationSeconds);
  const cluster = (JSON.parse(readFileSync(adminKubeconfig, 'utf8')) as AdminKubeconfig).clusters[0]?.cluster;
  if (!cluster) throw new Error(`${adminKubeconfig}: no cluster`);
  const user = `system:serviceaccount:${namespace}:${name}`;
  const config = {
    apiVersion: 'v1',
    kind: 'Config',
    clusters: [{ name: 'envtest', cluster }],
    users: [{ name: user, user: { token } }],
    contexts: [{ name: 'envtest', context: { cluster: 'envtest', user } }],
    'current-context': 'envtest',
  };
  writeFileSync(file, `${JSON.stringify(config, null, 2)}\n`, { mode: 0o600 });
  return file;
}

export interface ControllerProcess extends ServerProcess {
  readonly healthPort: number;
  readonly metricsPort: number;
  /** GET on the health port (`/healthz`, `/readyz`): status and body. */
  probe(path: string): Promise<{ status: number; body: string }>;
  /** The `/metrics` text. */
  metrics(): Promise<string>;
  /** Waits until `/readyz` answers 200 (or the process exits). */
  waitReady(timeoutMs?: number): Promise<void>;
  /** The JSON log lines written so far, parsed (lines that are not JSON are skipped). */
  logEntries(): Record<string, unknown>[];
  /** SIGKILL, no shutdown: a crashed or evicted pod. */
  kill(): Promise<void>;
}

export interface StartControllerOptions {
  /** Process name, also the log file's: `<runDir>/<name>.log`. */
  readonly name: string;
  readonly bundle: string;
  /** Flags; the health and metrics addresses are added (free loopback ports). */
  readonly args: readonly string[];
  readonly runDir: string;
  /** Added to this process's environment (e.g. POD_NAME, LOG_LEVEL). */
  readonly env?: Readonly<Record<string, string>>;
  /** Node's own flags, before the bundle (e.g. `--cpu-prof` for a benchmark). @default none */
  readonly nodeArgs?: readonly string[];
}

async function get(url: string): Promise<{ status: number; body: string }> {
  const response = await fetch(url, { signal: AbortSignal.timeout(5_000) });
  return { status: response.status, body: await response.text() };
}

export async function startController(options: StartControllerOptions): Promise<ControllerProcess> {
  const [healthPort = 0, metricsPort = 0] = await freePorts(2);
  mkdirSync(options.runDir, { recursive: true });
  const logFile = join(options.runDir, `${options.name}.log`);
  const args = [
    ...(options.nodeArgs ?? []),
    options.bundle,
    ...options.args,
    `--health-probe-bind-address=${loopback}:${healthPort}`,
    `--metrics-bind-address=${loopback}:${metricsPort}`,
  ];
  const server = startServer(options.name, process.execPath, args, logFile, { ...process.env, ...options.env });
  const probe = (path: string): Promise<{ status: number; body: string }> => get(`http://${loopback}:${healthPort}${path}`);
  const waitReady = async (timeoutMs = 60_000): Promise<void> => {
    const deadline = Date.now() + timeoutMs;
    let last = 'no answer yet';
    while (Date.now() < deadline) {
      if (server.hasExited()) throw new Error(`${options.name} exited (${await server.exited}) before it was ready:\n${server.logTail()}`);
      try {
        const answer = await probe('/readyz?verbose');
        if (answer.status === 200) return;
        last = `${answer.status}: ${answer.body}`;
      } catch (err) {
        last = err instanceof Error ? err.message : String(err);
      }
      await new Promise((r) => setTimeout(r, 200));
    }
    throw new Error(`${options.name} not ready after ${timeoutMs / 1000}s (last /readyz: ${last}):\n${server.logTail()}`);
  };
  const logEntries = (): Record<string, unknown>[] =>
    readFileSync(logFile, 'utf8')
      .split('\n')
      .flatMap((line): Record<string, unknown>[] => {
        try {
          const parsed: unknown = JSON.parse(line);
          return typeof parsed === 'object' && parsed !== null ? [parsed as Record<string, unknown>] : [];
        } catch {
          return [];
        }
      });
  const kill = async (): Promise<void> => {
    try {
      process.kill(-server.pid, 'SIGKILL');
    } catch {
      // already gone
    }
    await server.exited;
  };
  return {
    ...server,
    healthPort,
    metricsPort,
    probe,
    metrics: async () => (await get(`http://${loopback}:${metricsPort}/metrics`)).body,
    waitReady,
    logEntries,
    kill,
  };
}
