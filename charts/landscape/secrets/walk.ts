/** A string somewhere in a JSON-like value: a field's value, or a field's name (`key`). */
export interface StringAt {
  readonly path: readonly PropertyKey[];
  readonly value: string;
  /** The string is the name of a field of the object at `path` (never part of the path: it may be the secret). */
  readonly key: boolean;
}

/**
 * Every string of a value in document order, field names included: a secret pasted as a map key
 * (`values: { "ghp_...": true }`) reaches dist/ as surely as a value does.
 */
export function* stringsIn(value: unknown, path: readonly PropertyKey[] = []): Generator<StringAt> {
  if (typeof value === 'string') yield { path, value, key: false };
  else if (Array.isArray(value)) for (const [index, item] of value.entries()) yield* stringsIn(item, [...path, index]);
  else if (typeof value === 'object' && value !== null) {
    for (const [name, item] of Object.entries(value)) {
      yield { path, value: name, key: true };
      yield* stringsIn(item, [...path, name]);
    }
  }
}
