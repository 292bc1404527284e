import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

/** Root of the project checkout (the folder holding package.json). */
export const projectRoot = resolve(dirname(fileURLToPath(import.meta.url)), '..');

/**
 * The vendored upstream data (CRDs, OpenAPI specs, examples, release vectors, charts), each file
 * listed with its provenance and checksum in `manifest.yaml` beside it. It is the only place
 * upstream data is read from, so a fresh clone needs nothing beside the checkout.
 */
export const upstreamRoot = join(projectRoot, 'generators', 'upstream');

/** Absolute path of a file or folder inside the vendored upstream data, e.g. `upstreamPath('flux', 'crds')`. */
export function upstreamPath(...segments: string[]): string {
  return join(upstreamRoot, ...segments);
}

/** Folder of the vendored metal-stack release vectors, one `<version>.yaml` each. */
export const releaseVectorDir = upstreamPath('metal-stack', 'release-vectors');

/** Folder of the vendored upstream Helm charts, one `<name>-<version>` folder each. */
export const upstreamChartsDir = upstreamPath('charts');
