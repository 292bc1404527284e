import type { Manifest } from '../synth.js';
import { describeFinding, findSecrets, remedy, type SecretFinding } from '../landscape/secrets/detect.js';
import { stringsIn } from '../landscape/secrets/walk.js';

/**
 * The last line before dist/ (committed to git): every string synth writes is inspected for secret
 * values, whatever object or field holds it and wherever it came from (the landscape, a release
 * vector, a default, a construct). The landscape check names the landscape field; this guard exists
 * for what is derived, and for files that are not manifests. Nothing is exempt by path or field name;
 * legitimate shapes (digests, UUIDs, certificates) are allowed by their form in detect.ts.
 */

/** One secret value found in dist/: file, where in it, what (never the value itself). */
export interface LeakedValue {
  readonly file: string;
  readonly where: string;
  readonly finding: SecretFinding;
}

export class SecretValueError extends Error {
  constructor(readonly leaks: readonly LeakedValue[]) {
    super(
      `synth refuses to write dist/: ${leaks.length} secret value${leaks.length === 1 ? '' : 's'} would be committed to git\n` +
        leaks.map((l) => `  dist/${l.file} ${l.where}: ${describeFinding(l.finding)}; ${remedy(l.finding)}`).join('\n') +
        '\nfind the landscape field, release vector entry or construct it came from and change it there',
    );
    this.name = 'SecretValueError';
  }
}

/** `spec.values["dns.provider"][0]`: dotted where a key is a plain name, quoted where it is not. */
export function jsonPath(path: readonly PropertyKey[]): string {
  let out = '';
  for (const segment of path) {
    if (typeof segment === 'number') out += `[${segment}]`;
    else if (/^[A-Za-z_][\w-]*$/.test(String(segment))) out += out === '' ? String(segment) : `.${String(segment)}`;
    else out += `[${JSON.stringify(String(segment))}]`;
  }
  return out === '' ? '(document)' : out;
}

/** Secret values in the objects of manifest files, with the object and the JSON path of each string. */
export function leaksInManifests(files: ReadonlyArray<readonly [file: string, manifest: Manifest]>): LeakedValue[] {
  const leaks: LeakedValue[] = [];
  for (const [file, manifest] of files) {
    const object = `${manifest.kind} ${manifest.metadata.namespace ? `${manifest.metadata.namespace}/` : ''}${manifest.metadata.name}`;
    for (const at of stringsIn(manifest)) {
      for (const finding of findSecrets(at.value)) {
        leaks.push({ file, where: `(${object}) ${at.key ? 'a field name in ' : ''}${jsonPath(at.path)}`, finding });
      }
    }
  }
  return leaks;
}

/** Secret values in any file's text (README.md, the secret inventory, and every manifest once more as written), by line. */
export function leaksInText(files: ReadonlyMap<string, string>): LeakedValue[] {
  const leaks: LeakedValue[] = [];
  for (const [file, text] of files) {
    for (const finding of findSecrets(text)) {
      const line = text.slice(0, finding.index).split('\n').length;
      leaks.push({ file, where: `line ${line}`, finding });
    }
  }
  return leaks;
}

export function assertNoSecretValues(leaks: readonly LeakedValue[]): void {
  if (leaks.length > 0) throw new SecretValueError(leaks);
}
