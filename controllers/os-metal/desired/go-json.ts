/**
 * JSON as Go's `encoding/json.Marshal` writes it, for byte-identical userdata: like
 * `JSON.stringify` without indentation, except that Go escapes `<`, `>`, `&` (HTML safety) and
 * U+2028/U+2029 as `\u....`. Object keys come out in insertion order, so callers build objects in
 * the order of the Go struct's fields.
 */
export function goJson(value: unknown): string {
  return JSON.stringify(value).replace(/[<>&\u2028\u2029]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
}
