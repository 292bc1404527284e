/**
 * `npm run build`: bundles every controllers/<name>/main.ts, builds its OCI image into
 * build/images/<name>/, packages its chart if it has one, and writes the image digests into
 * controllers/artifacts.json.
 * `npm run build -- --check`: the same build, but fails (exit 1) if artifacts.json does not record
 * exactly the digests the sources produce, and writes nothing into it.
 */
import { parseArgs } from 'node:util';
import { placeholderDigest, readArtifacts, writeArtifacts, type Artifacts } from '../artifacts.js';
import { buildAll, type ControllerResult } from './build-all.js';
import { discoverControllers } from './controllers.js';
import { gzipVersion } from './gzip.js';
import { relative } from 'node:path';
import { defaultOutDir, repoRoot } from './paths.js';
import { readRuntimeLock } from './runtime-lock.js';

const mb = (bytes: number): string => `${(bytes / 1e6).toFixed(1)} MB`;

function report(r: ControllerResult): string[] {
  const f = r.image.figures;
  const lines = [
    `${r.image.name}: image ${r.image.image.manifest.digest}`,
    `  OCI layout oci:${relative(repoRoot, r.image.layoutDir)}:${r.image.ref}`,
    `  bundle ${mb(f.bundleBytes)} in ${f.bundleSeconds.toFixed(1)} s (largest inputs: ${r.image.largestInputs.map(([p, n]) => `${p} ${mb(n)}`).join(', ')})`,
    `  image ${mb(f.compressedBytes)} compressed, ${mb(f.unpackedBytes)} unpacked (runtime layer ${mb(f.runtimeLayerBytes)}), written in ${f.imageSeconds.toFixed(1)} s`,
  ];
  if (r.chart)
    lines.push(
      `  chart ${r.chart.archive} (${(r.chart.size / 1e3).toFixed(1)} kB) in ${(r.chartSeconds ?? 0).toFixed(1)} s; digest not recorded (helm package is not reproducible)`,
    );
  return lines;
}

function differences(recorded: Artifacts, built: Artifacts): string[] {
  const problems: string[] = [];
  for (const [name, entry] of Object.entries(recorded)) {
    const now = built[name];
    if (!now) continue;
    if (entry.image.digest !== now.image.digest)
      problems.push(`${name}: artifacts.json records image ${entry.image.digest}, the sources build ${now.image.digest}`);
    if (entry.chart.digest !== now.chart.digest)
      problems.push(`${name}: artifacts.json records chart ${entry.chart.digest}, the build produces ${now.chart.digest}`);
  }
  return problems;
}

async function main(argv: string[]): Promise<number> {
  const { values } = parseArgs({ args: argv, options: { check: { type: 'boolean', default: false }, help: { type: 'boolean', default: false } } });
  if (values.help) {
    console.log('usage: npm run build [-- --check]');
    return 0;
  }
  const started = performance.now();
  const log = (line: string): void => console.log(`build: ${line}`);
  const recorded = readArtifacts();
  const controllers = discoverControllers();
  const orphans = Object.keys(recorded).filter((name) => !controllers.some((c) => c.name === name));
  for (const name of orphans) log(`${name}: in controllers/artifacts.json but controllers/${name}/main.ts does not exist; not built`);
  // An entry without a source may only carry the placeholder: a real digest there names an image nothing here builds.
  const staleOrphans = orphans.filter((name) => recorded[name]?.image.digest !== placeholderDigest);
  log(`controllers: ${controllers.map((c) => c.name).join(', ') || '(none)'}; ${await gzipVersion()}`);

  const result = await buildAll({
    controllers,
    artifacts: recorded,
    lock: readRuntimeLock(),
    outDir: defaultOutDir,
    // Lazily: the envtest machinery builds helm from its Go module on first use (minutes when cold).
    helm: async () => (await import('../../test/envtest/build.js')).toolBinary('helm'),
    log,
  });
  for (const r of result.results) for (const line of report(r)) log(line);
  const seconds = ((performance.now() - started) / 1000).toFixed(1);

  if (values.check) {
    const problems = [
      ...differences(recorded, result.artifacts),
      ...staleOrphans.map((n) => `${n}: artifacts.json records image ${recorded[n]?.image.digest}, but there is no controllers/${n}/main.ts to build it`),
    ];
    if (problems.length > 0) {
      for (const p of problems) console.error(`build --check: ${p}`);
      console.error('build --check: run `npm run build` and commit controllers/artifacts.json');
      return 1;
    }
    log(`check: artifacts.json matches the sources (${controllers.length} controller(s), ${seconds} s)`);
    return 0;
  }
  log(`${writeArtifacts(result.artifacts) ? 'wrote' : 'unchanged:'} controllers/artifacts.json; ${seconds} s in all`);
  return 0;
}

main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (err: unknown) => {
    console.error(`build: ${err instanceof Error ? err.message : String(err)}`);
    process.exit(1);
  },
);
