/**
 * The locations of a document as the schema sees them: every field the schema declares under an
 * object of the document (present or left out), every list entry plus one past the end, every record
 * entry plus a new key. Each comes with the schema of that location, so a schema-derived value can be
 * put there while the rest of the example stays valid — which reaches the renderers far more often
 * than whole random documents do.
 */
import type { z } from 'zod';
import type { Path } from './mutations.js';
import { unwrap } from './schema-arbitrary.js';

type Schema = z.core.$ZodType;

export interface Location {
  /** Where the value goes; for a new record entry, the record (the key is generated with the value). */
  readonly path: Path;
  readonly schema: Schema;
  /** A record entry that does not exist yet; its key comes from `keySchema`. */
  readonly keySchema?: Schema;
}

function isTree(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** The union option a value belongs to: the one whose discriminator or parse matches, else every option. */
function unionOptions(options: readonly Schema[], value: unknown): readonly Schema[] {
  const matching = options.filter((option) => (option as z.ZodType).safeParse(value).success);
  if (matching.length > 0) return matching.slice(0, 1);
  return options;
}

export function schemaLocations(root: Schema, document: unknown): Location[] {
  const out: Location[] = [];
  const visit = (schema: Schema, value: unknown, path: Path): void => {
    const inner = unwrap(schema);
    const def = (inner as z.core.$ZodTypes)._zod.def;
    switch (def.type) {
      case 'object':
        for (const [key, child] of Object.entries(def.shape)) {
          out.push({ path: [...path, key], schema: child });
          // Fields left out are visited too, so a value can go below them (a new override, extension values).
          visit(child, isTree(value) ? value[key] : undefined, [...path, key]);
        }
        return;
      case 'array': {
        const items = Array.isArray(value) ? (value as unknown[]) : [];
        items.forEach((item, i) => {
          out.push({ path: [...path, i], schema: def.element });
          visit(def.element, item, [...path, i]);
        });
        out.push({ path: [...path, items.length], schema: def.element });
        return;
      }
      case 'record':
        if (isTree(value))
          for (const [key, item] of Object.entries(value)) {
            out.push({ path: [...path, key], schema: def.valueType });
            visit(def.valueType, item, [...path, key]);
          }
        out.push({ path, schema: def.valueType, keySchema: def.keyType });
        return;
      case 'union':
        for (const option of unionOptions(def.options, value)) visit(option, value, path);
        return;
      default:
        return;
    }
  };
  visit(root, document, []);
  return out;
}

/**
 * Sets `value` at `path` in place, creating the objects on the way; `undefined` deletes the key (the
 * field left out) or the list entry.
 */
export function setAt(root: Record<string, unknown>, concrete: Path, value: unknown): void {
  let current: Record<string | number, unknown> = root;
  concrete.slice(0, -1).forEach((segment, i) => {
    const next = current[segment];
    if (typeof next !== 'object' || next === null) current[segment] = typeof concrete[i + 1] === 'number' ? [] : {};
    current = current[segment] as Record<string | number, unknown>;
  });
  const key = concrete[concrete.length - 1];
  if (key === undefined) return;
  if (value === undefined) {
    if (Array.isArray(current) && typeof key === 'number') current.splice(key, 1);
    else delete current[key];
  } else current[key] = value;
}
