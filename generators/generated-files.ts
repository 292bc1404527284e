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

/**
 * How the generated files of `committedDir` differ from a fresh generation in `freshDir`: one line per
 * file that is missing, stale or has other content (empty: identical). Names, not contents, so a test
 * failure stays readable for megabyte-sized modules.
 */
export async function generatedDrift(committedDir: string, freshDir: string, marker: string): Promise<string[]> {
  const committed = await generatedFiles(committedDir, marker);
  const fresh = await generatedFiles(freshDir, marker);
  const drift = [
    ...fresh.filter((n) => !committed.includes(n)).map((n) => `${n} is missing`),
    ...committed.filter((n) => !fresh.includes(n)).map((n) => `${n} is stale`),
  ];
  for (const name of fresh.filter((n) => committed.includes(n))) {
    const [a, b] = await Promise.all([readFile(join(committedDir, name), 'utf8'), readFile(join(freshDir, name), 'utf8')]);
    if (a !== b) drift.push(`${name} differs`);
  }
  return drift;
}
