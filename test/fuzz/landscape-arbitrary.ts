/**
 * The landscape schema's arbitraries, wired to this project: whole landscapes, and per-location
 * replacements in an example. Strings are also tried from a vocabulary of names that exist already
 * (every string of the examples, every namespace synth renders for the first example) so generated
 * names collide; record keys are also tried from the release vector's component names (overrides).
 */
import fc from 'fast-check';
import { resolveLandscape } from '../../charts/landscape/resolve.js';
import { landscapeSchema } from '../../charts/landscape/schema/landscape.js';
import { synthesize } from '../../charts/synth.js';
import { exampleLandscapes, landscapesDir } from './classify.js';
import { walk, type Path } from './mutations.js';
import { COMPONENT_NAMES } from './release-vectors.js';
import { schemaArbitrary, type SchemaArbitraryOptions } from './schema-arbitrary.js';
import { schemaLocations, setAt, type Location } from './schema-locations.js';

function vocabulary(): string[] {
  const words = new Set<string>();
  const examples = exampleLandscapes();
  for (const { document } of examples) for (const { value } of walk(document)) if (typeof value === 'string') words.add(value);
  const first = examples[0];
  if (first) {
    const synthesis = synthesize(resolveLandscape(structuredClone(first.document), { source: first.name, baseDir: landscapesDir }));
    for (const layer of synthesis.layers) for (const manifest of layer.manifests) if (manifest.metadata.namespace) words.add(manifest.metadata.namespace);
  }
  return [...words].sort();
}

let options: SchemaArbitraryOptions | undefined;

/** Computed on first use (it synthesizes an example). */
export function landscapeArbitraryOptions(): SchemaArbitraryOptions {
  options ??= { recordKeys: COMPONENT_NAMES, vocabulary: vocabulary() };
  return options;
}

const whole = new Map<boolean, fc.Arbitrary<unknown>>();

/** Whole landscapes from the schema; `edges: false` aims at documents the schema accepts. */
export function landscapeArbitrary(edges: boolean): fc.Arbitrary<unknown> {
  const made = whole.get(edges) ?? schemaArbitrary(landscapeSchema, { ...landscapeArbitraryOptions(), edges, maxItems: 2 });
  whole.set(edges, made);
  return made;
}

export function landscapeLocations(document: unknown): Location[] {
  return schemaLocations(landscapeSchema, document);
}

export interface Replacement {
  readonly path: Path;
  /** undefined: the field is left out. */
  readonly value: unknown;
}

/** A schema-derived value for one location (and a key, for a new record entry). */
export function replacementArbitrary(location: Location): fc.Arbitrary<Replacement> {
  const value = schemaArbitrary(location.schema, landscapeArbitraryOptions());
  if (!location.keySchema) return value.map((v) => ({ path: location.path, value: v }));
  const key = fc.oneof(
    schemaArbitrary(location.keySchema, landscapeArbitraryOptions()).filter((k): k is string => typeof k === 'string'),
    fc.constantFrom(...COMPONENT_NAMES),
  );
  return fc.tuple(key, value).map(([k, v]) => ({ path: [...location.path, k], value: v }));
}

export function applyReplacement(document: unknown, replacement: Replacement): void {
  setAt(document as Record<string, unknown>, replacement.path, replacement.value);
}
