// Compares a manifest with the object the server stored: every field the manifest sets must be
// there with the same value. Fields the server adds (defaults, status, metadata) are fine; a field
// it dropped or changed is what a GitOps engine would report as drift forever.

/** `path: expected X, stored Y` for each field of `desired` that `live` lacks or holds differently. */
export function driftOf(desired: unknown, live: unknown, path = ''): string[] {
  if (desired === null || typeof desired !== 'object') {
    return Object.is(desired, live) ? [] : [`${path || '.'}: expected ${JSON.stringify(desired)}, stored ${JSON.stringify(live)}`];
  }
  if (Array.isArray(desired)) {
    if (!Array.isArray(live) || live.length !== desired.length) {
      return [`${path}: expected ${desired.length} items, stored ${JSON.stringify(live)}`];
    }
    return desired.flatMap((item, i) => driftOf(item, live[i], `${path}[${i}]`));
  }
  if (live === null || typeof live !== 'object' || Array.isArray(live)) return [`${path}: expected an object, stored ${JSON.stringify(live)}`];
  return Object.entries(desired).flatMap(([key, value]) => {
    // Secrets: the server moves stringData into data; dist/ never holds Secret values anyway.
    if (key === 'stringData') return [];
    return driftOf(value, (live as Record<string, unknown>)[key], `${path}.${key}`);
  });
}
