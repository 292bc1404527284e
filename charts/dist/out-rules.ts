import { existsSync, readdirSync, readFileSync, realpathSync, statSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { isRunLeftover, MARKER, MARKER_FORMAT } from './out-names.js';
import { lstatIfPresent, statIfPresent } from './stat-if-present.js';

/**
 * Which folders synth may write into. A run replaces the whole content of `--out`, so a typo
 * (`--out .`, `--out ~`, `--out charts`) must not delete a repository: synth writes only into a
 * folder that does not exist yet, is empty, or holds the marker of an earlier synth run, and never
 * into a folder that contains the working directory, the project or the home folder.
 */

export class OutDirRefused extends Error {}

export interface OutDirContext {
  /** The working directory of the run. */
  readonly cwd: string;
  /** This project's checkout (the repository synth runs from). */
  readonly projectRoot: string;
  /** The user's home folder. */
  readonly home: string;
}


function real(path: string): string {
  return realpathSync.native(path);
}

/** The path and every folder above it, nearest first. */
function selfAndAncestors(path: string): string[] {
  const out = [path];
  for (let dir = dirname(path); dir !== out[out.length - 1]; dir = dirname(dir)) out.push(dir);
  return out;
}

/** Folders whose replacement would destroy something, each with the reason, most specific first. */
function protectedFolders(context: OutDirContext): Map<string, string> {
  const folders = new Map<string, string>();
  const add = (path: string, why: string) => {
    if (existsSync(path) && !folders.has(real(path))) folders.set(real(path), why);
  };
  const cwd = real(context.cwd);
  add(cwd, 'is the working directory');
  const repository = selfAndAncestors(cwd).find((dir) => existsSync(join(dir, '.git')));
  if (repository) add(repository, 'is the root of the Git repository of the working directory');
  add(context.projectRoot, 'is the metal-garden repository');
  add(context.home, 'is the home folder');
  add('/', 'is the file system root');
  for (const dir of selfAndAncestors(cwd)) add(dir, 'contains the working directory');
  for (const dir of selfAndAncestors(real(context.projectRoot))) add(dir, 'contains the metal-garden repository');
  if (existsSync(context.home)) for (const dir of selfAndAncestors(real(context.home))) add(dir, 'contains the home folder');
  return folders;
}

/** The marker's format, or undefined when the file does not say. */
function markerFormat(markerPath: string): number | undefined {
  const match = /^format: (\d+)$/m.exec(readFileSync(markerPath, 'utf8'));
  return match ? Number(match[1]) : undefined;
}

function refuse(given: string, shown: string, why: string): never {
  throw new OutDirRefused(`--out ${given}${shown}: ${why}; nothing was written. Choose a new or empty folder, or one an earlier synth run wrote (it holds ${MARKER}).`);
}

/**
 * Throws OutDirRefused, naming the path, the reason and what to choose instead, unless synth may
 * replace the content of `outDir`. A symlink is judged by the folder it points to.
 */
export function checkOutDir(outDir: string, context: OutDirContext): void {
  const absolute = resolve(context.cwd, outDir);
  const stat = statIfPresent(absolute);
  const isLink = lstatIfPresent(absolute)?.isSymbolicLink() ?? false;
  if (isLink && !stat) refuse(outDir, '', 'is a symlink to a missing target');
  if (!stat) {
    // A new folder: only the first existing folder above it must be a folder.
    const existing = selfAndAncestors(absolute).find((dir) => existsSync(dir));
    if (existing && !statSync(existing).isDirectory()) refuse(outDir, '', `cannot be created: ${existing} is a file`);
    return; // every protected folder exists, so a new one is none of them
  }
  const target = real(absolute);
  const shown = target === absolute ? '' : ` (${target})`;
  if (!stat.isDirectory()) refuse(outDir, shown, isLink ? 'is a symlink to a file, not a folder' : 'is a file, not a folder');
  const why = protectedFolders(context).get(target);
  if (why) refuse(outDir, shown, why);
  const entries = readdirSync(target);
  if (entries.includes(MARKER)) {
    const format = markerFormat(join(target, MARKER));
    if (format !== undefined && format > MARKER_FORMAT) {
      refuse(outDir, shown, `was written by a newer synth (${MARKER} format ${format}, this synth writes format ${MARKER_FORMAT}); update metal-garden`);
    }
    return;
  }
  const foreign = entries.filter((name) => !isRunLeftover(name)).sort();
  if (foreign.length > 0) {
    const listed = foreign.slice(0, 5).join(', ') + (foreign.length > 5 ? `, … (${foreign.length} entries)` : '');
    refuse(
      outDir,
      shown,
      `is a folder that is not empty (${listed}) and holds no ${MARKER}, so it is not an earlier synth output ` +
        `(if a synth older than the marker wrote it, create ${join(target, MARKER)} and run again)`,
    );
  }
}
