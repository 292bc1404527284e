// `npm run envtest:build`: build (or confirm cached) the control-plane binaries and the test
// tools (helm, kustomize, flux-cel-health, admission-metal), e.g. to warm a CI cache before the tests. Exits non-zero with the compiler's reason on failure.
import { ensureBinaries } from './build.js';

try {
  const results = await ensureBinaries();
  for (const r of Object.values(results)) {
    const how = r.built ? `built in ${r.seconds.toFixed(1)}s` : 'cached';
    process.stdout.write(`${r.name} ${r.version}: ${how} (${r.path})\n`);
  }
} catch (err) {
  process.stderr.write(`envtest build failed: ${err instanceof Error ? err.message : String(err)}\n`);
  process.exit(1);
}
