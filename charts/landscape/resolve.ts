import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { dirname, resolve as resolvePath } from 'node:path';
import { parseLandscape } from './parse.js';
import { FILE, LandscapeError, type Problem } from './problems.js';
import { readReleaseVector } from './release-source.js';
import { applyOverrides, parseReleaseVector, type Components } from './release-vector.js';
import { withComplement } from './release-complement.js';
import type { Landscape, LandscapeInput } from './schema/landscape.js';
import { versions as versionsSchema } from './schema/versions.js';
import { validateLandscape } from './validate/index.js';
import { secretValueProblems } from './secrets/landscape-values.js';
import { ambiguousOctals } from './yaml-hints.js';
import { readLandscapeYaml } from './yaml-read.js';
import type { ScalarSources } from './yaml-walk.js';

/** A landscape that passed every check, with the component versions it pins. */
export interface ResolvedLandscape {
  readonly landscape: Landscape;
  readonly components: Components;
  /** The release vector the components come from; recorded in dist/versions.yaml. Absent for hand-made inputs (tests). */
  readonly release?: ReleaseRecord;
}

export interface ReleaseRecord {
  /** The vendored release (`v0.22.19`) or the vector file as the landscape names it. */
  readonly source: string;
  /** `sha256:<hex>` of the vector's text (the digest form, which the secret guard knows is no secret). */
  readonly digest: string;
}

export interface ResolveOptions {
  /** Name of the landscape in the error (its file). */
  readonly source: string;
  /** Directory a `spec.versions.releaseVector` path is relative to. */
  readonly baseDir: string;
  /** Plain scalars of the YAML file, for messages about unquoted values; none for a TypeScript landscape. */
  readonly scalars?: ScalarSources;
  /** Problems found while reading the YAML, reported with all others. */
  readonly yamlProblems?: readonly Problem[];
}

/** The release vector with overrides applied; without components when it cannot be read. */
function importComponents(versions: { release?: string; releaseVector?: string; overrides: Record<string, object> }, baseDir: string) {
  const vector = readReleaseVector(versions, baseDir);
  if (vector.problem) return { components: {}, release: undefined, problems: [vector.problem] };
  const imported = parseReleaseVector(vector.text ?? '', vector.source);
  const overridden = applyOverrides(withComplement(imported.components), versions.overrides);
  const release = {
    source: vector.source,
    digest: `sha256:${createHash('sha256')
      .update(vector.text ?? '')
      .digest('hex')}`,
  };
  return { components: overridden.components, release, problems: [...imported.problems, ...overridden.problems] };
}

/** `spec.versions` of a landscape the schema refused elsewhere, so its release vector is still checked. */
function versionsOf(input: unknown) {
  const spec = typeof input === 'object' && input !== null ? (input as { spec?: unknown }).spec : undefined;
  const raw = typeof spec === 'object' && spec !== null ? ((spec as { versions?: unknown }).versions ?? {}) : {};
  return versionsSchema.safeParse(raw).data;
}

/**
 * Parses, imports the release vector, applies overrides and validates. Throws a LandscapeError
 * listing every problem; nothing is rendered from a landscape that has one. Checks do not hide each
 * other: the release vector is read even when the schema refuses other fields, and the semantic
 * rules run on a schema-valid landscape even without a readable release vector (then the rules that
 * need component versions, such as Gardener's supported Kubernetes minors, have nothing to check).
 * Only the semantic rules need a landscape the schema accepted; secret values are looked for in any input.
 */
export function resolveLandscape(input: unknown, options: ResolveOptions): ResolvedLandscape {
  const scalars = options.scalars ?? new Map();
  const { landscape, problems: shape } = parseLandscape(input, scalars);
  const versions = landscape?.spec.versions ?? versionsOf(input);
  const imported = versions ? importComponents(versions, options.baseDir) : { components: {}, release: undefined, problems: [] };
  const semantic = landscape ? validateLandscape(landscape, imported.components) : [];
  // Secret values are looked for in what the user wrote, whatever else is wrong with it.
  const secrets = secretValueProblems(input);
  const found = [...(options.yamlProblems ?? []), ...shape, ...imported.problems, ...semantic, ...secrets];
  const all = [...found, ...ambiguousOctals(scalars, found)];
  if (all.length > 0 || !landscape) throw new LandscapeError(options.source, all);
  return { landscape, components: imported.components, ...(imported.release ? { release: imported.release } : {}) };
}

/** Checks a landscape's YAML text; YAML-level problems are reported with the schema's and the semantic ones. */
export function loadLandscapeText(text: string, options: { source: string; baseDir: string }): ResolvedLandscape {
  const reading = readLandscapeYaml(text);
  if (reading.input === undefined) throw new LandscapeError(options.source, reading.problems);
  return resolveLandscape(reading.input, { ...options, scalars: reading.scalars, yamlProblems: reading.problems });
}

/** Reads and checks a landscape YAML file. */
export function loadLandscapeFile(file: string): ResolvedLandscape {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (error) {
    throw new LandscapeError(file, [
      { path: FILE, message: `cannot read the landscape file: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}` },
    ]);
  }
  return loadLandscapeText(text, { source: file, baseDir: dirname(resolvePath(file)) });
}

/** Typed authoring of a landscape in TypeScript; the same schema checks it as a YAML file. */
export function defineLandscape(input: LandscapeInput): LandscapeInput {
  return input;
}
