import { existsSync } from 'node:fs';
import { dirname, isAbsolute, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

/** Root of the project checkout (the folder holding package.json). */
export const projectRoot = resolve(dirname(fileURLToPath(import.meta.url)), '..');

/**
 * The one place upstream data (CRDs, OpenAPI specs, examples, release vectors) is read from.
 * Default: `../shared/upstream` beside the checkout; override with METAL_GARDEN_UPSTREAM
 * (absolute, or relative to the project root) to point at a download cache elsewhere.
 */
export function upstreamMirror(): string {
  const configured = process.env.METAL_GARDEN_UPSTREAM ?? join('..', 'shared', 'upstream');
  const root = isAbsolute(configured) ? configured : resolve(projectRoot, configured);
  if (!existsSync(root)) {
    throw new Error(
      `upstream mirror not found at ${root}: set METAL_GARDEN_UPSTREAM to a folder laid out like shared/upstream (gardener/crds, flux/crds, ...)`,
    );
  }
  return root;
}

/** Absolute path of a file or folder inside the upstream mirror, e.g. `upstreamPath('flux', 'crds')`. */
export function upstreamPath(...segments: string[]): string {
  return join(upstreamMirror(), ...segments);
}
