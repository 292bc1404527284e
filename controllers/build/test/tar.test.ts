// The layer tar writer, read back by GNU tar (the reader a reviewer would reach for): entries,
// owners, modes, mtimes, symlinks and long paths as written, sorted, and refused when malformed.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, readlinkSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { tarArchive, withParentDirs, type TarEntry } from '../tar.js';

const work = mkdtempSync(join(tmpdir(), 'metal-garden-tar-test-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));

const longDir = `usr/share/${'d'.repeat(120)}`;
const entries: TarEntry[] = withParentDirs([
  { kind: 'file', path: 'nodejs/bin/node', mode: 0o755, data: Buffer.from('#!binary\n') },
  { kind: 'file', path: 'etc/passwd', mode: 0o644, data: Buffer.from('nonroot:x:65532:65532::/nonexistent:/sbin/nologin\n') },
  { kind: 'symlink', path: 'lib64/ld-linux-x86-64.so.2', target: '/lib/x86_64-linux-gnu/ld-linux-x86-64.so.2' },
  { kind: 'file', path: `${longDir}/copyright`, mode: 0o644, data: Buffer.alloc(513, 'x') },
  { kind: 'file', path: 'app/main.mjs', mode: 0o600, data: Buffer.alloc(0), uid: 65532, gid: 65532 },
]);

function gnuTar(archive: Buffer, args: string[]): string {
  const file = join(work, `a-${Math.random().toString(36).slice(2)}.tar`);
  writeFileSync(file, archive);
  return execFileSync('tar', [...args, '-f', file], { cwd: work, encoding: 'utf8', env: { ...process.env, TZ: 'UTC', LC_ALL: 'C' } });
}

describe('tarArchive', () => {
  const archive = tarArchive(entries, 1_700_000_000);

  it('lists, for GNU tar, every entry sorted by path with numeric owners, modes and the one mtime', () => {
    const listing = gnuTar(archive, ['--list', '--verbose', '--numeric-owner', '--full-time']).trim().split('\n');
    expect(listing).toEqual([
      'drwxr-xr-x 0/0               0 2023-11-14 22:13:20 app/',
      '-rw------- 65532/65532       0 2023-11-14 22:13:20 app/main.mjs',
      'drwxr-xr-x 0/0               0 2023-11-14 22:13:20 etc/',
      '-rw-r--r-- 0/0              50 2023-11-14 22:13:20 etc/passwd',
      'drwxr-xr-x 0/0               0 2023-11-14 22:13:20 lib64/',
      'lrwxrwxrwx 0/0               0 2023-11-14 22:13:20 lib64/ld-linux-x86-64.so.2 -> /lib/x86_64-linux-gnu/ld-linux-x86-64.so.2',
      'drwxr-xr-x 0/0               0 2023-11-14 22:13:20 nodejs/',
      'drwxr-xr-x 0/0               0 2023-11-14 22:13:20 nodejs/bin/',
      '-rwxr-xr-x 0/0               9 2023-11-14 22:13:20 nodejs/bin/node',
      'drwxr-xr-x 0/0               0 2023-11-14 22:13:20 usr/',
      'drwxr-xr-x 0/0               0 2023-11-14 22:13:20 usr/share/',
      `drwxr-xr-x 0/0               0 2023-11-14 22:13:20 ${longDir}/`,
      `-rw-r--r-- 0/0             513 2023-11-14 22:13:20 ${longDir}/copyright`,
    ]);
  });

  it('extracts with GNU tar to the same contents and link targets', () => {
    const dir = mkdtempSync(join(work, 'x-'));
    gnuTar(archive, ['--extract', '--directory', dir]);
    expect(readFileSync(join(dir, 'etc/passwd'), 'utf8')).toBe('nonroot:x:65532:65532::/nonexistent:/sbin/nologin\n');
    expect(readFileSync(join(dir, longDir, 'copyright'))).toEqual(Buffer.alloc(513, 'x'));
    expect(readlinkSync(join(dir, 'lib64/ld-linux-x86-64.so.2'))).toBe('/lib/x86_64-linux-gnu/ld-linux-x86-64.so.2');
    expect(statSync(join(dir, 'nodejs/bin/node')).mode & 0o777).toBe(0o755);
  });

  it('depends only on the entries: any input order gives the same bytes', () => {
    expect(tarArchive([...entries].reverse(), 1_700_000_000).equals(archive)).toBe(true);
    expect(tarArchive(entries, 0).equals(archive)).toBe(false);
  });

  it('refuses duplicates, missing parents, unnormalized paths and names ustar cannot hold', () => {
    const file = (path: string): TarEntry => ({ kind: 'file', path, mode: 0o644, data: Buffer.alloc(0) });
    expect(() => tarArchive([file('a'), file('a')], 0)).toThrow('tar: duplicate entry a');
    expect(() => tarArchive([file('etc/passwd')], 0)).toThrow('tar: etc/passwd needs its parent directory etc as an entry');
    expect(() => tarArchive([file('/etc')], 0)).toThrow('tar: entry path "/etc" must be relative and normalized (like "etc/passwd")');
    expect(() => tarArchive(withParentDirs([file('a/../b')]), 0)).toThrow('must be relative and normalized');
    expect(() => tarArchive([file('f'.repeat(101))], 0)).toThrow(`tar: path ${'f'.repeat(101)} is too long for ustar`);
  });
});
