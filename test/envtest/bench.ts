// `npm run bench:envtest`: cold build time of each binary (or that the cache was warm),
// warm start-up time of the control plane with its phases, teardown time, and the duration of
// the whole integration suite (its own vitest run, global setup included).
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { projectRoot } from '../../generators/upstream.js';
import { cacheRoot, ensureBinaries } from './build.js';
import { startControlPlane } from './control-plane.js';

const log = (line: string): void => {
  process.stderr.write(`envtest: ${line}\n`);
};

const out = (line: string): void => {
  process.stdout.write(`${line}\n`);
};

try {
  out(`cache: ${cacheRoot()}`);
  const builds = await ensureBinaries(log);
  for (const b of Object.values(builds)) {
    out(
      b.built
        ? `cold build ${b.name} ${b.version}: ${b.seconds.toFixed(1)}s (no cached binary; Go's module and build caches count as they were)`
        : `build ${b.name} ${b.version}: warm (cached binary reused)`,
    );
  }
  const coldTotal = Object.values(builds)
    .filter((b) => b.built)
    .reduce((sum, b) => sum + b.seconds, 0);
  if (coldTotal > 0) out(`cold build total: ${coldTotal.toFixed(1)}s`);

  const start = Date.now();
  const plane = await startControlPlane(log);
  const startup = (Date.now() - start) / 1000;
  const phases = Object.entries(plane.timings)
    .filter(([name]) => name !== 'binaries')
    .map(([name, s]) => `${name} ${s.toFixed(1)}s`)
    .join(', ');
  out(`warm start-up: ${startup.toFixed(1)}s (${phases})`);
  const teardown = await plane.stop();
  out(`teardown: ${teardown.toFixed(1)}s`);
  out(`integration suite: ${integrationSuite()}`);
} catch (err) {
  process.stderr.write(`bench:envtest failed: ${err instanceof Error ? err.message : String(err)}\n`);
  process.exit(1);
}

/** Runs `vitest run --project integration` once and tells its wall time and test counts. */
function integrationSuite(): string {
  const dir = mkdtempSync(join(tmpdir(), 'bench-envtest-'));
  const report = join(dir, 'report.json');
  const started = Date.now();
  const run = spawnSync(join(projectRoot, 'node_modules', '.bin', 'vitest'), ['run', '--project', 'integration', '--reporter=json', `--outputFile=${report}`], {
    cwd: projectRoot,
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  const seconds = (Date.now() - started) / 1000;
  try {
    const r = JSON.parse(readFileSync(report, 'utf8')) as { numPassedTests: number; numFailedTests: number; numTotalTestSuites: number };
    return `${seconds.toFixed(1)}s wall (${r.numPassedTests} passed, ${r.numFailedTests} failed; exit ${run.status})`;
  } catch {
    return `${seconds.toFixed(1)}s wall, no report (exit ${run.status})`;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
