import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import { projectRoot } from '../../../generators/upstream.js';
import { resolveLandscape, type ResolvedLandscape } from '../../../charts/landscape/resolve.js';

export const DEFAULT_LANDSCAPE_FILE = join(projectRoot, 'landscapes', 'default.yaml');

/** The default example as a plain object, to derive variants from (a fresh copy per call). */
export function defaultLandscapeInput(): any {
  return parse(readFileSync(DEFAULT_LANDSCAPE_FILE, 'utf8'));
}

/** Resolves an in-memory landscape as if it were a file next to the default example. */
export function resolveInput(input: unknown, source = 'test landscape'): ResolvedLandscape {
  return resolveLandscape(input, { source, baseDir: join(projectRoot, 'landscapes') });
}
