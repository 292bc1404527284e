// `npm run bench:flux`: the simulated cluster's cost. Cold build time of each of its binaries (or
// that the cached one was reused), then its start-up next to a fresh control plane with the phases
// (the binaries cached by then), and its teardown. Then Flux's bootstrap of dist/ and the destructive
// changes after it (skipped with `--skip-bootstrap`): test/integration/flux-bootstrap.test.ts is run
// and its Ready transitions, the time to all Ready and each scenario's time are printed.
import { spawnSync } from 'node:child_process';
import { projectRoot } from '../../generators/upstream.js';
import { binarySpecsOf } from './binaries.js';
import { cacheRoot, ensureBinary } from './build.js';
import { startControlPlane } from './control-plane.js';
import { ensureClusterBinaries, startSimulatedCluster } from './simulated-cluster.js';

const log = (line: string): void => {
  process.stderr.write(`envtest: ${line}\n`);
};
const out = (line: string): void => {
  process.stdout.write(`${line}\n`);
};

try {
  out(`cache: ${cacheRoot()}`);
  let coldTotal = 0;
  for (const spec of binarySpecsOf('cluster')) {
    const b = await ensureBinary(spec, log);
    if (b.built) coldTotal += b.seconds;
    out(
      b.built
        ? `cold build ${b.name} ${b.version}: ${b.seconds.toFixed(1)}s (Go's module and build caches as they were)`
        : `build ${b.name} ${b.version}: warm (cached binary reused)`,
    );
  }
  if (coldTotal > 0) out(`cold build total: ${coldTotal.toFixed(1)}s`);
  // helm (for the chart pushes) is one of the envtest tools; built by `npm run envtest:build`.
  await ensureClusterBinaries(log);

  const plane = await startControlPlane(log);
  try {
    for (const round of ['first', 'second']) {
      const start = Date.now();
      const cluster = await startSimulatedCluster(plane, {}, log);
      const startup = (Date.now() - start) / 1000;
      const phases = Object.entries(cluster.timings)
        .map(([name, s]) => `${name} ${s.toFixed(1)}s`)
        .join(', ');
      out(`simulated cluster start-up (${round}): ${startup.toFixed(1)}s (${phases}; ${cluster.registry.charts.length} charts pushed)`);
      out(`simulated cluster teardown (${round}): ${(await cluster.stop()).toFixed(1)}s`);
    }
  } finally {
    await plane.stop();
  }
  if (!process.argv.includes('--skip-bootstrap')) {
    const start = Date.now();
    const test = spawnSync('npx', ['vitest', 'run', 'test/integration/flux-bootstrap.test.ts'], { cwd: projectRoot, encoding: 'utf8', env: process.env });
    const lines = `${test.stdout}\n${test.stderr}`
      .split('\n')
      .filter((line) => line.startsWith('envtest: flux bootstrap: ') || line.startsWith('envtest: flux safety: '));
    for (const line of lines) out(line.replace(/^envtest: /, ''));
    out(`flux bootstrap test file: ${((Date.now() - start) / 1000).toFixed(1)}s, exit ${test.status}`);
    if (test.status !== 0) throw new Error(`flux-bootstrap.test.ts failed:\n${test.stdout.slice(-4000)}`);
  }
} catch (err) {
  process.stderr.write(`bench:flux failed: ${err instanceof Error ? err.message : String(err)}\n`);
  process.exit(1);
}
