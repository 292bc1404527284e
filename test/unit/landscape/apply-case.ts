import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { parse } from 'yaml';
import { LandscapeError, type Problem } from '../../../charts/landscape/problems.js';
import { loadLandscapeText, resolveLandscape } from '../../../charts/landscape/resolve.js';
import type { BrokenLandscape, BrokenYaml, Spec } from './corpus.js';

export const landscapesDir = resolve(import.meta.dirname, '../../../landscapes');

/** A fresh parsed copy of the default example, as a user would write it (defaults not applied). */
export function defaultDocument(): Record<string, unknown> {
  return parse(readFileSync(resolve(landscapesDir, 'default.yaml'), 'utf8')) as Record<string, unknown>;
}

/** `spec.seeds.shooted[1].networks.pods` → ['spec', 'seeds', 'shooted', 1, 'networks', 'pods']. */
export function pathSegments(path: string): (string | number)[] {
  return path.split('.').flatMap((part) => {
    const [key, ...indexes] = part.split('[');
    return [...(key ? [key] : []), ...indexes.map((i) => Number(i.replace(']', '')))];
  });
}

/** Sets (or deletes, for undefined) the value at a path; intermediate objects are created. */
export function setAt(root: Record<string, unknown>, path: string, value: unknown): void {
  const segments = pathSegments(path);
  const last = segments.pop();
  if (last === undefined) throw new Error(`empty path`);
  let current = root as Record<string | number, unknown>;
  for (const segment of segments) {
    current[segment] ??= {};
    current = current[segment] as Record<string | number, unknown>;
  }
  if (value === undefined) delete current[last];
  else current[last] = value;
}

export function applyCase(doc: Record<string, unknown>, broken: BrokenLandscape): void {
  for (const [path, value] of Object.entries(broken.set ?? {})) setAt(doc, path, value);
  // modify runs on the default example's spec (a valid input spec) after the case's set paths.
  broken.modify?.(doc['spec'] as Spec);
}

/** Every problem validation reports for a landscape document; [] when it is valid. */
export function problemsOf(doc: unknown): Problem[] {
  try {
    resolveLandscape(doc, { source: 'corpus', baseDir: landscapesDir });
    return [];
  } catch (error) {
    if (error instanceof LandscapeError) return [...error.problems];
    throw error;
  }
}

/** Order-independent comparison that still counts duplicates. */
export function sorted(problems: readonly Problem[]): Problem[] {
  return [...problems].sort((a, b) => `${a.path}\n${a.message}`.localeCompare(`${b.path}\n${b.message}`));
}

/** The text of landscapes/default.yaml with a YAML case's edits; each edit must match exactly once. */
export function yamlCaseText(broken: BrokenYaml): string {
  if (broken.text !== undefined) return broken.text;
  let text = readFileSync(resolve(landscapesDir, 'default.yaml'), 'utf8');
  for (const [from, to] of broken.edits ?? []) {
    const count = text.split(from).length - 1;
    if (count !== 1) throw new Error(`${broken.name}: ${JSON.stringify(from)} occurs ${count} times in default.yaml`);
    text = text.replace(from, () => to);
  }
  return text;
}

/** Every problem loading a landscape file's text reports; [] when it is valid. */
export function problemsOfText(text: string): Problem[] {
  try {
    loadLandscapeText(text, { source: 'corpus.yaml', baseDir: landscapesDir });
    return [];
  } catch (error) {
    if (error instanceof LandscapeError) return [...error.problems];
    throw error;
  }
}
