import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, unlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { stringify } from 'yaml';
import { projectRoot } from '../../../generators/upstream.js';
import { synthesize } from '../../../charts/synth.js';
import { distFiles } from '../../../charts/dist/files.js';
import { defaultLandscapeInput, resolveInput } from './landscape-fixture.js';
import { readTree as readTreeOf } from './synth-processes.js';

const scratch = mkdtempSync(join(tmpdir(), 'metal-garden-dist-'));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

/** `npm run synth -- ...args` without npm: the same entry point, through the project's tsx. */
function synthCli(...args: string[]): { status: number | null; stdout: string; stderr: string } {
  const result = spawnSync(process.execPath, ['--import', 'tsx', join(projectRoot, 'charts', 'main.ts'), ...args], { cwd: projectRoot, encoding: 'utf8' });
  return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}

/** The whole tree, leftovers of a run included: a finished run leaves none. */
function readTree(root: string): Map<string, string> {
  return readTreeOf(root, { leftovers: true });
}

describe('dist/ determinism', () => {
  it('synthesizes byte-identical files twice in memory', () => {
    const first = distFiles(synthesize(resolveInput(defaultLandscapeInput())));
    const second = distFiles(synthesize(resolveInput(defaultLandscapeInput())));
    expect([...second.keys()]).toEqual([...first.keys()]);
    for (const [path, content] of first) expect(second.get(path), path).toBe(content);
    expect(first.has('README.md')).toBe(true);
    expect(first.has('flux/kustomization.yaml')).toBe(true);
  });

  it('writes byte-identical trees from two CLI runs, equal to the in-memory files', () => {
    const a = join(scratch, 'a');
    const b = join(scratch, 'b');
    expect(synthCli('--out', a).status).toBe(0);
    expect(synthCli('--out', b).status).toBe(0);
    const treeA = readTree(a);
    const treeB = readTree(b);
    expect(treeB).toEqual(treeA);
    expect(treeA).toEqual(new Map(distFiles(synthesize(resolveInput(defaultLandscapeInput())))));
  });

  it('removes the files of objects that left the landscape', () => {
    const out = join(scratch, 'removal');
    const removedSeed = 'fra-equ01-b';
    const full = defaultLandscapeInput();
    const reduced = defaultLandscapeInput();
    reduced.spec.seeds.shooted = (reduced.spec.seeds.shooted ?? []).filter((s) => s.name !== removedSeed);
    expect(reduced.spec.seeds.shooted).toHaveLength((full.spec.seeds.shooted ?? []).length - 1);
    const reducedFile = join(scratch, 'reduced.yaml');
    writeFileSync(reducedFile, stringify({ ...reduced, spec: { ...reduced.spec, versions: { ...reduced.spec.versions } } }));

    expect(synthCli('--out', out).status).toBe(0);
    const before = readTree(out);
    const { status, stderr } = synthCli(reducedFile, '--out', out);
    expect(status, stderr).toBe(0);
    const after = readTree(out);

    const expected = distFiles(synthesize(resolveInput(reduced)));
    expect([...after.keys()]).toEqual([...expected.keys()]);
    const gone = [...before.keys()].filter((path) => !expected.has(path));
    expect(gone.length, 'removing a shooted seed must remove at least one file').toBeGreaterThan(0);
    for (const path of gone) expect(existsSync(join(out, path)), `${path} is stale`).toBe(false);
    // Nothing left on disk mentions the removed seed's objects by file name.
    expect([...after.keys()].filter((path) => path.includes(removedSeed))).toEqual([]);
  });

  it('--check passes on an up-to-date tree and names changed, missing and stale files otherwise', () => {
    const out = join(scratch, 'check');
    expect(synthCli('--out', out).status).toBe(0);
    const upToDate = synthCli('--out', out, '--check');
    expect(upToDate.status).toBe(0);
    expect(upToDate.stdout).toContain('is up to date');

    writeFileSync(join(out, 'README.md'), 'edited by hand\n');
    unlinkSync(join(out, 'flux', 'kustomization.yaml'));
    writeFileSync(join(out, 'flux', 'leftover.yaml'), 'kind: ConfigMap\n');
    const before = readTree(out);
    const check = synthCli('--out', out, '--check');
    expect(check.status).toBe(1);
    expect(check.stderr).toContain('changed README.md');
    expect(check.stderr).toContain('missing flux/kustomization.yaml');
    expect(check.stderr).toContain('stale flux/leftover.yaml');
    expect(readTree(out), '--check must not write').toEqual(before);
  });
});
