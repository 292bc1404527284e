/**
 * Mutations of a parsed landscape document, as a careless or hostile operator would edit it.
 *
 * A mutation is plain data (`op` plus picks), resolved against the document as it is when the
 * mutation applies: `pick` selects one of the paths the op applies to (modulo their number), so any
 * list of mutations applies to any document, the seeded fuzzer and fast-check share one mutation
 * space, and fast-check can shrink a failing list to fewer and simpler mutations.
 */

import fc from 'fast-check';
import { SCHEMA_KEYS } from './schema-keys.js';
import { applyReplacement, landscapeLocations, replacementArbitrary } from './landscape-arbitrary.js';
import { componentOverride, mutatedVector } from './release-vectors.js';

export type Segment = string | number;
export type Path = readonly Segment[];

export const OPS = ['delete', 'set', 'copy', 'add', 'duplicate', 'swap', 'nearMiss', 'drop', 'schema', 'override', 'vector'] as const;
export type Op = (typeof OPS)[number];

/** How often the fuzzer picks each op: schema-derived values have the largest space, so they get the most runs. */
export const OP_WEIGHTS: Readonly<Record<Op, number>> = {
  delete: 1,
  set: 1,
  copy: 1,
  add: 1,
  duplicate: 1,
  swap: 1,
  nearMiss: 1,
  drop: 1,
  schema: 4,
  override: 1,
  vector: 1,
};

export interface Mutation {
  readonly op: Op;
  /** Which applicable path (modulo their number). */
  readonly pick: number;
  /**
   * The second path for `swap`; the source for `copy`; the replacement value for `set`; key and value
   * for `add`; the variant for `nearMiss`; the fast-check seed of the schema-derived value for
   * `schema`; field and value for `override`; the edit for `vector`.
   */
  readonly variant: number;
}

const LONG = 'x'.repeat(5000);

/** Values `set` writes: empty, zero, negative, huge, long, and of the wrong type. */
export const REPLACEMENTS: readonly unknown[] = [
  null,
  '',
  0,
  -1,
  2 ** 31,
  Number.MAX_SAFE_INTEGER,
  1e308,
  1.5,
  LONG,
  'not-a-valid value!',
  true,
  [],
  {},
  [{}],
  { unexpected: { nested: { deeply: [1, 'two', null] } } },
];

/** Near misses of a string: case, dots, whitespace, separators, one character less. */
export const NEAR_MISSES: readonly ((s: string) => string)[] = [
  (s) => s.toUpperCase(),
  (s) => `${s}.`,
  (s) => `.${s}`,
  (s) => ` ${s}`,
  (s) => `${s}\n`,
  (s) => s.replace('.', '..'),
  (s) => s.replaceAll('-', '_'),
  (s) => s.slice(0, -1),
  (s) => `${s}${s}`,
];

export function isContainer(value: unknown): value is Record<Segment, unknown> {
  return typeof value === 'object' && value !== null;
}

/** Every path below the root with its value, depth first in document order. */
export function walk(root: unknown): Array<{ path: Path; value: unknown }> {
  const out: Array<{ path: Path; value: unknown }> = [];
  const visit = (value: unknown, path: Path): void => {
    if (path.length > 0) out.push({ path, value });
    if (Array.isArray(value)) value.forEach((item, index) => visit(item, [...path, index]));
    else if (isContainer(value)) for (const [key, item] of Object.entries(value)) visit(item, [...path, key]);
  };
  visit(root, []);
  return out;
}

export function formatPath(path: Path): string {
  return path.map((segment, i) => (typeof segment === 'number' ? `[${segment}]` : i === 0 ? segment : `.${segment}`)).join('');
}

function parentOf(root: unknown, path: Path): Record<Segment, unknown> {
  let current = root;
  for (const segment of path.slice(0, -1)) current = (current as Record<Segment, unknown>)[segment];
  return current as Record<Segment, unknown>;
}

function last(path: Path): Segment {
  return path[path.length - 1] as Segment;
}

function isPrefix(prefix: Path, path: Path): boolean {
  return prefix.length <= path.length && prefix.every((segment, i) => segment === path[i]);
}

function kindOf(value: unknown): string {
  return Array.isArray(value) ? 'array' : value === null ? 'null' : typeof value;
}

function show(value: unknown): string {
  const text = typeof value === 'string' ? JSON.stringify(value) : (JSON.stringify(value) ?? String(value));
  return text.length > 40 ? `${text.slice(0, 37)}…(${text.length})` : text;
}

/** Paths an op applies to in the document as it is now. */
function candidates(root: unknown, op: Op): Array<{ path: Path; value: unknown }> {
  const all = walk(root);
  switch (op) {
    case 'delete':
      return all.filter(({ path }) => typeof last(path) === 'string');
    case 'duplicate':
    case 'drop':
      return all.filter(({ path }) => typeof last(path) === 'number');
    case 'nearMiss':
      return all.filter(({ value }) => typeof value === 'string');
    case 'add':
      return [{ path: [], value: root }, ...all].filter(({ value }) => isContainer(value) && !Array.isArray(value));
    default:
      return all;
  }
}

/** Adds a key the schema knows somewhere in the document, with an odd value or a copy of another value in it. */
function addKey(root: unknown, path: Path, target: Record<Segment, unknown>, variant: number): string {
  const key = SCHEMA_KEYS[variant % SCHEMA_KEYS.length] as string;
  const values = [...REPLACEMENTS, ...walk(root).map(({ value }) => value)];
  const value = structuredClone(values[Math.floor(variant / SCHEMA_KEYS.length) % values.length]);
  target[key] = value;
  return `add ${formatPath([...path, key])} = ${show(value)}`;
}

/**
 * Applies one mutation in place and describes it (`set spec.x = null`); undefined when the op has
 * nothing to apply to (a document without lists cannot drop an entry).
 */
export function applyMutation(root: unknown, mutation: Mutation): string | undefined {
  if (mutation.op === 'schema' || mutation.op === 'override' || mutation.op === 'vector') return applyReleaseOrSchema(root, mutation);
  const paths = candidates(root, mutation.op);
  if (paths.length === 0) return undefined;
  const { path, value } = paths[mutation.pick % paths.length] as { path: Path; value: unknown };
  if (mutation.op === 'add') return addKey(root, path, value as Record<Segment, unknown>, mutation.variant);
  const parent = parentOf(root, path);
  const key = last(path);
  const where = formatPath(path);
  switch (mutation.op) {
    case 'delete':
      delete parent[key];
      return `delete ${where}`;
    case 'set': {
      const replacement = structuredClone(REPLACEMENTS[mutation.variant % REPLACEMENTS.length]);
      parent[key] = replacement;
      return `set ${where} = ${show(replacement)}`;
    }
    case 'duplicate':
      (parent as unknown as unknown[]).splice(key as number, 0, structuredClone(value));
      return `duplicate ${where}`;
    case 'drop':
      (parent as unknown as unknown[]).splice(key as number, 1);
      return `drop ${where}`;
    case 'nearMiss': {
      const missed = (NEAR_MISSES[mutation.variant % NEAR_MISSES.length] as (s: string) => string)(value as string);
      if (missed === value) return undefined;
      parent[key] = missed;
      return `nearMiss ${where} ${show(value)} -> ${show(missed)}`;
    }
    case 'copy': {
      // A value of the same type from elsewhere: well-typed, so it reaches the semantic rules (names that collide, references that dangle).
      const sameType = paths.filter((other) => kindOf(other.value) === kindOf(value) && !isPrefix(other.path, path) && !isPrefix(path, other.path));
      const source = sameType[mutation.variant % Math.max(1, sameType.length)];
      if (!source) return undefined;
      parent[key] = structuredClone(source.value);
      return `copy ${formatPath(source.path)} -> ${where} (${show(source.value)})`;
    }
    case 'swap': {
      const other = paths[mutation.variant % paths.length] as { path: Path; value: unknown };
      // Swapping a node with its own ancestor or descendant would make a cycle; take the values first.
      const a = structuredClone(value);
      const b = structuredClone(other.value);
      if (isPrefix(path, other.path) || isPrefix(other.path, path)) return undefined;
      parent[key] = b;
      parentOf(root, other.path)[last(other.path)] = a;
      return `swap ${where} <-> ${formatPath(other.path)}`;
    }
  }
}

/** Puts a spec.versions field in place, creating spec.versions and its overrides on the way. */
function versionsOf(root: unknown): Record<string, unknown> | undefined {
  if (!isContainer(root) || !isContainer(root.spec) || Array.isArray(root.spec)) return undefined;
  const spec = root.spec;
  if (!isContainer(spec.versions) || Array.isArray(spec.versions)) spec.versions = {};
  return spec.versions as Record<string, unknown>;
}

/**
 * The mutations of the landscape's own structure: `schema` puts a value derived from the landscape
 * schema at one of the locations the schema declares (present or not); `override` gives a component of
 * the release vector an override that is not a version, image or digest; `vector` points the landscape
 * at a release vector with a component or field missing or broken, or at one that cannot be read.
 */
function applyReleaseOrSchema(root: unknown, mutation: Mutation): string | undefined {
  if (mutation.op === 'schema') {
    const locations = landscapeLocations(root);
    const location = locations[mutation.pick % locations.length];
    if (!location) return undefined;
    const [replacement] = fc.sample(replacementArbitrary(location), { seed: mutation.variant, numRuns: 1 });
    if (!replacement) return undefined;
    applyReplacement(root, replacement);
    return `schema ${formatPath(replacement.path)} = ${replacement.value === undefined ? '(left out)' : show(replacement.value)}`;
  }
  const versions = versionsOf(root);
  if (!versions) return undefined;
  if (mutation.op === 'override') {
    const { component, field, value } = componentOverride(mutation.pick, mutation.variant);
    const overrides = isContainer(versions.overrides) && !Array.isArray(versions.overrides) ? versions.overrides : (versions.overrides = {});
    const entry = isContainer(overrides[component]) ? (overrides[component] as Record<string, unknown>) : (overrides[component] = {});
    entry[field] = value;
    return `override spec.versions.overrides.${component}.${field} = ${show(value)}`;
  }
  const vector = mutatedVector(mutation.pick, mutation.variant);
  delete versions.release;
  versions.releaseVector = vector.path;
  return `vector spec.versions.releaseVector = ${vector.change}`;
}

/** Applies mutations in order; returns the descriptions of those that applied. */
export function applyMutations(root: unknown, mutations: readonly Mutation[]): string[] {
  return mutations.map((mutation) => applyMutation(root, mutation)).filter((applied): applied is string => applied !== undefined);
}
