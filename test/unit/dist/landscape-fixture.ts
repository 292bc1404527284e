import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import { projectRoot } from '../../../generators/upstream.js';
import { resolveLandscape, type ResolvedLandscape } from '../../../charts/landscape/resolve.js';
import type { LandscapeInput } from '../../../charts/landscape/schema/landscape.js';

export const DEFAULT_LANDSCAPE_FILE = join(projectRoot, 'landscapes', 'default.yaml');

/** The default example as a plain object, to derive variants from (a fresh copy per call); synth validates that file against the schema. */
export function defaultLandscapeInput(): LandscapeInput {
  return parse(readFileSync(DEFAULT_LANDSCAPE_FILE, 'utf8')) as LandscapeInput;
}

/** Resolves an in-memory landscape as if it were a file next to the default example. */
export function resolveInput(input: unknown, source = 'test landscape'): ResolvedLandscape {
  return resolveLandscape(input, { source, baseDir: join(projectRoot, 'landscapes') });
}

/** The first element, or an error naming what the default example was expected to have. */
export function first<T>(items: readonly T[] | undefined, what: string): T {
  const item = items?.[0];
  if (item === undefined) throw new Error(`${DEFAULT_LANDSCAPE_FILE}: no ${what}; the fixtures derive variants from it`);
  return item;
}
