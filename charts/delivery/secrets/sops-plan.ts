import type { RequiredSecret } from '../../clusters/secret-inventory.js';
import type { LayerId } from '../../clusters/layer.js';
import { readSopsFile, type SopsFile } from './sops-file.js';
import { renderSopsConfig, renderStub, SOPS_CONFIG_FILE, stubbedSecrets, stubPath } from './sops-stubs.js';

/**
 * Which SOPS files synth writes, given what the output folder already holds. The rules, so that synth
 * can never destroy or leak a secret:
 * - a file with sops metadata is never overwritten, never decrypted and never deleted by synth: kept
 *   byte for byte while it still is the Secret the landscape requires, refused otherwise (the message
 *   says how to fix it by hand);
 * - a plain stub (no sops metadata) is synth's own output and is rewritten with empty values;
 * - only an encrypted stub is listed in its folder's kustomization.yaml, so Flux never applies an
 *   empty Secret over a real one.
 */

/** The `*.sops.yaml` files of the output folder before the run: path relative to it → content. */
export type ExistingSopsFiles = ReadonlyMap<string, string>;

export interface SopsPlan {
  /** .sops.yaml and every stub, by path in dist/. */
  readonly files: ReadonlyArray<readonly [string, string]>;
  /** Per layer, the file names of its encrypted stubs (kustomization.yaml resources; the layer's Kustomization decrypts). */
  readonly encrypted: ReadonlyMap<LayerId, readonly string[]>;
  /** Stubs still to fill and encrypt (dist/README.md lists them). */
  readonly toEncrypt: readonly RequiredSecret[];
  /** Encrypted stubs whose age recipients differ from the landscape's (`sops updatekeys` fixes them). */
  readonly otherRecipients: ReadonlyArray<{ readonly path: string; readonly recipients: readonly string[] }>;
}

/** Encrypted files synth will not touch and cannot keep: each with what is wrong and how to fix it. */
export class SopsFilesRefused extends Error {
  constructor(readonly problems: readonly string[]) {
    super(
      `synth refuses to write: ${problems.length} encrypted SOPS file${problems.length === 1 ? '' : 's'} in the output folder no longer match the landscape\n${problems.map((p) => `  ${p}`).join('\n')}`,
    );
    this.name = 'SopsFilesRefused';
  }
}

function list(items: readonly string[]): string {
  return items.length === 0 ? '(none)' : items.join(', ');
}

/** What differs between an encrypted file and the Secret it must be, as sentences; empty when it matches. */
function mismatches(file: SopsFile, secret: RequiredSecret, ageRecipients: readonly string[]): string[] {
  const found: string[] = [];
  if (file.apiVersion !== 'v1' || file.kind !== 'Secret') found.push(`it is ${file.apiVersion ?? '?'} ${file.kind ?? '?'}, not a v1 Secret`);
  if (file.name !== secret.name || file.namespace !== secret.namespace) {
    found.push(`it is Secret ${file.namespace ?? '?'}/${file.name ?? '?'}, the landscape requires ${secret.namespace}/${secret.name}`);
  }
  const required = [...secret.keys].sort();
  if (file.keys.join('\n') !== required.join('\n')) found.push(`it has keys ${list(file.keys)}, the landscape requires keys ${list(required)}`);
  for (const [what, have, want] of [
    ['label', file.labels, secret.labels ?? {}],
    ['annotation', file.annotations, secret.annotations ?? {}],
  ] as const) {
    for (const [key, value] of Object.entries(want)) {
      if (have[key] !== value)
        found.push(`${what} ${key} is ${have[key] === undefined ? 'missing' : JSON.stringify(have[key])}, the landscape requires ${JSON.stringify(value)}`);
    }
  }
  if (file.plaintext.length > 0)
    found.push(`${list(file.plaintext)} ${file.plaintext.length === 1 ? 'is' : 'are'} not encrypted (a plaintext value must never be committed)`);
  if (file.recipients.length === 0)
    found.push(`it is encrypted without an age recipient; kustomize-controller decrypts with the age key only (recipients: ${list(ageRecipients)})`);
  return found;
}

function fixFor(path: string): string {
  return `fix: cd into the output folder, sops -d -i ${path} (needs a private key of its recipients), edit it to match, sops -e -i ${path}; or delete ${path} to get a fresh stub to fill`;
}

/** Plans the SOPS files of `secrets` (the synthesis' inventory) for an output folder holding `existing`. */
export function planSopsFiles(ageRecipients: readonly string[], secrets: readonly RequiredSecret[], existing: ExistingSopsFiles): SopsPlan {
  const files: Array<readonly [string, string]> = [[SOPS_CONFIG_FILE, renderSopsConfig(ageRecipients)]];
  const encrypted = new Map<LayerId, string[]>();
  const toEncrypt: RequiredSecret[] = [];
  const otherRecipients: Array<{ path: string; recipients: readonly string[] }> = [];
  const problems: string[] = [];
  const wanted = new Map(stubbedSecrets(secrets).map((secret) => [stubPath(secret), secret] as const));
  for (const [path, secret] of wanted) {
    const text = existing.get(path);
    const file = text === undefined ? undefined : readSopsFile(text);
    if (text === undefined || !file?.encrypted) {
      files.push([path, renderStub(secret)]);
      toEncrypt.push(secret);
      continue;
    }
    const wrong = mismatches(file, secret, ageRecipients);
    if (wrong.length > 0) {
      problems.push(`${path}: ${wrong.join('; ')}. synth never overwrites an encrypted file; ${fixFor(path)}`);
      continue;
    }
    files.push([path, text]);
    const layer = secret.layers?.[0] as LayerId;
    encrypted.set(layer, [...(encrypted.get(layer) ?? []), path.slice(layer.length + 1)]);
    const sorted = [...file.recipients].sort();
    if (sorted.join(',') !== [...ageRecipients].sort().join(',')) otherRecipients.push({ path, recipients: sorted });
  }
  for (const [path, text] of [...existing.entries()].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))) {
    if (wanted.has(path) || !readSopsFile(text)?.encrypted) continue;
    const file = readSopsFile(text);
    const now = [...wanted.entries()].find(([, s]) => s.name === file?.name && s.namespace === file?.namespace && path.startsWith(`${s.cluster}/`));
    problems.push(
      now
        ? `${path}: encrypted Secret ${now[1].namespace}/${now[1].name} now belongs in ${now[0]} (the first layer that reads it moved); synth never moves or deletes an encrypted file: git mv ${path} ${now[0]}`
        : `${path}: encrypted Secret ${file?.namespace ?? '?'}/${file?.name ?? '?'} is no longer required by the landscape; synth never deletes an encrypted file: delete it yourself (git rm ${path}) once nothing needs it`,
    );
  }
  if (problems.length > 0) throw new SopsFilesRefused(problems);
  return { files, encrypted, toEncrypt, otherRecipients };
}
