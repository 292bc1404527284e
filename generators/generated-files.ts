/**
 * Generated binding modules share a folder with hand-written ones (charts/imports/gardener/ holds
 * both), so a generator recognises its own files by the marker their first line starts with: only
 * those are listed, compared and removed when their source disappeared.
 */
import { readFile, readdir, rm } from 'node:fs/promises';
import { join } from 'node:path';

/** Names of the `.ts` files in `dir` whose first line starts with `marker`, sorted. */
export async function generatedFiles(dir: string, marker: string): Promise<string[]> {
  const names: string[] = [];
  for (const entry of await readdir(dir, { withFileTypes: true })) {
    if (!entry.isFile() || !entry.name.endsWith('.ts')) continue;
    if ((await readFile(join(dir, entry.name), 'utf8')).startsWith(marker)) names.push(entry.name);
  }
  return names.sort();
}

/** Removes the files carrying `marker` that a run did not write (`keep`: file names in `dir`). */
export async function removeStaleGenerated(dir: string, marker: string, keep: ReadonlySet<string>): Promise<void> {
  for (const name of await generatedFiles(dir, marker)) {
    if (!keep.has(name)) await rm(join(dir, name));
  }
}
