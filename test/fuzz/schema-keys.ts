import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';

/**
 * Every property name the landscape schema (landscapes/landscape.schema.json) knows, plus the names
 * its `propertyNames` enums allow (component overrides, extensions): the keys an `add` mutation puts
 * where they may or may not belong, so optional fields the examples leave out get exercised too.
 */
function collectKeys(node: unknown, keys: Set<string>): Set<string> {
  if (Array.isArray(node)) for (const item of node) collectKeys(item, keys);
  else if (typeof node === 'object' && node !== null) {
    for (const [key, value] of Object.entries(node)) {
      if (key === 'properties' && typeof value === 'object' && value !== null) for (const name of Object.keys(value as object)) keys.add(name);
      if (key === 'propertyNames' && typeof value === 'object' && value !== null) {
        const names = (value as { enum?: unknown }).enum;
        if (Array.isArray(names)) for (const name of names) if (typeof name === 'string') keys.add(name);
      }
      collectKeys(value, keys);
    }
  }
  return keys;
}

const schema = JSON.parse(readFileSync(resolve(import.meta.dirname, '../../landscapes/landscape.schema.json'), 'utf8')) as unknown;

export const SCHEMA_KEYS: readonly string[] = [...collectKeys(schema, new Set())].sort();
