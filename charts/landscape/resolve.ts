import { readFileSync } from 'node:fs';
import { dirname, resolve as resolvePath } from 'node:path';
import { parse } from 'yaml';
import { upstreamPath } from '../../generators/upstream-mirror.js';
import { parseLandscape } from './parse.js';
import { LandscapeError, type Problem } from './problems.js';
import { applyOverrides, parseReleaseVector, type Components } from './release-vector.js';
import type { Landscape, LandscapeInput } from './schema/landscape.js';
import { validateLandscape } from './validate/index.js';

/** A landscape that passed every check, with the component versions it pins. */
export interface ResolvedLandscape {
  readonly landscape: Landscape;
  readonly components: Components;
}

const MIRROR_PREFIX = 'mirror:';

function readReleaseVector(reference: string, baseDir: string): { text?: string; location: string; problem?: Problem } {
  const location = reference.startsWith(MIRROR_PREFIX)
    ? upstreamPath(reference.slice(MIRROR_PREFIX.length))
    : resolvePath(baseDir, reference);
  try {
    return { text: readFileSync(location, 'utf8'), location };
  } catch (error) {
    return {
      location,
      problem: {
        path: 'spec.versions.releaseVector',
        message: `cannot read ${JSON.stringify(reference)} (${location}): ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}; use "mirror:metal-stack/release-vector.yaml" or a path relative to the landscape file`,
      },
    };
  }
}

/**
 * Parses, imports the release vector, applies overrides and validates. Throws a LandscapeError
 * listing every problem; nothing is rendered from a landscape that has one.
 */
export function resolveLandscape(input: unknown, options: { source: string; baseDir: string }): ResolvedLandscape {
  const { landscape, problems } = parseLandscape(input);
  if (!landscape) throw new LandscapeError(options.source, problems);
  const vector = readReleaseVector(landscape.spec.versions.releaseVector, options.baseDir);
  if (vector.problem) throw new LandscapeError(options.source, [vector.problem]);
  const imported = parseReleaseVector(vector.text ?? '', landscape.spec.versions.releaseVector);
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
