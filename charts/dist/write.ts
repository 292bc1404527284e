import { existsSync, lstatSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync, unlinkSync, writeFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { dirname, join, relative } from 'node:path';
import { projectRoot } from '../../generators/upstream.js';
import type { DistFiles } from './files.js';
import { acquireLock } from './lock.js';
import { isRunLeftover, JOURNAL, MARKER, TEMP_PREFIX } from './out-names.js';
import { checkOutDir, type OutDirContext } from './out-rules.js';
import { lstatIfPresent } from './stat-if-present.js';
import { currentProcess, hasEnded, sleepSync } from './processes.js';

/**
 * Writing an output folder so that no instant of a run can destroy it.
 *
 * The guarantee, at every instant of a run (including one killed with SIGKILL at that instant):
 * - the folder exists;
 * - every file in it, apart from the run's own leftovers (names starting with `.metal-garden-synth.`
 *   other than the marker), has either its complete content from before the run or its complete
 *   content in the new output — never a partial one;
 * - every file that is in both the old and the new output exists.
 * So a killed run may leave a mix of old and new files and old files the new output drops; the next
 * run (or `--check`, which reports the journal) finds that out, and the next run completes the
 * folder to exactly its own output and removes the leftovers.
 *
 * The folder itself is never swapped: Node has no rename that exchanges two folders
 * (renameat2 RENAME_EXCHANGE), and moving the old folder away before moving the new one in leaves an
 * instant without it. Each file is written to a temporary file beside it and renamed over it (rename
 * replaces a name atomically); files and folders the new output drops are removed last. A process
 * killed by a power failure, rather than by a signal, may lose writes the kernel had not flushed:
 * nothing here calls fsync.
 */

export interface WriteOptions {
  /** How long to wait for another run writing the same folder; default 60 s. */
  readonly lockTimeoutMs?: number;
  /** Progress and notes (waiting for the lock, completing an interrupted run); default stderr. */
  readonly report?: (message: string) => void;
  /** Where the run stands, for the folders `--out` must not be; default this process and project. */
  readonly context?: OutDirContext;
  /**
   * Called under the lock before anything is written; throws to refuse. For what `files` was computed
   * from and another process may have changed since (the encrypted SOPS files synth keeps); default none.
   */
  readonly verify?: (outDir: string) => void;
}

/**
 * Test-only: METAL_GARDEN_SYNTH_TEST_PAUSE_MS slows every step that changes the folder, so a test can
 * kill a run in the middle of writing. Unset (always, outside the tests) it does nothing.
 */
function testPause(): void {
  const ms = Number(process.env.METAL_GARDEN_SYNTH_TEST_PAUSE_MS ?? 0);
  if (ms > 0) sleepSync(ms);
}

/** Every file and symlink under `root` (relative, sorted), leftovers of runs excluded. Symlinks are not followed. */
export function listFiles(root: string): string[] {
  if (!existsSync(root)) return [];
  const out: string[] = [];
  const walk = (dir: string) => {
    for (const entry of readdirSync(dir, { withFileTypes: true }).sort((a, b) => (a.name < b.name ? -1 : 1))) {
      const full = join(dir, entry.name);
      if (entry.isDirectory()) walk(full);
      else if (!isRunLeftover(entry.name)) out.push(relative(root, full));
    }
  };
  walk(root);
  return out;
}

/**
 * The regular files of a previous synth output (`outDir` holding the marker), for comparing it with
 * the next one; undefined for a new or foreign folder. Symlinks and leftovers of runs are skipped.
 */
export function readPreviousDist(outDir: string): DistFiles | undefined {
  if (lstatIfPresent(join(outDir, MARKER))?.isFile() !== true) return undefined;
  const files = new Map<string, string>();
  for (const path of listFiles(outDir)) {
    if (lstatSync(join(outDir, path)).isFile()) files.set(path, readFileSync(join(outDir, path), 'utf8'));
  }
  return files;
}

/** Paths that differ between `outDir` and `files` (changed, missing or stale), and a run that was interrupted. */
export function diffDist(outDir: string, files: DistFiles): string[] {
  const differences: string[] = [];
  const existing = new Set(listFiles(outDir));
  for (const [path, content] of files) {
    if (!existing.has(path)) differences.push(`missing ${path}`);
    else if (!lstatSync(join(outDir, path)).isFile() || readFileSync(join(outDir, path), 'utf8') !== content) differences.push(`changed ${path}`);
    existing.delete(path);
  }
  for (const stale of existing) differences.push(`stale ${stale}`);
  if (existsSync(join(outDir, JOURNAL))) differences.push(`interrupted ${JOURNAL} (a synth run was killed while writing)`);
  return differences.sort();
}

/** Writes `content` to `target` by rename, so `target` has its old or its new content at every instant. */
function replaceFile(target: string, content: string, sequence: number): void {
  const temporary = join(dirname(target), `${TEMP_PREFIX}${process.pid}-${sequence}`);
  writeFileSync(temporary, content);
  testPause();
  renameSync(temporary, target);
  testPause();
}

/**
 * Makes `path` (relative to `root`) writable as a file: its folders exist as real folders, and no folder
 * stands where the file goes. What is removed for that is not in the new output, so removing it early
 * keeps the guarantee. A symlink in the way is removed, never followed out of the folder.
 */
function clearTheWay(root: string, path: string): void {
  const parts = path.split('/');
  let dir = root;
  for (const part of parts.slice(0, -1)) {
    dir = join(dir, part);
    const stat = lstatIfPresent(dir);
    if (stat?.isDirectory()) continue;
    if (stat) unlinkSync(dir);
    mkdirSync(dir);
    testPause();
  }
  if (lstatIfPresent(join(root, path))?.isDirectory()) {
    rmSync(join(root, path), { recursive: true });
    testPause();
  }
}

/** The temporary files of ended runs, anywhere in the folder. Those of a running process are its own. */
function removeTemporaryFiles(root: string): number {
  let removed = 0;
  const walk = (dir: string) => {
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      const full = join(dir, entry.name);
      if (entry.isDirectory()) walk(full);
      else if (entry.name.startsWith(TEMP_PREFIX)) {
        const pid = Number(/^(\d+)-/.exec(entry.name.slice(TEMP_PREFIX.length))?.[1]);
        if (pid === process.pid || Number.isNaN(pid) || hasEnded({ ...currentProcess(), pid, start: '' })) {
          unlinkSync(full);
          removed++;
        }
      }
    }
  };
  walk(root);
  return removed;
}

/** Removes what the new output does not have: files, symlinks, and folders left empty. Keeps the lock and the journal. */
function removeStale(root: string, files: DistFiles): void {
  const folders = new Set<string>();
  for (const path of files.keys()) for (let dir = dirname(path); dir !== '.'; dir = dirname(dir)) folders.add(dir);
  const walk = (dir: string) => {
    for (const entry of readdirSync(join(root, dir), { withFileTypes: true })) {
      const path = dir === '' ? entry.name : `${dir}/${entry.name}`;
      if (entry.isDirectory()) {
        walk(path);
        if (!folders.has(path)) {
          rmSync(join(root, path), { recursive: true });
          testPause();
        }
      } else if (!files.has(path) && !(dir === '' && isRunLeftover(entry.name))) {
        unlinkSync(join(root, path));
        testPause();
      }
    }
  };
  walk('');
}

function unchanged(target: string, content: string): boolean {
  return lstatIfPresent(target)?.isFile() === true && readFileSync(target, 'utf8') === content;
}

/**
 * Replaces the content of `outDir` with exactly `files`, keeping the guarantee above. Refuses a folder
 * `--out` must not be (see out-rules.ts), waits for another run on the same folder (see lock.ts), and
 * first completes what a killed run left: its temporary files go, and its mix of files is overwritten.
 */
export function writeDist(outDir: string, files: DistFiles, options: WriteOptions = {}): void {
  if (!files.has(MARKER)) throw new Error(`writeDist: the files lack ${MARKER}; without it the next run would refuse ${outDir}`);
  const report = options.report ?? ((message: string) => console.error(message));
  const context = options.context ?? { cwd: process.cwd(), projectRoot, home: homedir() };
  checkOutDir(outDir, context);
  mkdirSync(outDir, { recursive: true });
  const lock = acquireLock(outDir, { timeoutMs: options.lockTimeoutMs ?? 60_000, report });
  try {
    // Under the lock the folder is ours; check again in case it changed while we waited.
    checkOutDir(outDir, context);
    options.verify?.(outDir);
    const journal = join(outDir, JOURNAL);
    if (existsSync(journal)) report(`completing ${outDir}: a synth run was killed while writing it (${readFileSync(journal, 'utf8').trim()})`);
    removeTemporaryFiles(outDir);
    replaceFile(journal, `pid ${process.pid}, started ${new Date().toISOString()}\n`, 0);
    // The marker first: a folder a killed first run leaves behind is then recognisably synth output.
    const order = [MARKER, ...[...files.keys()].filter((path) => path !== MARKER)];
    let sequence = 1;
    for (const path of order) {
      const content = files.get(path);
      if (content === undefined || unchanged(join(outDir, path), content)) continue;
      clearTheWay(outDir, path);
      replaceFile(join(outDir, path), content, sequence++);
    }
    removeStale(outDir, files);
    unlinkSync(journal);
  } finally {
    lock.release();
  }
}
