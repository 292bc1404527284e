/**
 * Go's `strconv.Quote` (what `fmt`'s `%q` prints for a string), so the TOML upstream writes with
 * `[host.%q]` comes out the same here: `"` and `\` escaped, `\a \b \f \n \r \t \v`, other control
 * characters as `\x..`, non-printable non-ASCII runes as `\u....`/`\U........`, printable runes
 * (Go's `unicode.IsPrint`: letters, marks, numbers, punctuation, symbols, ASCII space) kept.
 */
const SHORT: Readonly<Record<string, string>> = {
  '\u0007': '\\a',
  '\b': '\\b',
  '\f': '\\f',
  '\n': '\\n',
  '\r': '\\r',
  '\t': '\\t',
  '\v': '\\v',
  '"': '\\"',
  '\\': '\\\\',
};

const PRINTABLE = /^[\p{L}\p{M}\p{N}\p{P}\p{S} ]$/u;

function hex(n: number, width: number): string {
  return n.toString(16).padStart(width, '0');
}

export function goQuote(s: string): string {
  let out = '"';
  for (const ch of s) {
    const short = SHORT[ch];
    const code = ch.codePointAt(0) ?? 0;
    if (short) out += short;
    else if (code < 0x80) out += code < 0x20 || code === 0x7f ? `\\x${hex(code, 2)}` : ch;
    else if (PRINTABLE.test(ch)) out += ch;
    // A lone surrogate is what Go's JSON decoder turns into U+FFFD, which is printable.
    else if (code >= 0xd800 && code <= 0xdfff) out += '\ufffd';
    else out += code < 0x10000 ? `\\u${hex(code, 4)}` : `\\U${hex(code, 8)}`;
  }
  return `${out}"`;
}
