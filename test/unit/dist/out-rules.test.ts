import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, realpathSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { projectRoot } from '../../../generators/upstream.js';
import { checkOutDir, OutDirRefused, type OutDirContext } from '../../../charts/dist/out-rules.js';
import { JOURNAL, LOCK, MARKER, TEMP_PREFIX } from '../../../charts/dist/out-names.js';

// A small world of its own: a Git repository with the working directory in it, a home folder, and
// a "metal-garden" checkout beside them, so every rule is exercised without touching real folders.
const world = realpathSync(mkdtempSync(join(tmpdir(), 'metal-garden-out-rules-')));
afterAll(() => rmSync(world, { recursive: true, force: true }));
const repository = join(world, 'repository');
const cwd = join(repository, 'work');
const home = join(world, 'home');
const project = join(world, 'metal-garden');
for (const dir of [join(repository, '.git'), cwd, home, project]) mkdirSync(dir, { recursive: true });
const context: OutDirContext = { cwd, projectRoot: project, home };

function folder(name: string, files: Record<string, string> = {}): string {
  const dir = join(world, name);
  mkdirSync(dir, { recursive: true });
  for (const [file, content] of Object.entries(files)) writeFileSync(join(dir, file), content);
  return dir;
}

function refusal(out: string): string {
  try {
    checkOutDir(out, context);
  } catch (error) {
    expect(error).toBeInstanceOf(OutDirRefused);
    return (error as Error).message;
  }
  throw new Error(`--out ${out} was accepted`);
}

describe('--out refuses what a run would destroy', () => {
  const someFile = join(folder('files', { 'notes.txt': 'mine\n' }), 'notes.txt');
  const foreign = folder('foreign', { 'a.txt': 'a', 'b.txt': 'b' });
  const newer = folder('newer', { [MARKER]: 'format: 99\nlandscape: x\n', 'x.yaml': '' });
  symlinkSync(repository, join(world, 'link-to-repository'));
  symlinkSync(someFile, join(world, 'link-to-file'));
  symlinkSync(join(world, 'nowhere'), join(world, 'dangling-link'));

  it.each([
    ['a file', someFile, 'is a file, not a folder'],
    ['a symlink to a file', join(world, 'link-to-file'), 'is a symlink to a file, not a folder'],
    ['a symlink to nothing', join(world, 'dangling-link'), 'is a symlink to a missing target'],
    ['a folder below a file', join(someFile, 'out'), `cannot be created: ${someFile} is a file`],
    ['the working directory', '.', 'is the working directory'],
    ['the working directory, by absolute path', cwd, 'is the working directory'],
    ['the repository root', '..', 'is the root of the Git repository of the working directory'],
    ['a symlink to the repository root', join(world, 'link-to-repository'), `(${repository}): is the root of the Git repository`],
    ['the metal-garden checkout', project, 'is the metal-garden repository'],
    ['the home folder', home, 'is the home folder'],
    ['the file system root', '/', 'is the file system root'],
    ['a folder above the working directory', world, 'contains the working directory'],
    ['a folder that is not synth output', foreign, `is a folder that is not empty (a.txt, b.txt) and holds no ${MARKER}`],
    ['the output of a newer synth', newer, `was written by a newer synth (${MARKER} format 99, this synth writes format 1)`],
  ])('refuses %s, naming the path, why and what to choose', (_, out, why) => {
    const message = refusal(out);
    expect(message).toContain(`--out ${out}`);
    expect(message).toContain(why);
    expect(message).toContain(`Choose a new or empty folder, or one an earlier synth run wrote (it holds ${MARKER})`);
  });

  it('tells how to adopt a folder an older synth (without the marker) wrote', () => {
    expect(refusal(foreign)).toContain(`if a synth older than the marker wrote it, create ${join(foreign, MARKER)} and run again`);
  });

  it.each([
    ['a folder that does not exist yet', join(world, 'new', 'nested', 'out')],
    ['an empty folder', folder('empty')],
    ['an earlier output', folder('earlier', { [MARKER]: 'format: 1\nlandscape: fra\n', 'README.md': 'old\n' })],
    ['an earlier output of a synth older than the marker, once marked by hand', folder('adopted', { [MARKER]: '', 'README.md': 'old\n' })],
    ['a folder holding only what a killed first run left', folder('killed', { [LOCK]: '{}', [JOURNAL]: 'pid 1', [`${TEMP_PREFIX}1-3`]: 'x' })],
    ['a new folder inside the repository', join(cwd, 'dist')],
  ])('accepts %s', (_, out) => {
    expect(() => checkOutDir(out, context)).not.toThrow();
  });

  it('accepts a symlink to an earlier output and judges it by its target', () => {
    symlinkSync(join(world, 'earlier'), join(world, 'link-to-earlier'));
    expect(() => checkOutDir(join(world, 'link-to-earlier'), context)).not.toThrow();
    symlinkSync(foreign, join(world, 'link-to-foreign'));
    expect(refusal(join(world, 'link-to-foreign'))).toContain(`(${foreign}): is a folder that is not empty`);
  });
});

describe('npm run synth --out on a refused folder', () => {
  it('exits 2 before synthesizing, with the rule, and leaves the folder as it was', () => {
    const result = spawnSync(process.execPath, ['--import', 'tsx', join(projectRoot, 'charts', 'main.ts'), '--out', foreign()], {
      cwd: projectRoot,
      encoding: 'utf8',
    });
    expect(result.stderr).toContain(`is a folder that is not empty (a.txt, b.txt) and holds no ${MARKER}`);
    expect(result.status).toBe(2);
    expect(readdirSync(join(world, 'foreign')).sort()).toEqual(['a.txt', 'b.txt']);

    const root = spawnSync(process.execPath, ['--import', 'tsx', join(projectRoot, 'charts', 'main.ts'), '--out', '.'], { cwd: projectRoot, encoding: 'utf8' });
    expect(root.stderr).toContain('--out .: is the working directory; nothing was written.');
    expect(root.status).toBe(2);
  });
});

function foreign(): string {
  return join(world, 'foreign');
}
