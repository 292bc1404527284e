/**
 * JSON exactly as Go's encoding/json marshals decoded YAML/JSON values (what Helm's `toJson` prints):
 * object keys sorted, no whitespace, `<`, `>`, `&`, U+2028 and U+2029 escaped as `\u00XX`/`\u20XX`.
 * The chart's ConfigMap and its checksum are computed once by helm (`toJson`) and once here; both must
 * give the same bytes, so the Deployment rendered from the chart equals the construct output.
 */
export function goJson(value: unknown): string {
  if (value === null || value === undefined) return 'null';
  if (typeof value === 'boolean') return value ? 'true' : 'false';
  if (typeof value === 'number') {
    if (!Number.isFinite(value)) throw new Error(`goJson: ${value} has no JSON form`);
    return JSON.stringify(value);
  }
  if (typeof value === 'string') {
    return JSON.stringify(value).replace(/[<>&\u2028\u2029]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
  }
  if (Array.isArray(value)) return `[${value.map(goJson).join(',')}]`;
  if (typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>).filter(([, v]) => v !== undefined);
    entries.sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, v]) => `${goJson(k)}:${goJson(v)}`).join(',')}}`;
  }
  throw new Error(`goJson: a ${typeof value} has no JSON form`);
}
