import { homedir } from 'node:os';
import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { projectRoot } from '../generators/upstream.js';
import { loadLandscapeFile } from './landscape/resolve.js';
import { LandscapeError } from './landscape/problems.js';
import { SecretValueError } from './dist/secret-value-guard.js';
import { synthesize } from './synth.js';
import { distFiles } from './dist/files.js';
import { diffDist, readPreviousDist, writeDist } from './dist/write.js';
import { changeWarnings } from './dist/change-warnings.js';
import { summarize, warningsOf } from './dist/summary.js';
import { checkOutDir, OutDirRefused } from './dist/out-rules.js';
import { LockTimeout } from './dist/lock.js';
import { readExistingSopsFiles, assertSopsFilesUnchanged } from './delivery/secrets/sops-existing.js';
import { SopsFilesRefused } from './delivery/secrets/sops-plan.js';

const USAGE = `usage: npm run synth -- [landscape.yaml] [--out dist] [--check] [--lock-timeout 60]
  landscape.yaml      default: landscapes/default.yaml
  --out DIR           output folder (default: dist): new, empty, or written by synth before
  --check             do not write; exit 1 if DIR differs from what synth produces
  --lock-timeout SEC  how long to wait for another synth run writing DIR (default: 60)`;

function main(): number {
  const { values, positionals } = parseArgs({
    allowPositionals: true,
    options: {
      out: { type: 'string', default: 'dist' },
      check: { type: 'boolean', default: false },
      'lock-timeout': { type: 'string', default: '60' },
      help: { type: 'boolean', short: 'h' },
    },
  });
  if (values.help) {
    console.log(USAGE);
    return 0;
  }
  if (positionals.length > 1) {
    console.error(`expected at most one landscape file, got ${positionals.length}\n${USAGE}`);
    return 2;
  }
  const landscapeFile = resolve(positionals[0] ?? resolve(projectRoot, 'landscapes/default.yaml'));
  const outDir = resolve(values.out ?? 'dist');
  const lockTimeout = Number(values['lock-timeout']);
  if (!Number.isFinite(lockTimeout) || lockTimeout < 0) {
    console.error(`--lock-timeout: got ${values['lock-timeout']}, expected a number of seconds (0 or more)\n${USAGE}`);
    return 2;
  }
  // Before the synthesis, so a wrong --out fails at once; writeDist checks again before it writes.
  if (!values.check) checkOutDir(values.out ?? 'dist', { cwd: process.cwd(), projectRoot, home: homedir() });
  const started = performance.now();
  const synthesis = synthesize(loadLandscapeFile(landscapeFile));
  // Encrypted SOPS stubs already in the folder are kept byte for byte (mode sops; see sops-plan.ts).
  const existingSops = readExistingSopsFiles(outDir);
  const files = distFiles(synthesis, existingSops);
  if (values.check) {
    const differences = diffDist(outDir, files);
    if (differences.length > 0) {
      console.error(
        `${outDir} differs from synth output of ${landscapeFile} (${differences.length} files):\n  ${differences.slice(0, 50).join('\n  ')}\nrun: npm run synth`,
      );
      return 1;
    }
    console.log(`${outDir} is up to date (${files.size} files)`);
    return 0;
  }
  // Read before the write replaces it: the warnings compare what the cluster has now with what comes.
  const previous = readPreviousDist(outDir);
  writeDist(outDir, files, { lockTimeoutMs: lockTimeout * 1000, verify: (dir) => assertSopsFilesUnchanged(dir, existingSops) });
  console.log(summarize(synthesis, [...warningsOf(synthesis), ...changeWarnings(previous, files)]));
  console.log(`wrote ${files.size} files to ${outDir} in ${Math.round(performance.now() - started)} ms`);
  return 0;
}

try {
  process.exitCode = main();
} catch (error) {
  if (error instanceof LandscapeError || error instanceof SecretValueError || error instanceof SopsFilesRefused) {
    console.error(`${error.message}\nnothing was written`);
    process.exitCode = 1;
  } else if (error instanceof OutDirRefused) {
    console.error(error.message);
    process.exitCode = 2;
  } else if (error instanceof LockTimeout) {
    console.error(`${error.message}\nnothing was written`);
    process.exitCode = 1;
  } else {
    console.error(`synth failed: ${(error as Error).stack ?? String(error)}\nnothing was written`);
    process.exitCode = 1;
  }
}
