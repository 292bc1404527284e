import { describeFinding, findSecrets } from './secrets/detect.js';
/** One thing wrong with a landscape: where, what was found, what would be accepted. */
export interface Problem {
  /** Field path in the landscape, e.g. `spec.seeds.shooted[1].networks.pods`; `(root)` for the document itself, `(file)` for the YAML text. */
  readonly path: string;
  readonly message: string;
}

/** Path of a problem with the whole document (its type, its top-level fields). */
export const ROOT = '(root)';
/** Path of a problem with the file as YAML text (syntax, several documents), before any field exists. */
export const FILE = '(file)';

export function formatPath(segments: readonly PropertyKey[]): string {
  let out = '';
  for (const segment of segments) {
    if (typeof segment === 'number') out += `[${segment}]`;
    else out += out === '' ? String(segment) : `.${String(segment)}`;
  }
  return out === '' ? ROOT : out;
}

/** Thrown when a landscape cannot be rendered; carries every problem, not just the first. */
export class LandscapeError extends Error {
  constructor(
    readonly source: string,
    readonly problems: readonly Problem[],
  ) {
    super(`${source}: ${problems.length} problem${problems.length === 1 ? '' : 's'}\n${problems.map((p) => `  ${p.path}: ${p.message}`).join('\n')}`);
    this.name = 'LandscapeError';
  }
}

/** Longest rendering of a value in a message; a pasted certificate or binary blob must not flood the terminal. */
export const SHOWN_LENGTH = 80;

// Characters a terminal would not show as themselves: C0/C1 controls, DEL, zero-width and bidi marks,
// line/paragraph separators, the BOM and lone surrogates. JSON.stringify escapes only some of them.
// eslint-disable-next-line no-control-regex -- matching control characters is the point
const INVISIBLE = /[\u0000-\u001f\u007f-\u009f\u00ad\u200b-\u200f\u2028-\u202e\u2060-\u2064\ufeff]|[\ud800-\udfff]/u;

function escapeCharacter(character: string): string {
  if (character === '"' || character === '\\') return `\\${character}`;
  if (character === '\n') return '\\n';
  if (character === '\t') return '\\t';
  if (character === '\r') return '\\r';
  if (INVISIBLE.test(character)) return `\\u${character.charCodeAt(0).toString(16).padStart(4, '0')}`;
  return character;
}

/** Joins pieces up to SHOWN_LENGTH characters, never splitting one (an escape stays whole); `…` marks the cut. */
function bounded(pieces: Iterable<string>): string {
  let out = '';
  for (const piece of pieces) {
    if (out.length + piece.length > SHOWN_LENGTH - 1) return `${out}…`;
    out += piece;
  }
  return out;
}

/** Short, stable rendering of a value for messages: strings quoted, invisible characters escaped, at most SHOWN_LENGTH characters. */
export function show(value: unknown): string {
  if (value === undefined) return 'nothing';
  if (typeof value === 'string') {
    // A message is printed and logged: a value holding a secret is described, never shown (the secret rule reports it).
    const [secret] = findSecrets(value);
    if (secret) return `a value holding a secret (${describeFinding(secret)})`;
    return bounded(['"', ...Array.from(value, escapeCharacter), '"']);
  }
  return bounded(jsonCharacters(value));
}

/**
 * JSON.stringify's text of plain data, character by character and lazily: `bounded` stops after
 * SHOWN_LENGTH characters, so a value nested thousands of levels deep is only walked as far as shown
 * (JSON.stringify of the whole value overflowed the stack).
 */
function* jsonCharacters(value: unknown): Generator<string> {
  if (Array.isArray(value)) {
    yield '[';
    for (let i = 0; i < value.length; i++) {
      if (i > 0) yield ',';
      yield* jsonCharacters((value[i] as unknown) ?? null);
    }
    yield ']';
  } else if (typeof value === 'object' && value !== null) {
    yield '{';
    let first = true;
    for (const [key, item] of Object.entries(value)) {
      if (item === undefined) continue;
      if (!first) yield ',';
      first = false;
      yield* JSON.stringify(key);
      yield ':';
      yield* jsonCharacters(item);
    }
    yield '}';
  }
  // JSON.stringify gives undefined only for functions and symbols, which no landscape holds.
  else yield* JSON.stringify(value) ?? typeof value;
}
