/** A string somewhere in a JSON-like value: a field's value, or a field's name (`key`). */
export interface StringAt {
  readonly path: readonly PropertyKey[];
  readonly value: string;
  /** The string is the name of a field of the object at `path` (never part of the path: it may be the secret). */
  readonly key: boolean;
}

/**
 * Every string of a value in document order, field names included: a secret pasted as a map key
 * (`values: { "ghp_...": true }`) reaches dist/ as surely as a value does. Iterative, with an explicit
 * stack: a landscape's free-form values may be nested deeper than the call stack allows (the schema
 * refuses them, but the walk runs on what the user wrote, before the schema's verdict).
 */
export function* stringsIn(value: unknown, path: readonly PropertyKey[] = []): Generator<StringAt> {
  // Pending items, last first: a value to walk, or a field name to report before its value.
  const stack: Array<{ value: unknown; path: readonly PropertyKey[]; key?: string }> = [{ value, path }];
  while (stack.length > 0) {
    const item = stack.pop()!;
    if (item.key !== undefined) {
      yield { path: item.path, value: item.key, key: true };
      continue;
    }
    const current = item.value;
    if (typeof current === 'string') yield { path: item.path, value: current, key: false };
    else if (Array.isArray(current)) {
      for (let index = current.length - 1; index >= 0; index--) stack.push({ value: current[index] as unknown, path: [...item.path, index] });
    } else if (typeof current === 'object' && current !== null) {
      const entries: Array<[string, unknown]> = Object.entries(current as Record<string, unknown>);
      for (let index = entries.length - 1; index >= 0; index--) {
        const [name, child] = entries[index]!;
        stack.push({ value: child, path: [...item.path, name] });
        stack.push({ value: undefined, path: item.path, key: name });
      }
    }
  }
}
