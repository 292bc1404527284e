import { TOKEN_PATTERNS } from './token-patterns.js';

/**
 * Finds secret values in any text: the check behind both the landscape rule (a secret in any field)
 * and synth's last-line guard over dist/ (a secret in any string written). Pure and fast: regexes and
 * one pass of entropy over the tokens left once legitimate shapes are removed.
 */

export type Detector = 'private-key' | 'token' | 'url-credentials' | 'url-query-credentials' | 'high-entropy';

export interface SecretFinding {
  readonly detector: Detector;
  /** What was found, for messages ("GitHub personal access token"). */
  readonly what: string;
  /** Offset of the secret in the text and its length; the secret itself is never part of a finding. */
  readonly index: number;
  readonly length: number;
  /** The first characters of the secret (at most PREFIX_SHOWN), enough to recognize it, too few to use it. */
  readonly prefix: string;
}

export const PREFIX_SHOWN = 4;

// The patterns run on strings of any length (a pasted file, all of README.md): each is linear in it.
// A PEM body stops at the next "-----" (its END line, or the next BEGIN), a URL scheme at 32 characters.

/** PEM private keys of every flavour (RSA, EC, OPENSSH, ENCRYPTED, PGP ... BLOCK): the whole block, or the header alone when cut. */
const PRIVATE_KEY = /-----BEGIN([ A-Z0-9_-]{0,100})PRIVATE KEY( BLOCK)?-----(?:(?:[^-]|-(?!----))*-----END\1PRIVATE KEY\2-----)?/g;

/** Public PEM material (certificates, CA bundles, CRLs, public keys): not secret, and its base64 body must not count as entropy. */
const PUBLIC_PEM = /-----BEGIN (CERTIFICATE|TRUSTED CERTIFICATE|X509 CRL|PUBLIC KEY|RSA PUBLIC KEY)-----(?:[^-]|-(?!----))*-----END \1-----/g;

/** Base64 of "-----BEGIN" (a PEM block as Kubernetes `caBundle` fields carry it), decoded and checked like PEM text. */
const BASE64_PEM = /LS0tLS1CRUdJT[A-Za-z0-9+/=]*/g;

/** `scheme://user:password@host`: a password (or token) in a URL's user-info; `user@` alone is no secret. */
const URL_USERINFO = /\b[a-z][a-z0-9+.-]{0,31}:\/\/([^\s/?#@:]*):([^\s/?#@]+)@/gi;

/** A credential passed as a URL query parameter (`?access_token=...`, pre-signed S3 URLs). */
const URL_QUERY =
  /[?&](access_token|token|api[_-]?key|apikey|password|passwd|secret|client_secret|x-amz-signature|x-amz-credential|sig|signature)=([^&#\s"']+)/gi;

/**
 * Legitimate high-entropy shapes, allowed explicitly by their form (never by the field holding them):
 * content digests (`sha256:<hex>`, image references pin them), UUIDs (object ids, masterdata) and age
 * public keys (`spec.delivery.secrets.ageRecipients`, dist/.sops.yaml).
 */
const ALLOWED_SHAPES: readonly RegExp[] = [
  /\bsha(?:256|384|512):[0-9a-f]{64,128}\b/g,
  /\b[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}\b/g,
  // age public keys (the recipients SOPS encrypts to; their private half is AGE-SECRET-KEY-1..., a token pattern)
  /\bage1[02-9ac-hj-np-z]{58}\b/g,
];

/** Candidate tokens for the entropy check: runs of the base64/base64url alphabet; `=` only as padding, so `key=value` splits. */
const CANDIDATE = /[A-Za-z0-9+/_-]{20,}={0,2}/g;

/**
 * When a token looks random. Two measures, because either alone mistakes identifiers for secrets:
 * Shannon entropy per character (a random token's approaches log2 of its length, up to its alphabet)
 * and the mean length of its "words" (runs of one character class, CamelCase split like
 * `OperatingSystem` + `Config`): identifiers and paths are made of words of 3 and more characters,
 * random base64 changes class every 1.8 characters on average. Tuned on the committed dist/ and
 * checked against random tokens in test/unit/landscape/secret-detectors.test.ts: hex needs 32
 * characters (128 bits; shorter hex is ids and short hashes), other tokens 20 characters with two of
 * lower/upper/digit.
 */
export const ENTROPY = { hexMinLength: 32, hexBitsPerChar: 3, minLength: 20, ratio: 0.8, capBits: 5.2, maxWordLength: 2.8, maxNamePart: 16 } as const;

/** Lowercase parts joined by at least two hyphens: the shape of Kubernetes object names made of names. */
const KEBAB_NAME = /^[a-z0-9]+(?:-+[a-z0-9]+){2,}$/;

/** A lowercase name or an empty path segment: DNS labels and subdomains, versions like `v1alpha1`. */
const LOWERCASE_NAME = /^(?:[a-z0-9]+(?:[._-]+[a-z0-9]+)*)?$/;

export function shannonEntropy(text: string): number {
  const counts = new Map<string, number>();
  for (const character of text) counts.set(character, (counts.get(character) ?? 0) + 1);
  let entropy = 0;
  for (const count of counts.values()) {
    const p = count / text.length;
    entropy -= p * Math.log2(p);
  }
  return entropy;
}

/** Mean length of the words of a token: runs of one character class (`[A-Z]?[a-z]+`, `[A-Z]+`, digits); separators (`/`, `-`, ...) only split. */
export function meanWordLength(text: string): number {
  const words = text.match(/[A-Z]?[a-z]+|[A-Z]+(?![a-z])|[0-9]+/g) ?? [];
  return words.length === 0 ? 0 : words.join('').length / words.length;
}

/**
 * Entropy needed by the landscape check, relative to dist/'s guard: a little less, so that a landscape
 * value the guard would flag once synth has composed it with other text (`<registry>/os-metal`, where
 * the token grows and its entropy with it) is reported at its landscape field first (found by the fuzzer).
 */
export const LANDSCAPE_MARGIN = 0.9;

/** Why a token looks random, or undefined; `margin` scales the entropy needed (1: dist/'s guard). */
export function randomLooking(candidate: string, margin = 1): string | undefined {
  const core = candidate.replace(/=+$/, '');
  if (/^[0-9a-f]+$/.test(core) || /^[0-9A-F]+$/.test(core)) {
    return core.length >= ENTROPY.hexMinLength && shannonEntropy(core) >= ENTROPY.hexBitsPerChar ? 'a long random hex string' : undefined;
  }
  if (core.length < ENTROPY.minLength) return undefined;
  if ([/[a-z]/, /[A-Z]/, /[0-9]/].filter((c) => c.test(core)).length < 2) return undefined;
  // Kubernetes-style names joined by hyphens (`n1-medium-x86-metal-db`, a landscape name plus a database):
  // short lowercase parts with digits score as random by both measures, and are names.
  if (KEBAB_NAME.test(core) && core.split(/-+/).every((part) => part.length <= ENTROPY.maxNamePart)) return undefined;
  // A path of lowercase names (`io/v1alpha1/os-metal`, `fra-equ01-b/metal-db`): image repositories and
  // folders composed of landscape names. Random keys mix cases (base64); a random segment (a hex key
  // as a folder) still counts.
  if (core.includes('/') && core.split('/').every((segment) => LOWERCASE_NAME.test(segment) && !randomLooking(segment, margin))) return undefined;
  if (meanWordLength(core) >= ENTROPY.maxWordLength) return undefined;
  const needed = ENTROPY.ratio * margin * Math.min(Math.log2(core.length), ENTROPY.capBits);
  return shannonEntropy(core) >= needed ? 'a long random-looking value (high entropy)' : undefined;
}

function finding(detector: Detector, what: string, text: string, index: number, length: number): SecretFinding {
  return { detector, what, index, length, prefix: text.slice(index, index + Math.min(PREFIX_SHOWN, length)) };
}

/** Blanks the given ranges (same length, so offsets stay valid). */
function blank(text: string, pattern: RegExp): string {
  return text.replace(pattern, (match) => ' '.repeat(match.length));
}

/** Specific detectors first: where two findings overlap, the more specific one is reported. */
const PRIORITY: readonly Detector[] = ['private-key', 'token', 'url-credentials', 'url-query-credentials', 'high-entropy'];

function withoutOverlaps(findings: readonly SecretFinding[]): SecretFinding[] {
  // Kept findings never overlap, so sorted by position only the neighbours of a new one can overlap it.
  const kept: SecretFinding[] = [];
  const ordered = [...findings].sort((a, b) => PRIORITY.indexOf(a.detector) - PRIORITY.indexOf(b.detector) || a.index - b.index);
  for (const f of ordered) {
    let low = 0;
    let high = kept.length;
    while (low < high) {
      const middle = (low + high) >> 1;
      if (kept[middle]!.index < f.index) low = middle + 1;
      else high = middle;
    }
    const before = kept[low - 1];
    const after = kept[low];
    if (before && before.index + before.length > f.index) continue;
    if (after && f.index + f.length > after.index) continue;
    kept.splice(low, 0, f);
  }
  return kept;
}

/** Every secret value in `text`, in order of position, overlapping findings reduced to the most specific. */
export function findSecrets(text: string, margin = 1): SecretFinding[] {
  const found: SecretFinding[] = [];
  if (text.includes('-----BEGIN'))
    for (const m of text.matchAll(PRIVATE_KEY)) found.push(finding('private-key', 'PEM private key', text, m.index, m[0].length));
  const lower = text.toLowerCase();
  for (const { what, rule, pattern, keywords } of TOKEN_PATTERNS) {
    if (!keywords.some((keyword) => lower.includes(keyword))) continue;
    for (const m of text.matchAll(pattern)) found.push(finding('token', `${what} (gitleaks rule ${rule})`, text, m.index, m[0].length));
  }
  // The rest needs a URL or a token of ENTROPY.minLength characters; most strings of a manifest are shorter.
  if (!text.includes('://') && !text.includes('=') && !/[A-Za-z0-9+/=_-]{20}/.test(text)) return withoutOverlaps(found);
  for (const m of text.matchAll(URL_USERINFO)) {
    const userInfo = `${m[1] ?? ''}:${m[2] ?? ''}`;
    found.push(finding('url-credentials', 'password in the user-info of a URL', text, m.index + m[0].length - 1 - userInfo.length, userInfo.length));
  }
  for (const m of text.matchAll(URL_QUERY)) {
    const value = m[2] ?? '';
    found.push(finding('url-query-credentials', `credential in the URL query parameter ${m[1]}`, text, m.index + m[0].length - value.length, value.length));
  }
  let rest = blank(text, PUBLIC_PEM);
  rest = rest.replace(BASE64_PEM, (encoded, index: number) => {
    // Base64 of PEM certificates only is a CA bundle (`caBundle`): allowed. One holding a private key is a
    // secret; anything else stays a candidate for the entropy check.
    const decoded = Buffer.from(encoded, 'base64').toString('utf8');
    if (new RegExp(PRIVATE_KEY.source).test(decoded)) found.push(finding('private-key', 'base64-encoded PEM private key', text, index, encoded.length));
    else if (blank(decoded, PUBLIC_PEM).trim() === '') return ' '.repeat(encoded.length);
    return encoded;
  });
  for (const shape of ALLOWED_SHAPES) rest = blank(rest, shape);
  for (const m of rest.matchAll(CANDIDATE)) {
    const why = randomLooking(m[0], margin);
    if (why) found.push(finding('high-entropy', why, text, m.index, m[0].length));
  }
  return withoutOverlaps(found);
}

/** How a finding is shown: what it is, its first characters and its length — never the value. */
export function describeFinding(f: SecretFinding): string {
  return `${f.what}, "${f.prefix}…", ${f.length} characters`;
}

/** Where secret values go instead: the landscape and dist/ only name Secrets. */
export const SECRET_REF_HINT = "a secretRef: only the Secret's name is written; dist/required-secrets.yaml lists the Secrets a landscape uses";

/** What to do instead, per kind of finding. */
export function remedy(f: SecretFinding): string {
  if (f.detector === 'url-credentials' || f.detector === 'url-query-credentials')
    return `remove the credentials from the URL and put them into a Secret referenced by name (${SECRET_REF_HINT})`;
  return `put the value into a Secret and reference it by name (${SECRET_REF_HINT})`;
}
