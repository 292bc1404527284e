import { readdirSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { parse } from 'yaml';
import { LandscapeError, type Problem } from '../../charts/landscape/problems.js';
import { resolveLandscape } from '../../charts/landscape/resolve.js';
import { synthesize } from '../../charts/synth.js';
import { distFiles } from '../../charts/dist/files.js';

export const landscapesDir = resolve(import.meta.dirname, '../../landscapes');

/**
 * What happened to one input:
 * - accepted: validated, synthesized and serialized to dist/ files (in memory);
 * - rejected: a LandscapeError with at least one problem, each naming a field path and a message;
 * - crashed: validation passed but synth threw, or validation threw anything but a proper problem report.
 */
export type Outcome =
  | { readonly kind: 'accepted' }
  | { readonly kind: 'rejected'; readonly problems: readonly Problem[] }
  | { readonly kind: 'crashed'; readonly stage: 'validate' | 'synth'; readonly error: unknown };

/** A problem report a person can act on: every problem names a field path and says what is wrong. */
function properReport(error: unknown): error is LandscapeError {
  return (
    error instanceof LandscapeError &&
    error.problems.length > 0 &&
    error.problems.every((p) => typeof p.path === 'string' && p.path.trim() !== '' && typeof p.message === 'string' && p.message.trim() !== '')
  );
}

export function classify(document: unknown): Outcome {
  let resolved;
  try {
    resolved = resolveLandscape(document, { source: 'fuzz', baseDir: landscapesDir });
  } catch (error) {
    return properReport(error) ? { kind: 'rejected', problems: error.problems } : { kind: 'crashed', stage: 'validate', error };
  }
  try {
    distFiles(synthesize(resolved));
    return { kind: 'accepted' };
  } catch (error) {
    return { kind: 'crashed', stage: 'synth', error };
  }
}

/** The example landscapes (landscapes/*.yaml), parsed as a user wrote them (no defaults applied), by file name. */
export function exampleLandscapes(): ReadonlyArray<{ readonly name: string; readonly document: unknown }> {
  return readdirSync(landscapesDir)
    .filter((file) => file.endsWith('.yaml'))
    .sort()
    .map((name) => ({ name, document: parse(readFileSync(resolve(landscapesDir, name), 'utf8')) as unknown }));
}

/** The error's message and its first stack frames, for a report and a crash file. */
export function describeError(error: unknown, frames = 5): string {
  if (!(error instanceof Error)) return `non-Error thrown: ${String(error)}`;
  const stack = (error.stack ?? '').split('\n');
  const at = stack.filter((line) => line.trimStart().startsWith('at ')).slice(0, frames);
  return [`${error.name}: ${error.message}`, ...at].join('\n');
}
