/**
 * The RFC 2397 data URL upstream puts into Ignition (container-linux-config-transpiler v0.9.4,
 * config/types/files.go: `"data:" + "," + dataurl.EscapeString(inline)`, with
 * github.com/vincent-petithory/dataurl v1.0.0's `Escape`): no media type, no base64; every byte
 * outside RFC 2396's unreserved set `[A-Za-z0-9-_.!~*'()]` as `%XX` (upper-case hex).
 */
const UNRESERVED = new Set([..."abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-_.!~*'()"].map((c) => c.charCodeAt(0)));

export function dataUrl(bytes: Uint8Array): string {
  let out = 'data:,';
  for (const b of bytes) out += UNRESERVED.has(b) ? String.fromCharCode(b) : `%${b.toString(16).toUpperCase().padStart(2, '0')}`;
  return out;
}
