import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { isRunLeftover } from '../../dist/out-names.js';
import { SOPS_CONFIG_FILE, STUB_SUFFIX } from './sops-stubs.js';
import type { ExistingSopsFiles } from './sops-plan.js';

/**
 * The `*.sops.yaml` files (other than .sops.yaml) in an output folder, read before synth writes it:
 * encrypted ones are carried over byte for byte. Regular files only: a symlink is never followed out
 * of the folder (writeDist replaces it like any other stale entry). A missing folder holds none.
 */
export function readExistingSopsFiles(outDir: string): ExistingSopsFiles {
  const found = new Map<string, string>();
  const walk = (dir: string, prefix: string) => {
    let entries;
    try {
      entries = readdirSync(dir, { withFileTypes: true });
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT' || (error as NodeJS.ErrnoException).code === 'ENOTDIR') return;
      throw error;
    }
    for (const entry of entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0))) {
      const path = prefix === '' ? entry.name : `${prefix}/${entry.name}`;
      if (entry.isDirectory()) walk(join(dir, entry.name), path);
      else if (entry.isFile() && entry.name.endsWith(STUB_SUFFIX) && entry.name !== SOPS_CONFIG_FILE && !isRunLeftover(entry.name)) {
        found.set(path, readFileSync(join(dir, entry.name), 'utf8'));
      }
    }
  };
  walk(outDir, '');
  return found;
}

/** Under writeDist's lock: the SOPS files must still be those the synthesis kept, or a concurrent edit would be lost. */
export function assertSopsFilesUnchanged(outDir: string, before: ExistingSopsFiles): void {
  const now = readExistingSopsFiles(outDir);
  const changed = [...new Set([...before.keys(), ...now.keys()])].filter((path) => before.get(path) !== now.get(path)).sort();
  if (changed.length > 0) {
    throw new Error(`${changed.join(', ')} changed in ${outDir} while synth ran (sops -e -i?); nothing was written, run synth again`);
  }
}
