import { execFile } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, describe, expect, it } from 'vitest';
import { stringify } from 'yaml';
import { applyCase, defaultDocument } from './apply-case.js';
import { corpus } from './corpus.js';
import { MARKER, markerContent } from '../../../charts/dist/out-names.js';

const run = promisify(execFile);
const root = resolve(import.meta.dirname, '../../..');
const tsx = resolve(root, 'node_modules/.bin/tsx');

describe('npm run synth on a broken landscape', () => {
  const work = mkdtempSync(join(tmpdir(), 'metal-garden-synth-'));
  afterAll(() => rmSync(work, { recursive: true, force: true }));

  it('exits non-zero, prints every problem and leaves the output folder untouched', async () => {
    const picked = ['shooted seed pods overlap runtime pods', 'worker machine type that is no size', 'duplicate project'].map((name) =>
      corpus.find((c) => c.name === name)!,
    );
    const doc = defaultDocument();
    for (const broken of picked) applyCase(doc, broken);
    // The release is named by version (vendored), so the file may live outside the project.
    const file = join(work, 'broken.yaml');
    writeFileSync(file, stringify(doc));
    const out = join(work, 'dist');
    mkdirSync(out);
    writeFileSync(join(out, 'sentinel.txt'), 'from an earlier synth\n');
    // An earlier synth output (synth refuses a folder without the marker before it reads the landscape).
    writeFileSync(join(out, MARKER), markerContent('fra'));

    const result = await run(tsx, ['charts/main.ts', file, '--out', out], { cwd: root }).then(
      () => ({ code: 0, stderr: '' }),
      (error: { code: number; stderr: string }) => ({ code: error.code, stderr: error.stderr }),
    );

    expect(result.code).not.toBe(0);
    expect(result.stderr).toContain(`${file}: 3 problems`);
    for (const problem of picked.flatMap((c) => c.problems)) expect(result.stderr).toContain(`  ${problem.path}: ${problem.message}`);
    expect(result.stderr).toContain('nothing was written');
    expect(readdirSync(out).sort()).toEqual([MARKER, 'sentinel.txt']);
    expect(readFileSync(join(out, 'sentinel.txt'), 'utf8')).toBe('from an earlier synth\n');
  });
});
