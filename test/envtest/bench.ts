// `npm run bench:envtest`: cold build time of each binary (or that the cache was warm),
// warm start-up time of the control plane with its phases, and teardown time.
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
  const coldTotal = Object.values(builds).filter((b) => b.built).reduce((sum, b) => sum + b.seconds, 0);
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
} catch (err) {
  process.stderr.write(`bench:envtest failed: ${err instanceof Error ? err.message : String(err)}\n`);
  process.exit(1);
}
