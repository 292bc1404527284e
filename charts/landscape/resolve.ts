import { readFileSync } from 'node:fs';
import { dirname, resolve as resolvePath } from 'node:path';
import { parse } from 'yaml';
import { parseLandscape } from './parse.js';
import { LandscapeError } from './problems.js';
import { readReleaseVector } from './release-source.js';
import { applyOverrides, parseReleaseVector, type Components } from './release-vector.js';
import type { Landscape, LandscapeInput } from './schema/landscape.js';
import { validateLandscape } from './validate/index.js';

/** A landscape that passed every check, with the component versions it pins. */
export interface ResolvedLandscape {
  readonly landscape: Landscape;
  readonly components: Components;
}

/**
 * Parses, imports the release vector, applies overrides and validates. Throws a LandscapeError
 * listing every problem; nothing is rendered from a landscape that has one.
 */
export function resolveLandscape(input: unknown, options: { source: string; baseDir: string }): ResolvedLandscape {
  const { landscape, problems } = parseLandscape(input);
  if (!landscape) throw new LandscapeError(options.source, problems);
  const vector = readReleaseVector(landscape.spec.versions, options.baseDir);
  if (vector.problem) throw new LandscapeError(options.source, [vector.problem]);
  const imported = parseReleaseVector(vector.text ?? '', vector.source);
  const overridden = applyOverrides(imported.components, landscape.spec.versions.overrides);
  const all = [...imported.problems, ...overridden.problems, ...validateLandscape(landscape, overridden.components)];
  if (all.length > 0) throw new LandscapeError(options.source, all);
  return { landscape, components: overridden.components };
}

/** Reads a landscape YAML file; YAML syntax errors and duplicate keys are reported like other problems. */
export function loadLandscapeFile(file: string): ResolvedLandscape {
  let input: unknown;
  try {
    input = parse(readFileSync(file, 'utf8'), { uniqueKeys: true });
  } catch (error) {
    throw new LandscapeError(file, [{ path: '(file)', message: (error as Error).message.split('\n')[0] ?? String(error) }]);
  }
  return resolveLandscape(input, { source: file, baseDir: dirname(resolvePath(file)) });
}

/** Typed authoring of a landscape in TypeScript; the same schema checks it as a YAML file. */
export function defineLandscape(input: LandscapeInput): LandscapeInput {
  return input;
}
