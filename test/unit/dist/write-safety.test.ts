import { spawn, spawnSync } from 'node:child_process';
import { existsSync, lstatSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { diffDist, writeDist } from '../../../charts/dist/write.js';
import { LockTimeout } from '../../../charts/dist/lock.js';
import { OutDirRefused } from '../../../charts/dist/out-rules.js';
import { JOURNAL, LOCK, MARKER, markerContent, TEMP_PREFIX } from '../../../charts/dist/out-names.js';
import { lockContent, readTree } from './synth-processes.js';

const scratch = mkdtempSync(join(tmpdir(), 'metal-garden-write-'));
const sleeper = spawn('sleep', ['600'], { stdio: 'ignore' });
afterAll(() => {
  sleeper.kill('SIGKILL');
  rmSync(scratch, { recursive: true, force: true });
});

/** An output: the marker plus the given files. */
function output(files: Record<string, string>): Map<string, string> {
  return new Map([[MARKER, markerContent('test')], ...Object.entries(files)]);
}

/** The pid of a process that has ended (and was reaped), so no process has it for now. */
function deadPid(): number {
  const pid = spawnSync('true').pid;
  if (pid === undefined) throw new Error('could not start `true`');
  return pid;
}

function quiet(): { messages: string[]; report: (message: string) => void } {
  const messages: string[] = [];
  return { messages, report: (message) => messages.push(message) };
}

function thrown(run: () => void): string {
  try {
    run();
  } catch (error) {
    return (error as Error).message;
  }
  throw new Error('expected an error');
}

let counter = 0;
function outDir(files?: Record<string, string>): string {
  const dir = join(scratch, `out-${counter++}`);
  if (files) writeDist(dir, output(files), quiet());
  return dir;
}

describe('writeDist replaces an output folder file by file', () => {
  it('writes exactly the files, replaces changed ones, removes stale files and folders and leaves unchanged files alone', () => {
    const dir = outDir({ 'a/keep.yaml': 'same\n', 'a/change.yaml': 'old\n', 'b/gone.yaml': 'x\n', 'gone.md': 'x\n' });
    const kept = lstatSync(join(dir, 'a/keep.yaml'));
    writeDist(dir, output({ 'a/keep.yaml': 'same\n', 'a/change.yaml': 'new\n', 'c/d/new.yaml': 'n\n' }), quiet());
    expect(readTree(dir)).toEqual(output({ 'a/change.yaml': 'new\n', 'a/keep.yaml': 'same\n', 'c/d/new.yaml': 'n\n' }));
    expect(existsSync(join(dir, 'b')), 'a folder the output no longer has is removed').toBe(false);
    const after = lstatSync(join(dir, 'a/keep.yaml'));
    expect([after.ino, after.mtimeMs], 'an unchanged file is not rewritten').toEqual([kept.ino, kept.mtimeMs]);
  });

  it('puts a file where a folder was and a folder where a file was', () => {
    const dir = outDir({ 'x/inner.yaml': 'i\n', y: 'file\n' });
    writeDist(dir, output({ x: 'now a file\n', 'y/inner.yaml': 'now a folder\n' }), quiet());
    expect(readTree(dir)).toEqual(output({ x: 'now a file\n', 'y/inner.yaml': 'now a folder\n' }));
  });

  it('removes a symlink in the output instead of writing through it', () => {
    const outside = join(scratch, 'outside');
    mkdirSync(outside);
    writeFileSync(join(outside, 'precious.txt'), 'precious\n');
    const dir = outDir({ 'runtime/a.yaml': 'a\n' });
    rmSync(join(dir, 'runtime'), { recursive: true });
    symlinkSync(outside, join(dir, 'runtime'));
    symlinkSync(join(outside, 'precious.txt'), join(dir, 'link.yaml'));
    writeDist(dir, output({ 'runtime/a.yaml': 'a\n', 'runtime/precious.txt': 'overwritten?\n' }), quiet());
    expect(lstatSync(join(dir, 'runtime')).isDirectory()).toBe(true);
    expect(readdirSync(outside)).toEqual(['precious.txt']);
    expect(readFileSync(join(outside, 'precious.txt'), 'utf8')).toBe('precious\n');
    expect(existsSync(join(dir, 'link.yaml'))).toBe(false);
  });

  it('refuses a folder that is not synth output before it writes anything', () => {
    const dir = join(scratch, 'foreign');
    mkdirSync(dir);
    writeFileSync(join(dir, 'thesis.tex'), 'years of work\n');
    expect(() => writeDist(dir, output({ 'a.yaml': 'a\n' }), quiet())).toThrow(OutDirRefused);
    expect(readdirSync(dir)).toEqual(['thesis.tex']);
  });

  it('refuses files without the marker, which would make the next run refuse the folder', () => {
    expect(() => writeDist(outDir(), new Map([['a.yaml', 'a\n']]), quiet())).toThrow(`the files lack ${MARKER}`);
  });
});

describe('writeDist after a killed run', () => {
  it('takes over the lock of an ended process, removes its temporary files and completes the folder', () => {
    const dir = outDir({ 'a/one.yaml': 'old\n', 'two.yaml': 'old\n' });
    const dead = deadPid();
    writeFileSync(join(dir, LOCK), lockContent(dead, 'killed'));
    writeFileSync(join(dir, JOURNAL), `pid ${dead}, started 2026-01-01T00:00:00.000Z\n`);
    writeFileSync(join(dir, `${TEMP_PREFIX}${dead}-3`), 'half a fi');
    writeFileSync(join(dir, 'a', `${TEMP_PREFIX}${dead}-4`), 'half a fi');
    writeFileSync(join(dir, 'a/one.yaml'), 'new\n'); // the killed run got this far
    // A temporary file of a process that runs (a run waiting for the lock) is its own.
    const waiting = `${TEMP_PREFIX}${sleeper.pid}-lock-candidate`;
    writeFileSync(join(dir, waiting), lockContent(sleeper.pid ?? 0, 'waiting'));

    expect(diffDist(dir, output({ 'a/one.yaml': 'new\n', 'two.yaml': 'new\n' }))).toEqual([
      'changed two.yaml',
      `interrupted ${JOURNAL} (a synth run was killed while writing)`,
    ]);
    const { messages, report } = quiet();
    writeDist(dir, output({ 'a/one.yaml': 'new\n', 'two.yaml': 'new\n' }), { report });

    expect(readTree(dir, { leftovers: true })).toEqual(
      new Map([...output({ 'a/one.yaml': 'new\n', 'two.yaml': 'new\n' }), [waiting, lockContent(sleeper.pid ?? 0, 'waiting')]]),
    );
    expect(messages).toEqual([
      expect.stringMatching(new RegExp(`^took over .*${LOCK.replaceAll('.', '\\.')}: its owner \\(pid ${dead} on .*\\) is no longer running$`)),
      `completing ${dir}: a synth run was killed while writing it (pid ${dead}, started 2026-01-01T00:00:00.000Z)`,
    ]);
  });

  it('takes over a lock naming its own pid (a restarted container reuses pids)', () => {
    const dir = outDir({ 'a.yaml': 'old\n' });
    writeFileSync(join(dir, LOCK), lockContent(process.pid, 'predecessor'));
    writeDist(dir, output({ 'a.yaml': 'new\n' }), quiet());
    expect(readTree(dir, { leftovers: true })).toEqual(output({ 'a.yaml': 'new\n' }));
  });
});

describe('writeDist waits for the lock of a running process', () => {
  it.each([
    ['a running process', () => lockContent(sleeper.pid ?? 0, 'running'), `held by pid ${sleeper.pid} on `],
    ['an unreadable owner', () => 'garbage', 'held by an unreadable owner'],
  ])('gives up after the timeout when the lock is held by %s, naming the lock and what to do', (_, content, holder) => {
    const dir = outDir({ 'a.yaml': 'old\n' });
    writeFileSync(join(dir, LOCK), content());
    const before = readTree(dir, { leftovers: true });
    const { messages, report } = quiet();
    const started = Date.now();
    expect(() => writeDist(dir, output({ 'a.yaml': 'new\n' }), { report, lockTimeoutMs: 300 })).toThrow(LockTimeout);
    expect(Date.now() - started).toBeGreaterThanOrEqual(300);
    const message = thrown(() => writeDist(dir, output({ 'a.yaml': 'new\n' }), { report, lockTimeoutMs: 0 }));
    expect(message).toContain(`${join(dir, LOCK)} is ${holder}`);
    expect(message).toContain(`Another synth run is writing ${dir}; if none is, remove ${join(dir, LOCK)} and run again.`);
    expect(messages[0]).toMatch(new RegExp(`^waiting for ${join(dir, LOCK)}: another synth run \\(.*\\) is writing ${dir} \\(0 s of at most 0 s\\)$`));
    expect(readTree(dir, { leftovers: true }), 'a run that did not get the lock changes nothing').toEqual(before);
  });
});
