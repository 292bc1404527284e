/**
 * fast-check arbitraries derived from a zod schema (the landscape schema), read through zod 4's
 * public introspection (`schema._zod.def`: type, shape, element, options, checks), so the generators
 * follow the schema as it changes instead of re-declaring it.
 *
 * Every location yields values near its limits: most values satisfy what the schema can say about
 * them (regex, length, range, enum, literal) so siblings and references stay plausible and the
 * document reaches the semantic rules and the renderers; the rest sit on and just past the limits
 * (min/max lengths and values ±1, empty lists where allowed, int32 edges, unicode, very long
 * strings, deeply nested free-form values). Refinements (`.refine`, `.superRefine`) cannot be read
 * back; those strings get plausible and hostile text alike.
 */
import fc from 'fast-check';
import type { z } from 'zod';

type Schema = z.core.$ZodType;
type Check = z.core.$ZodChecks['_zod']['def'];

export interface SchemaArbitraryOptions {
  /** Include values past the schema's limits and of the wrong type (default true); false aims at values the schema accepts. */
  readonly edges?: boolean;
  /** Longest list generated where the schema sets no maximum (default 3): whole documents stay small. */
  readonly maxItems?: number;
  /** Extra record keys to try (e.g. the release vector's component names for `spec.versions.overrides`). */
  readonly recordKeys?: readonly string[];
  /**
   * Strings to try at any string location where they fit (e.g. every name in the examples and every
   * namespace synth renders), so a generated name can collide with one that exists.
   */
  readonly vocabulary?: readonly string[];
}

/** Keys that are awkward for code that merges plain objects. */
const HOSTILE_KEYS = ['__proto__', 'constructor', 'toString', '', ' ', 'a.b', '0', 'ü'];
const LONG = 5000;
const INT32_MAX = 2 ** 31 - 1;
/**
 * Deepest free-form value generated: far past the validation's limit (32) and where synth crashed
 * before it (a few hundred levels); the harness itself (structuredClone, yaml's stringify of a saved
 * input) overflows near 1000.
 */
const MAX_NESTING = 600;

function checksOf(schema: Schema): Check[] {
  return (schema._zod.def.checks ?? []).map((check) => (check as z.core.$ZodChecks)._zod.def);
}

function defOf(schema: Schema): z.core.$ZodTypes['_zod']['def'] {
  return (schema as z.core.$ZodTypes)._zod.def;
}

/** The schema below optional/default/prefault/nullable/readonly/pipe wrappers. */
export function unwrap(schema: Schema): Schema {
  const def = defOf(schema);
  switch (def.type) {
    case 'optional':
    case 'default':
    case 'prefault':
    case 'nullable':
    case 'readonly':
    case 'nonoptional':
    case 'catch':
      return unwrap(def.innerType);
    case 'pipe':
      return unwrap(def.in);
    default:
      return schema;
  }
}

/** A key may be left out: optional, or filled in by a default. */
export function omittable(schema: Schema): boolean {
  const type = defOf(schema).type;
  return type === 'optional' || type === 'default' || type === 'prefault';
}

/** Regex-matching strings; fast-check cannot generate lookaheads, so those are dropped and the full pattern filters. */
function matching(pattern: RegExp): fc.Arbitrary<string> | undefined {
  const plain = new RegExp(pattern.source.replace(/\(\?[=!][^()]*\)/g, ''), pattern.flags);
  try {
    return fc.stringMatching(plain).filter((s) => pattern.test(s));
  } catch {
    return undefined;
  }
}

/** Text that is long, unicode, whitespace or control characters. */
function hostileText(): fc.Arbitrary<string> {
  return fc.oneof(
    fc.constantFrom('', ' ', '\t', '\n', 'null', 'true', '0', '-', '.', '..', '*', '~', '${x}', '{{ .Values }}', '%', '#', ': x', '- x', '"', "'", '\\'),
    fc.string({ unit: 'grapheme', maxLength: 20 }),
    fc.string({ unit: 'binary', maxLength: 10 }),
    fc.constantFrom('x'.repeat(LONG), 'ä'.repeat(300), 'a'.repeat(64), 'a'.repeat(254), 'A'),
  );
}

function stringArbitrary(schema: Schema, edges: boolean, vocabulary: readonly string[]): fc.Arbitrary<string> {
  const def = defOf(schema) as z.core.$ZodStringDef & { format?: string; pattern?: RegExp; protocol?: RegExp };
  const checks = checksOf(schema);
  let min = 0;
  let max = Infinity;
  const patterns: RegExp[] = [];
  for (const check of checks) {
    if (check.check === 'min_length') min = Math.max(min, check.minimum);
    if (check.check === 'max_length') max = Math.min(max, check.maximum);
    if (check.check === 'length_equals') [min, max] = [check.length, check.length];
    if (check.check === 'string_format' && check.pattern) patterns.push(check.pattern);
  }
  const fits = (s: string) => s.length >= min && s.length <= max && patterns.every((p) => p.test(s));
  let valid: fc.Arbitrary<string>;
  if (def.format === 'url') {
    const schemes = def.protocol?.test('http') === false ? ['https'] : ['http', 'https'];
    valid = fc.webUrl({ validSchemes: schemes, withQueryParameters: edges, withFragments: edges });
  } else if (def.format === 'email') valid = fc.emailAddress();
  else if (def.format === 'ipv4') valid = fc.ipV4();
  else {
    const first = patterns[0];
    const fromPattern = first ? matching(first)?.filter(fits) : undefined;
    const bounded = Math.min(max, min + 30);
    valid = fromPattern ?? fc.oneof(fc.stringMatching(/^[a-z0-9][-a-z0-9]*$/), fc.string({ minLength: min, maxLength: bounded })).filter(fits);
  }
  // The schema itself decides what it accepts, refinements included: vocabulary that passes, and in
  // `edges: false` mode a generated string it refuses (an all-digit last label) becomes one that passes.
  const accepts = (text: string) => (schema as z.ZodType).safeParse(text).success;
  const known = vocabulary.filter(accepts);
  if (known.length > 0) valid = fc.oneof({ arbitrary: valid, weight: 2 }, { arbitrary: fc.constantFrom(...known), weight: 1 });
  if (!edges && known.length > 0) valid = fc.tuple(valid, fc.nat()).map(([text, i]) => (accepts(text) ? text : (known[i % known.length] ?? text)));
  if (!edges) return valid;
  const limits: fc.Arbitrary<string>[] = [];
  const lengths = [min, min - 1, max, max + 1].filter((n) => n >= 0 && Number.isFinite(n) && n <= LONG);
  // At a length limit, still matching the pattern where the pattern allows it (a 63-character label).
  for (const n of lengths) limits.push(fc.constant('a'.repeat(n)), ...(n > 4 ? [fc.constant(`${'a'.repeat(n - 4)}.com`)] : []));
  const near = valid.chain((s) => fc.constantFrom(s.toUpperCase(), `${s}.`, `-${s}`, `${s} `, `${s}/`, `${s}:`, s.replaceAll('.', '_')));
  return fc.oneof({ arbitrary: valid, weight: 6 }, { arbitrary: near, weight: 1 }, { arbitrary: fc.oneof(...limits, hostileText()), weight: 2 });
}

function numberArbitrary(schema: Schema, edges: boolean): fc.Arbitrary<number> {
  const def = defOf(schema) as z.core.$ZodNumberDef & { format?: string };
  const integer = def.format !== undefined && /int/.test(def.format);
  let min = integer ? -INT32_MAX - 1 : -1e6;
  let max = integer ? INT32_MAX : 1e6;
  for (const check of checksOf(schema)) {
    if (check.check === 'greater_than') min = Math.max(min, Number(check.value) + (check.inclusive ? 0 : 1));
    if (check.check === 'less_than') max = Math.min(max, Number(check.value) - (check.inclusive ? 0 : 1));
  }
  const valid = integer ? fc.integer({ min, max }) : fc.double({ min, max, noNaN: true });
  const limits = fc.constantFrom(min, max, Math.min(max, min + 1), Math.max(min, max - 1));
  if (!edges) return fc.oneof({ arbitrary: valid, weight: 2 }, { arbitrary: limits, weight: 1 });
  const past = fc.constantFrom(min - 1, max + 1, 0, -1, 1.5, INT32_MAX, INT32_MAX + 1, Number.MAX_SAFE_INTEGER, 1e308, -0);
  return fc.oneof({ arbitrary: valid, weight: 3 }, { arbitrary: limits, weight: 2 }, { arbitrary: past, weight: 2 });
}

/** Free-form values (extension Helm values): JSON trees, odd keys, and chains nested hundreds deep. */
/**
 * The value with ordinary objects: fast-check may build objects without a prototype, which no YAML
 * file (and no landscape author) produces. For the shallow values of jsonValue only.
 */
function plain(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(plain);
  if (typeof value === 'object' && value !== null) {
    const out: Record<string, unknown> = {};
    for (const [key, item] of Object.entries(value))
      Object.defineProperty(out, key, { value: plain(item), enumerable: true, writable: true, configurable: true });
    return out;
  }
  return value;
}

function freeForm(edges: boolean): fc.Arbitrary<unknown> {
  const json = fc.jsonValue({ maxDepth: 4 }).map(plain);
  if (!edges) return json;
  const deep = fc.tuple(fc.integer({ min: 1, max: MAX_NESTING }), fc.constantFrom('object', 'array', 'mixed')).map(([depth, shape]) => {
    let value: unknown = 'leaf';
    for (let i = 0; i < depth; i++) value = shape === 'array' || (shape === 'mixed' && i % 2 === 0) ? [value] : { [`k${i % 3}`]: value };
    return value;
  });
  const hostileKeys = fc.dictionary(fc.constantFrom(...HOSTILE_KEYS), json, { maxKeys: 3, noNullPrototype: true });
  return fc.oneof({ arbitrary: json, weight: 3 }, { arbitrary: deep, weight: 1 }, { arbitrary: hostileKeys, weight: 1 });
}

/** Values of every other type, for a location that expects one type. */
const wrongType: fc.Arbitrary<unknown> = fc.constantFrom(null, true, 0, -1, 1.5, '', 'x', [], {}, [{}], { a: { b: [1] } });

/**
 * An arbitrary for the values of one schema location. `undefined` in an object means the key is left
 * out (a YAML document cannot say undefined).
 */
export function schemaArbitrary(schema: Schema, options: SchemaArbitraryOptions = {}): fc.Arbitrary<unknown> {
  const edges = options.edges ?? true;
  const maxItems = options.maxItems ?? 3;
  const seen = new Map<Schema, fc.Arbitrary<unknown>>();
  const of = (node: Schema): fc.Arbitrary<unknown> => {
    const known = seen.get(node);
    if (known) return known;
    const made = build(node);
    seen.set(node, made);
    return made;
  };
  const withWrongType = (arbitrary: fc.Arbitrary<unknown>): fc.Arbitrary<unknown> =>
    edges ? fc.oneof({ arbitrary, weight: 12 }, { arbitrary: wrongType, weight: 1 }) : arbitrary;
  const build = (node: Schema): fc.Arbitrary<unknown> => {
    const def = defOf(node);
    switch (def.type) {
      case 'optional':
      case 'default':
      case 'prefault':
        // The key left out (its default applies), or a value. Aiming at valid values, a value the
        // schema refuses (a refinement the generator cannot read, e.g. a cron schedule) is left out too.
        return fc.oneof(
          { arbitrary: fc.constant(undefined), weight: 1 },
          {
            arbitrary: edges ? of(def.innerType) : of(def.innerType).map((value) => ((node as z.ZodType).safeParse(value).success ? value : undefined)),
            weight: 3,
          },
        );
      case 'nullable':
        return fc.oneof(fc.constant(null), of(def.innerType));
      case 'readonly':
      case 'nonoptional':
      case 'catch':
        return of(def.innerType);
      case 'pipe':
        return of(def.in);
      case 'lazy':
        return fc.constant(undefined).chain(() => of(def.getter()));
      case 'string':
        return withWrongType(stringArbitrary(node, edges, options.vocabulary ?? []));
      case 'number':
        return withWrongType(numberArbitrary(node, edges));
      case 'boolean':
        return withWrongType(fc.boolean());
      case 'literal':
        return withWrongType(fc.constantFrom(...def.values));
      case 'enum': {
        const values = Object.values(def.entries);
        const near = values.flatMap((v) => (typeof v === 'string' ? [v.toUpperCase(), ` ${v}`, v.slice(0, -1)] : []));
        return edges && near.length > 0
          ? fc.oneof(
              { arbitrary: fc.constantFrom(...values), weight: 8 },
              { arbitrary: fc.constantFrom(...near), weight: 1 },
              { arbitrary: wrongType, weight: 1 },
            )
          : fc.constantFrom(...values);
      }
      case 'union':
        return fc.oneof(...def.options.map((option) => of(option)));
      case 'array': {
        let min = 0;
        let max = Infinity;
        for (const check of checksOf(node)) {
          if (check.check === 'min_length') min = check.minimum;
          if (check.check === 'max_length') max = check.maximum;
        }
        const upper = Math.min(max, min + maxItems);
        const valid = fc.array(of(def.element), { minLength: min, maxLength: upper });
        if (!edges) return valid;
        const short = min > 0 ? fc.array(of(def.element), { minLength: min - 1, maxLength: min - 1 }) : fc.constant([]);
        return withWrongType(fc.oneof({ arbitrary: valid, weight: 4 }, { arbitrary: short, weight: 1 }));
      }
      case 'record': {
        const keyType = of(def.keyType).filter((k): k is string => typeof k === 'string');
        const keys = options.recordKeys && options.recordKeys.length > 0 ? fc.oneof(keyType, fc.constantFrom(...options.recordKeys)) : keyType;
        return withWrongType(fc.dictionary(keys, of(def.valueType), { maxKeys: maxItems, noNullPrototype: true }));
      }
      case 'object': {
        const entries = Object.entries(def.shape).map(([key, value]) => [key, of(value)] as const);
        const record = fc.tuple(...entries.map(([, arbitrary]) => arbitrary)).map((values) => {
          const out: Record<string, unknown> = {};
          values.forEach((value, i) => {
            const key = entries[i]?.[0];
            if (key !== undefined && value !== undefined) out[key] = value;
          });
          return out;
        });
        if (!edges) return record;
        // A strict object refuses unknown keys; a misspelt key is what an operator writes.
        const extra = fc.tuple(record, fc.constantFrom('unknown', ...Object.keys(def.shape).map((k) => `${k}s`))).map(([o, k]) => ({ ...o, [k]: 'x' }));
        return withWrongType(fc.oneof({ arbitrary: record, weight: 10 }, { arbitrary: extra, weight: 1 }));
      }
      case 'unknown':
      case 'any':
        return freeForm(edges);
      default:
        return wrongType;
    }
  };
  return of(schema);
}
