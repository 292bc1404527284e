// Where the build reads and writes, all relative to the repository root.
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

export const repoRoot = resolve(fileURLToPath(new URL('.', import.meta.url)), '..', '..');

/** Downloads (Node package, Debian packages); git-ignored. METAL_GARDEN_BUILD_CACHE moves it (CI can keep it). */
export function downloadCache(): string {
  return process.env.METAL_GARDEN_BUILD_CACHE ?? join(repoRoot, '.cache', 'build');
}

/** Build outputs: build/bundles/<name>/main.mjs, build/images/<name>/ (OCI layout), build/charts/; git-ignored. */
export const defaultOutDir = join(repoRoot, 'build');
