/**
 * Regenerates the upstream golden outputs in `upstream/`: builds test/envtest/cmd/os-metal-golden
 * (upstream os-metal-extension's own actuator) against a git checkout of os-metal-extension at
 * `--tag`, runs it on `corpus.ts` and writes one JSON file per case plus `provenance.json`.
 *
 *   npx tsx controllers/os-metal/test/golden/generate.ts --git-dir ~/src/os-metal-extension/.git --tag v0.8.8
 *
 * The module proxy serves no version of github.com/metal-stack/os-metal-extension, hence the
 * checkout: its files are extracted with `git archive` into the harness's git-ignored `upstream/`
 * folder, which the harness's go.mod `replace`s the module with. Everything else comes through the
 * module proxy and is pinned by the harness's go.sum.
 */
import { createHash } from 'node:crypto';
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { format } from 'prettier';
import { goBinary, goEnv } from '../../../../test/envtest/build.js';
import { run } from '../../../../test/envtest/run.js';
import { goldenCases } from './corpus.js';

const here = dirname(fileURLToPath(import.meta.url));
const repoRoot = resolve(here, '..', '..', '..', '..');
const harnessDir = join(repoRoot, 'test', 'envtest', 'cmd', 'os-metal-golden');
const goldenDir = join(here, 'upstream');

async function main(): Promise<void> {
  const { values } = parseArgs({ options: { 'git-dir': { type: 'string' }, tag: { type: 'string' } }, strict: true });
  const gitDir = values['git-dir'];
  const tag = values.tag;
  if (!gitDir || !tag) throw new Error('usage: generate.ts --git-dir PATH --tag vX.Y.Z');
  const commit = execFileSync('git', ['--git-dir', gitDir, 'rev-parse', `${tag}^{commit}`], { encoding: 'utf8' }).trim();

  const source = join(harnessDir, 'upstream');
  rmSync(source, { recursive: true, force: true });
  mkdirSync(source);
  const archive = execFileSync('git', ['--git-dir', gitDir, 'archive', '--format=tar', commit, 'go.mod', 'go.sum', 'pkg'], { maxBuffer: 1 << 30 });
  execFileSync('tar', ['-x', '-C', source], { input: archive });

  const work = mkdtempSync(join(tmpdir(), 'os-metal-golden-'));
  try {
    const binary = join(work, 'os-metal-golden');
    const started = Date.now();
    const build = await run(goBinary(), ['build', '-o', binary, '.'], { cwd: harnessDir, env: goEnv(), timeoutMs: 3_600_000 });
    if (build.code !== 0) throw new Error(`go build failed:\n${build.stderr.slice(-4000)}`);
    process.stderr.write(`os-metal-golden: built in ${Math.round((Date.now() - started) / 1000)} s\n`);

    const input = JSON.stringify(goldenCases.map((c) => ({ name: c.name, osc: c.osc })));
    const result = await run(binary, [], { input, timeoutMs: 120_000 });
    if (result.code !== 0) throw new Error(`os-metal-golden failed:\n${result.stderr}`);
    const outputs = JSON.parse(result.stdout) as { name: string }[];

    rmSync(goldenDir, { recursive: true, force: true });
    mkdirSync(goldenDir);
    for (const output of outputs) {
      writeFileSync(join(goldenDir, `${output.name}.json`), await format(JSON.stringify(output), { parser: 'json', printWidth: 160 }));
    }
    const goVersion = (await run(goBinary(), ['version'], { env: goEnv() })).stdout.trim();
    const provenance = {
      generatedBy: 'controllers/os-metal/test/golden/generate.ts',
      harness: 'test/envtest/cmd/os-metal-golden',
      module: 'github.com/metal-stack/os-metal-extension',
      tag,
      commit,
      harnessGoSumSha256: createHash('sha256')
        .update(readFileSync(join(harnessDir, 'go.sum')))
        .digest('hex'),
      go: goVersion,
      cases: readdirSync(goldenDir).length,
    };
    writeFileSync(join(here, 'provenance.json'), await format(JSON.stringify(provenance), { parser: 'json', printWidth: 160 }));
    process.stderr.write(`os-metal-golden: ${outputs.length} golden files from ${tag} (${commit})\n`);
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}

main().catch((error: unknown) => {
  process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n`);
  process.exitCode = 1;
});
