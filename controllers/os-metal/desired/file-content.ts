/**
 * The bytes a file of the OSC must have on the machine. Inline content is decoded as Gardener's
 * file codecs do (`''` plain, `'b64'` Go's standard padded base64, which skips CR and LF);
 * `secretRef` content is read from the already-fetched Secret data. Upstream leaves secretRef and
 * imageRef files empty (and so overwrites what the machine has with nothing); here that is an error.
 */
import type { OscFile } from './osc.js';
import { problem, type Problem } from './problem.js';

/** Secret `data` as the API returns it (values base64), by Secret name, all in the OSC's namespace. */
export type SecretsByName = Readonly<Record<string, Readonly<Record<string, string>> | undefined>>;

export const ENCODING_PLAIN = '';
export const ENCODING_B64 = 'b64';

const BASE64_PADDED = /^[A-Za-z0-9+/]*={0,2}$/;

/** Go's `base64.StdEncoding.DecodeString`, or undefined where Go fails. */
export function decodeGoBase64(data: string): Uint8Array | undefined {
  const text = data.replace(/[\r\n]/g, '');
  if (text.length % 4 !== 0 || !BASE64_PADDED.test(text)) return undefined;
  return new Uint8Array(Buffer.from(text, 'base64'));
}

export type ContentResult = { readonly bytes: Uint8Array } | { readonly problem: Problem };

export function fileContent(file: OscFile, index: number, secrets: SecretsByName): ContentResult {
  const at = `spec.files[${index}].content`;
  const { inline, secretRef, imageRef } = file.content;
  if (inline) {
    if (inline.encoding === ENCODING_PLAIN) return { bytes: new TextEncoder().encode(inline.data) };
    if (inline.encoding === ENCODING_B64) {
      const bytes = decodeGoBase64(inline.data);
      return bytes
        ? { bytes }
        : { problem: problem(`${at}.inline.data`, `file ${file.path}: not valid base64 (standard alphabet with padding) although encoding is "b64"`) };
    }
    return { problem: problem(`${at}.inline.encoding`, `file ${file.path}: unknown encoding; accepted: "" (plain) or "b64"`, inline.encoding) };
  }
  if (secretRef) {
    const secret = secrets[secretRef.name];
    if (!secret) {
      return {
        problem: problem(
          `${at}.secretRef.name`,
          `file ${file.path}: secret ${JSON.stringify(secretRef.name)} was not found in the OSC's namespace`,
          secretRef.name,
        ),
      };
    }
    const value = secret[secretRef.dataKey];
    if (value === undefined) {
      const keys = Object.keys(secret).sort();
      return {
        problem: problem(
          `${at}.secretRef.dataKey`,
          `file ${file.path}: secret ${JSON.stringify(secretRef.name)} has no key ${JSON.stringify(secretRef.dataKey)} (keys: ${keys.length > 0 ? keys.join(', ') : 'none'})`,
          secretRef.dataKey,
        ),
      };
    }
    return { bytes: new Uint8Array(Buffer.from(value, 'base64')) };
  }
  if (imageRef) {
    return {
      problem: problem(
        `${at}.imageRef`,
        `file ${file.path}: content from a container image cannot be put into userdata (only gardener-node-agent can pull it); use inline or secretRef content`,
        imageRef.image,
      ),
    };
  }
  // No source at all: upstream writes an empty file, and so does this.
  return { bytes: new Uint8Array() };
}

/** Names of the Secrets whose data `fileContent` needs for these files (each once, in order). */
export function referencedSecrets(files: readonly OscFile[]): string[] {
  return [...new Set(files.flatMap((f) => (!f.content.inline && f.content.secretRef ? [f.content.secretRef.name] : [])))];
}
