/**
 * npm run bench:os-metal — os-metal against a control plane of its own (etcd + kube-apiserver):
 * N provision OSCs created at client concurrency C; prints throughput, time to Succeeded
 * (p50/p90/p99/max), the controller's peak memory, errors, and — same run, same server — the
 * server-side-apply floor a controller cannot beat. Not a test: the exit code is non-zero only
 * when the benchmark itself could not run. See README.md here.
 *
 *   npm run bench:os-metal [-- --count 1000 --concurrency 20 --namespaces 10 --timeout 600
 *                              --concurrent-syncs N --log-level info --cpu-prof]
 */
import { cpus, loadavg, tmpdir } from 'node:os';
import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { KubeConfig } from '@kubernetes/client-node';
import { KubeClient, type KubeObject } from '../../runtime/index.js';
import { DEFAULT_RESOURCES } from '../chart/deployment.js';
import { parseControllerConfiguration } from '../config.js';
import { desiredOutput, type OperatingSystemConfig } from '../desired/index.js';
import { installOsMetal, startOsMetal, type OsMetalInstallation } from '../test/harness.js';
import { installOscCrds } from '../../../test/envtest/crds.js';
import { guardRunDir, releaseRunDir } from '../../../test/envtest/cleanup.js';
import type { ControllerProcess } from '../../../test/envtest/controller-process.js';
import { killAllSync } from '../../../test/envtest/process.js';
import { startStandaloneKubeApiServer, type StandaloneKubeApiServer } from '../../../test/envtest/standalone.js';
import { logPhases, metricsReport, newestProfile, profileReport } from './controller-report.js';
import { runController, type ControllerRun } from './controller-run.js';
import { measureFloor, type Floor } from './floor.js';
import { childNamed, cpuSecondsOf, machineCpu, memoryOf, mib, RssSampler } from './proc.js';
import { fixed, ms, percentile, type Batch } from './stats.js';
import { cluster, oscName, provisionOsc, shootNamespace } from './workload.js';

const OPERATOR_NAMESPACE = 'extension-os-metal-bench';

const log = (line: string): void => {
  process.stderr.write(`bench:os-metal: ${line}\n`);
};
const out = (line = ''): void => {
  process.stdout.write(`${line}\n`);
};

interface BenchOptions {
  count: number;
  concurrency: number;
  namespaces: number;
  timeoutSeconds: number;
  concurrentSyncs: number | undefined;
  logLevel: string;
  cpuProf: boolean;
}

function positive(flag: string, text: string | undefined, fallback: number): number {
  if (text === undefined) return fallback;
  const value = Number(text);
  if (!Number.isInteger(value) || value < 1) throw new Error(`--${flag}: got ${JSON.stringify(text)}: expected a whole number ≥ 1`);
  return value;
}

/** `600`, `600s` or `10m`. */
function duration(flag: string, text: string | undefined, fallback: number): number {
  if (text === undefined) return fallback;
  const match = /^(\d+)(s|m)?$/.exec(text);
  if (!match) throw new Error(`--${flag}: got ${JSON.stringify(text)}: expected seconds like 600, 600s or 10m`);
  return Number(match[1]) * (match[2] === 'm' ? 60 : 1);
}

function options(argv: string[]): BenchOptions {
  const { values } = parseArgs({
    args: argv,
    options: {
      count: { type: 'string' },
      concurrency: { type: 'string' },
      namespaces: { type: 'string' },
      timeout: { type: 'string' },
      'concurrent-syncs': { type: 'string' },
      'log-level': { type: 'string' },
      'cpu-prof': { type: 'boolean' },
    },
    strict: true,
  });
  const syncs = values['concurrent-syncs'];
  return {
    count: positive('count', values.count, 1000),
    concurrency: positive('concurrency', values.concurrency, 20),
    namespaces: positive('namespaces', values.namespaces, 10),
    timeoutSeconds: duration('timeout', values.timeout, 600),
    concurrentSyncs: syncs === undefined ? undefined : positive('concurrent-syncs', syncs, 5),
    logLevel: values['log-level'] ?? 'info',
    cpuProf: values['cpu-prof'] ?? false,
  };
}

const clientFor = (kubeconfig: string): KubeClient => {
  const config = new KubeConfig();
  config.loadFromFile(kubeconfig);
  return new KubeClient(config, { userAgent: 'os-metal-bench' });
};

/** The userdata os-metal writes for the benchmark's OSC, so the floor's Secrets carry the same bytes. */
function userdataOf(osc: KubeObject): string {
  const result = desiredOutput(osc as unknown as OperatingSystemConfig, { format: 'ignition' });
  if (!result.ok || result.output.userdata === undefined) throw new Error(`the benchmark's OSC renders no userdata: ${JSON.stringify(result)}`);
  return result.output.userdata;
}

const rate = (b: Batch, unit = 'ops'): string =>
  `${b.ops} ${unit} in ${fixed(b.seconds)} s = ${fixed(b.opsPerSecond)} ${unit}/s${b.errors ? ` (${b.errors} failed: ${b.firstError})` : ''}`;

interface CpuAccount {
  readonly controller: number;
  readonly apiserver: number;
  readonly etcd: number;
  readonly bench: number;
  readonly machineBusy: number;
  readonly machineTotal: number;
}

function cpuSnapshot(pids: { controller: number; apiserver?: number; etcd?: number }): CpuAccount {
  const usage = process.cpuUsage();
  const machine = machineCpu();
  return {
    controller: cpuSecondsOf(pids.controller),
    apiserver: pids.apiserver ? cpuSecondsOf(pids.apiserver) : NaN,
    etcd: pids.etcd ? cpuSecondsOf(pids.etcd) : NaN,
    bench: (usage.user + usage.system) / 1e6,
    machineBusy: machine.busy,
    machineTotal: machine.total,
  };
}

function printFloor(floor: Floor, userdataBytes: number, concurrency: number, workers: number): void {
  out(`SSA floor (same kube-apiserver, as os-metal's ServiceAccount, controllers/runtime's HTTP client, before the controller starts):`);
  const row = (label: string, value: string): void => out(`  ${label.padEnd(58)} ${value}`);
  row(`OSC create (admin), ${concurrency} at a time`, rate(floor.create));
  row(`SSA of a userdata Secret (${userdataBytes} B), ${concurrency} at a time`, rate(floor.ssa));
  row(`OSC status merge patch, ${concurrency} at a time`, rate(floor.statusPatch));
  row(`ideal reconcile (5 writes, no compute), ${concurrency} at a time`, `${rate(floor.chain, 'OSC')} (${fixed(floor.chain.opsPerSecond * 5)} writes/s)`);
  row(
    `the same, ${workers} at a time (the controller's workers)`,
    `${rate(floor.chainAtWorkers, 'OSC')} (${fixed(floor.chainAtWorkers.opsPerSecond * 5)} writes/s)`,
  );
}

function printRun(run: ControllerRun, count: number): void {
  const throughput = run.succeeded / run.wallSeconds;
  out(`os-metal (the esbuild bundle as its ServiceAccount, the chart's args and config):`);
  out(`  created ${rate(run.create, 'OSC')}`);
  out(
    `  Succeeded ${run.succeeded}/${count}; wall time from the first create to the last Succeeded ${fixed(run.wallSeconds)} s; throughput ${fixed(throughput)} OSC/s`,
  );
  const l = run.latencies;
  out(
    `  time to Succeeded (create returned → watch event): p50 ${ms(percentile(l, 50))}, p90 ${ms(percentile(l, 90))}, p99 ${ms(percentile(l, 99))}, max ${ms(percentile(l, 100))}`,
  );
  const spread = (list: readonly number[]): string =>
    `p50 ${ms(percentile(list, 50))}, p90 ${ms(percentile(list, 90))}, p99 ${ms(percentile(list, 99))}, max ${ms(percentile(list, 100))}`;
  out(`    of which create → annotation removed (queue wait + the first write): ${spread(run.untilPickedUp)}`);
  out(`    and annotation removed → Succeeded (the rest of the reconcile):      ${spread(run.pickedUpToSucceeded)}`);
  out(`  errors: ${run.erroredOscs} OSCs were in state Error${run.errorMessages.length ? `; first messages:\n    ${run.errorMessages.join('\n    ')}` : ''}`);
  out(`  watch: ${run.events} events on ${run.watches} watch connection(s)`);
  if (run.cutShort) out(`  CUT SHORT: ${run.cutShort} — figures are for what was seen until then`);
}

async function main(): Promise<number> {
  const opts = options(process.argv.slice(2));
  const abort = new AbortController();
  const timeout = setTimeout(() => abort.abort(new Error(`--timeout ${opts.timeoutSeconds}s reached`)), opts.timeoutSeconds * 1000);
  // Bounded even if a stop hangs: a minute after the timeout everything is killed.
  const watchdog = setTimeout(
    () => {
      log('cleanup did not finish a minute after the timeout: killing everything');
      killAllSync();
      process.exit(1);
    },
    (opts.timeoutSeconds + 60) * 1000,
  );
  watchdog.unref();
  let interrupted = 0;
  const onSignal = (signal: NodeJS.Signals): void => {
    // test/envtest/cleanup.ts's handler has killed the servers by now; stop measuring and clean up.
    if (++interrupted > 1) process.exit(130);
    abort.abort(new Error(`interrupted (${signal})`));
  };
  process.on('SIGINT', onSignal);
  process.on('SIGTERM', onSignal);

  const runDir = mkdtempSync(join(tmpdir(), 'os-metal-bench-'));
  guardRunDir(runDir);
  let plane: StandaloneKubeApiServer | undefined;
  let controller: ControllerProcess | undefined;
  const clients: KubeClient[] = [];
  try {
    const [load1] = loadavg();
    out(
      `os-metal bench: ${opts.count} OSCs (purpose provision) over ${opts.namespaces} shoot namespaces, client concurrency ${opts.concurrency}, controller LOG_LEVEL=${opts.logLevel}`,
    );
    out(`machine: ${cpus().length} cores, load average ${fixed(load1 ?? NaN, 2)} at the start (the machine may be shared with other work)`);

    log('starting etcd and kube-apiserver');
    plane = await startStandaloneKubeApiServer(log);
    const admin = clientFor(plane.kubeconfig);
    clients.push(admin);
    await installOscCrds(plane.kubeconfig);
    const installation: OsMetalInstallation = await installOsMetal(plane.kubeconfig, {
      namespace: OPERATOR_NAMESPACE,
      runDir,
      ...(opts.concurrentSyncs ? { values: { config: { concurrentSyncs: opts.concurrentSyncs } } } : {}),
    });
    const workers = parseControllerConfiguration(readFileSync(installation.configFile, 'utf8')).config?.concurrentSyncs ?? NaN;
    const namespaces = Array.from({ length: opts.namespaces }, (_, i) => shootNamespace(i));
    for (const namespace of namespaces) {
      await admin.request('POST', '/api/v1/namespaces', { body: { apiVersion: 'v1', kind: 'Namespace', metadata: { name: namespace } } });
      await admin.request('POST', '/apis/extensions.gardener.cloud/v1alpha1/clusters', { body: cluster(namespace) });
    }
    const userdata = userdataOf(provisionOsc(namespaces[0]!, oscName(0)));
    const sa = clientFor(installation.kubeconfig);
    clients.push(sa);

    const floor = await measureFloor({
      admin,
      client: sa,
      namespaces,
      count: opts.count,
      concurrency: opts.concurrency,
      controllerConcurrency: workers,
      userdata,
      signal: abort.signal,
      log,
    });
    out();
    printFloor(floor, userdata.length, opts.concurrency, workers);
    if (abort.signal.aborted) {
      out(`CUT SHORT before the controller ran: ${String(abort.signal.reason)}`);
      return 1;
    }

    const profileDir = join(runDir, 'cpu-prof');
    log(`starting os-metal (${workers} workers)`);
    controller = await startOsMetal(installation, 'os-metal-bench-0', [], {
      env: { LOG_LEVEL: opts.logLevel },
      ...(opts.cpuProf ? { nodeArgs: ['--cpu-prof', `--cpu-prof-dir=${profileDir}`] } : {}),
    });
    await controller.waitReady();
    const readyMemory = memoryOf(controller.pid);
    const pids = { controller: controller.pid, apiserver: childNamed('kube-apiserver'), etcd: childNamed('etcd') };
    const sampler = new RssSampler(controller.pid);
    sampler.start();
    const cpuBefore = cpuSnapshot(pids);
    let run: ControllerRun;
    try {
      run = await runController({ admin, namespaces, count: opts.count, concurrency: opts.concurrency, signal: abort.signal, log });
    } finally {
      sampler.stop();
    }
    const cpuAfter = cpuSnapshot(pids);
    const finalMemory = memoryOf(controller.pid);
    const metrics = await controller.metrics().catch((err: unknown) => `could not read /metrics: ${String(err)}`);

    out();
    printRun(run, opts.count);
    const limit = DEFAULT_RESOURCES.limits?.memory ?? 'none';
    out(
      `  controller memory (Node running the bundle, pid ${controller.pid}): peak RSS ${mib(sampler.peakRss)} (VmRSS sampled every 100 ms, ${sampler.samples} samples), VmHWM ${mib(finalMemory?.hwm ?? NaN)}; RSS when ready ${mib(readyMemory?.rss ?? NaN)}; the chart's memory limit ${limit}`,
    );
    const d = (k: keyof CpuAccount): number => cpuAfter[k] - cpuBefore[k];
    const wall = (performance.now() - run.startedAt) / 1000;
    const share = (seconds: number): string => `${fixed(seconds)} s (${fixed((100 * seconds) / wall, 0)}% of a core)`;
    out(
      `  CPU during the run (${fixed(wall)} s): controller ${share(d('controller'))}, kube-apiserver ${share(d('apiserver'))}, etcd ${share(d('etcd'))}, this benchmark ${share(d('bench'))}; machine busy ${fixed((100 * d('machineBusy')) / d('machineTotal'), 0)}% of ${cpus().length} cores`,
    );
    const throughput = run.succeeded / run.wallSeconds;
    out(
      `  vs the floor: ${fixed(throughput)} OSC/s is ${fixed(throughput / floor.chain.opsPerSecond, 2)} × the ideal reconcile at ${opts.concurrency} at a time (${fixed(floor.chain.opsPerSecond)} OSC/s), ${fixed(throughput / floor.chainAtWorkers.opsPerSecond, 2)} × at the controller's ${workers} workers (${fixed(floor.chainAtWorkers.opsPerSecond)} OSC/s); SSA alone ${fixed(floor.ssa.opsPerSecond)} ops/s = ${fixed(floor.ssa.opsPerSecond / throughput, 1)} × the OSC throughput`,
    );
    out();
    out('controller metrics:');
    for (const line of metricsReport(metrics)) out(`  ${line}`);
    out('reconcile steps (time between the log lines of one reconcile):');
    try {
      for (const line of logPhases(controller.logEntries())) out(`  ${line}`);
    } catch (err) {
      // Interrupted: test/envtest/cleanup.ts has removed the run directory with the log.
      out(`  (no log: ${err instanceof Error ? err.message : String(err)})`);
    }

    await controller.stop(20_000);
    if (opts.cpuProf) {
      const profile = newestProfile(profileDir);
      if (profile) {
        const keep = resolve('tmp', 'os-metal-bench');
        mkdirSync(keep, { recursive: true });
        const kept = join(keep, `os-metal-${Date.now()}.cpuprofile`);
        copyFileSync(profile, kept);
        for (const line of profileReport(kept)) out(line);
      } else out(`no CPU profile in ${profileDir} (did the controller exit cleanly?)`);
    }
    return run.cutShort ? 1 : 0;
  } catch (err) {
    if (!abort.signal.aborted) throw err;
    // Interrupted: the servers are gone (cleanup.ts killed them), so requests fail; say why, not how.
    out(`CUT SHORT: ${String(abort.signal.reason)} (then: ${err instanceof Error ? err.message : String(err)})`);
    return 1;
  } finally {
    clearTimeout(timeout);
    log('cleaning up');
    for (const client of clients) client.close();
    await controller?.stop(10_000).catch(() => undefined);
    await plane?.stop().catch((err: unknown) => log(`stopping the control plane: ${String(err)}`));
    releaseRunDir(runDir);
    rmSync(runDir, { recursive: true, force: true });
    clearTimeout(watchdog);
    process.off('SIGINT', onSignal);
    process.off('SIGTERM', onSignal);
  }
}

main().then(
  (code) => {
    process.exitCode = code;
  },
  (err: unknown) => {
    process.stderr.write(`bench:os-metal failed: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
    process.exitCode = 1;
  },
);
