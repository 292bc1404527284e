// An OCI registry on loopback for the simulated cluster: the CNCF distribution registry (built by
// cmd/registry) with filesystem storage, plain HTTP, no authentication, holding the vendored
// upstream charts (generators/upstream/charts/) as their publishers release them, packaged with
// `helm package` and pushed with `helm push`, so Flux's OCIRepository and HelmRepository (type oci)
// pull real chart artifacts.
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { releasedChartDir, vendoredCharts, type VendoredChart } from '../charts/vendored-charts.js';
import { toolBinary } from './build.js';
import { freePorts, loopback } from './ports.js';
import { startServer, type ServerProcess } from './process.js';
import { run } from './run.js';
import { httpOk, waitFor } from './wait.js';

/** The repository path every chart is pushed under: `<host>/charts/<chart name>:<version>`. */
export const chartRepositoryPath = 'charts';

export interface PushedChart {
  readonly name: string;
  /** The tag, as `helm push` sets it: the chart's version (SemVer, `+` replaced by `_`). */
  readonly version: string;
  /** oci://127.0.0.1:<port>/charts/<name> — an OCIRepository's `url` (with `insecure: true`). */
  readonly url: string;
  /** The manifest digest the registry answered. */
  readonly digest: string;
}

export interface OciRegistry {
  readonly server: ServerProcess;
  /** 127.0.0.1:<port> */
  readonly host: string;
  /** oci://127.0.0.1:<port>/charts — a HelmRepository's `url` with `type: oci` (and `insecure: true`). */
  readonly chartsUrl: string;
  readonly charts: readonly PushedChart[];
}

export interface OciRegistryOptions {
  readonly binary: string;
  readonly runDir: string;
  readonly timeoutMs: number;
  /** Which vendored charts to push. @default every vendored chart */
  readonly charts?: (chart: VendoredChart) => boolean;
}

/** The registry's configuration (distribution's config.yml): JSON is YAML. */
function registryConfig(storage: string, port: number): object {
  return {
    version: 0.1,
    log: { level: 'info', formatter: 'text' },
    storage: { filesystem: { rootdirectory: storage }, delete: { enabled: true } },
    http: { addr: `${loopback}:${port}` },
  };
}

/** helm with its config, cache and registry login state in the run directory, never the user's home. */
function helmEnv(runDir: string): NodeJS.ProcessEnv {
  const home = join(runDir, 'helm-home');
  return {
    ...process.env,
    HELM_CACHE_HOME: join(home, 'cache'),
    HELM_CONFIG_HOME: join(home, 'config'),
    HELM_DATA_HOME: join(home, 'data'),
    HELM_REGISTRY_CONFIG: join(home, 'registry.json'),
  };
}

async function helm(args: string[], env: NodeJS.ProcessEnv): Promise<string> {
  const result = await run(await toolBinary('helm'), args, { env, timeoutMs: 120_000 });
  if (result.code !== 0) throw new Error(`helm ${args.join(' ')} failed (exit ${result.code}): ${result.stderr.trim()}`);
  return result.stdout + result.stderr;
}

async function pushCharts(registry: string, runDir: string, select: (chart: VendoredChart) => boolean): Promise<PushedChart[]> {
  const env = helmEnv(runDir);
  const scratch = join(runDir, 'charts');
  const packages = join(runDir, 'chart-packages');
  mkdirSync(packages, { recursive: true });
  const pushed: PushedChart[] = [];
  for (const chart of vendoredCharts().filter(select)) {
    const dir = releasedChartDir(chart, join(scratch, chart.source));
    const packaged = await helm(['package', dir, '--destination', packages], env);
    const tgz = /saved it to: (\S+)/.exec(packaged)?.[1];
    if (!tgz) throw new Error(`helm package ${dir}: no package named in ${JSON.stringify(packaged)}`);
    const out = await helm(['push', tgz, `oci://${registry}/${chartRepositoryPath}`, '--plain-http'], env);
    const ref = /Pushed: \S+\/([^/:\s]+):(\S+)/.exec(out);
    const digest = /Digest: (sha256:[0-9a-f]+)/.exec(out)?.[1];
    if (!ref?.[1] || !ref[2] || !digest) throw new Error(`helm push ${tgz}: unexpected answer ${JSON.stringify(out)}`);
    pushed.push({ name: ref[1], version: ref[2], url: `oci://${registry}/${chartRepositoryPath}/${ref[1]}`, digest });
  }
  return pushed;
}

/** Starts the registry and pushes the charts; on a failure the registry is stopped again. */
export async function startOciRegistry(options: OciRegistryOptions): Promise<OciRegistry> {
  const storage = join(options.runDir, 'registry-storage');
  mkdirSync(storage, { recursive: true });
  const [port] = (await freePorts(1)) as [number];
  const config = join(options.runDir, 'registry.yaml');
  writeFileSync(config, `${JSON.stringify(registryConfig(storage, port), null, 2)}\n`);
  const host = `${loopback}:${port}`;
  // No OpenTelemetry exporter: distribution v3 would otherwise try to send traces to localhost:4318.
  const server = startServer('registry', options.binary, ['serve', config], join(options.runDir, 'registry.log'), {
    ...process.env,
    OTEL_TRACES_EXPORTER: 'none',
  });
  try {
    await waitFor('registry /v2/', server, httpOk(`http://${host}/v2/`), options.timeoutMs);
    const charts = await pushCharts(host, options.runDir, options.charts ?? (() => true));
    return { server, host, chartsUrl: `oci://${host}/${chartRepositoryPath}`, charts };
  } catch (err) {
    await server.stop();
    throw err;
  }
}
