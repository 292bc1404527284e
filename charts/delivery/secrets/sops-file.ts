import { parseDocument } from 'yaml';

/**
 * What synth reads from a `*.sops.yaml` file already in the output folder, without decrypting it:
 * sops leaves mapping keys and unencrypted fields readable and writes its metadata under `sops:`.
 */

/** sops' form of an encrypted value: `ENC[AES256_GCM,data:<base64>,iv:<base64>,tag:<base64>,type:<type>]`. */
export const SOPS_VALUE = /^ENC\[AES256_GCM,data:[A-Za-z0-9+/=]*,iv:[A-Za-z0-9+/=]+,tag:[A-Za-z0-9+/=]+,type:[a-z]+\]$/;

/** The same, anywhere in a text (for the secret value guard, which masks ciphertext only in files with sops metadata). */
const SOPS_VALUE_IN_TEXT = /ENC\[AES256_GCM,data:[A-Za-z0-9+/=]*,iv:[A-Za-z0-9+/=]+,tag:[A-Za-z0-9+/=]+,type:[a-z]+\]/g;

/** The data key sops encrypted for an age recipient, as sops writes it (ASCII-armoured age file). */
const AGE_ARMOR = /-----BEGIN AGE ENCRYPTED FILE-----[\s\S]*?-----END AGE ENCRYPTED FILE-----/g;

export interface SopsFile {
  /** The file has `sops:` metadata: sops encrypted it (synth never overwrites it). */
  readonly encrypted: boolean;
  /** age recipients in the metadata (public keys). */
  readonly recipients: readonly string[];
  readonly apiVersion?: string;
  readonly kind?: string;
  readonly name?: string;
  readonly namespace?: string;
  /** Keys of `data` and `stringData`, sorted. */
  readonly keys: readonly string[];
  readonly labels: Readonly<Record<string, string>>;
  readonly annotations: Readonly<Record<string, string>>;
  /** `data.<key>`/`stringData.<key>` whose value is not sops ciphertext. */
  readonly plaintext: readonly string[];
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function strings(value: unknown): Record<string, string> {
  if (!isRecord(value)) return {};
  return Object.fromEntries(Object.entries(value).filter((entry): entry is [string, string] => typeof entry[1] === 'string'));
}

/** Reads a stub or an encrypted stub; undefined when the text is not a YAML mapping (then it is no stub of ours). */
export function readSopsFile(text: string): SopsFile | undefined {
  const document = parseDocument(text, { uniqueKeys: false });
  if (document.errors.length > 0) return undefined;
  const content: unknown = document.toJS();
  if (!isRecord(content)) return undefined;
  const sops = content.sops;
  const metadata = isRecord(content.metadata) ? content.metadata : {};
  const keys: string[] = [];
  const plaintext: string[] = [];
  for (const field of ['data', 'stringData'] as const) {
    const values = content[field];
    if (!isRecord(values)) continue;
    for (const [key, value] of Object.entries(values)) {
      keys.push(key);
      if (typeof value !== 'string' || !SOPS_VALUE.test(value)) plaintext.push(`${field}.${key}`);
    }
  }
  const age = isRecord(sops) && Array.isArray(sops.age) ? sops.age : [];
  return {
    encrypted: sops !== undefined,
    recipients: age.flatMap((entry) => (isRecord(entry) && typeof entry.recipient === 'string' ? [entry.recipient] : [])),
    ...(typeof content.apiVersion === 'string' ? { apiVersion: content.apiVersion } : {}),
    ...(typeof content.kind === 'string' ? { kind: content.kind } : {}),
    ...(typeof metadata.name === 'string' ? { name: metadata.name } : {}),
    ...(typeof metadata.namespace === 'string' ? { namespace: metadata.namespace } : {}),
    keys: [...new Set(keys)].sort(),
    labels: strings(metadata.labels),
    annotations: strings(metadata.annotations),
    plaintext,
  };
}

/**
 * The text of a file with sops ciphertext blanked (same length, so line numbers hold), for the secret
 * value guard: ciphertext and the armoured data keys are random by design and not secret. Only a file
 * with sops metadata whose data values are all ciphertext is masked; anything else stays as it is,
 * so a plaintext value — or `ENC[...]` pasted into another file — is still inspected.
 */
export function maskSopsCiphertext(text: string): string {
  const file = readSopsFile(text);
  if (!file?.encrypted || file.plaintext.length > 0) return text;
  return text.replace(SOPS_VALUE_IN_TEXT, (match) => ' '.repeat(match.length)).replace(AGE_ARMOR, (match) => match.replace(/[^\n]/g, ' '));
}
