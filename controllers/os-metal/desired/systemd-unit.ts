/**
 * Whether a systemd unit (or drop-in) text parses, with the checks of the parser upstream's Ignition
 * validation runs (github.com/coreos/go-systemd v0.0.0-20191104093116, unit/deserialize.go, via
 * flatcar/ignition v0.36.2 config/v2_3/types/unit.go `validateUnitContent`). Upstream refuses to
 * render userdata for a unit that fails it, so this renderer does too.
 *
 * It is a port of that lexer, including its line-length check, which looks at what Go's
 * `bufio.Reader` (4096-byte buffer) happens to hold; `BufferedBytes` simulates that buffer.
 */
const LINE_MAX = 2048;
const BUFFER_SIZE = 4096;

/** Go's `bufio.Reader` over a byte slice, reduced to what the lexer uses. */
class BufferedBytes {
  private r = 0; // read position
  private w = 0; // end of what has been read into the buffer
  private eof = false;

  constructor(private readonly data: Uint8Array) {}

  buffered(): number {
    return this.w - this.r;
  }

  private fill(): void {
    if (this.w === this.data.length) {
      this.eof = true;
      return;
    }
    // bufio slides unread data to the front and reads once into the free space.
    this.w = Math.min(this.data.length, this.r + BUFFER_SIZE);
  }

  peek(n: number): Uint8Array {
    while (this.buffered() < n && this.buffered() < BUFFER_SIZE && !this.eof) this.fill();
    return this.data.subarray(this.r, Math.min(this.w, this.r + n));
  }

  /** One UTF-8 rune (invalid bytes count as one rune of size 1), or undefined at EOF. */
  readRune(): { rune: number; size: number } | undefined {
    while (!fullRune(this.data.subarray(this.r, this.w)) && !this.eof && this.buffered() < BUFFER_SIZE) this.fill();
    if (this.r === this.w) return undefined;
    const decoded = decodeRune(this.data.subarray(this.r, this.w));
    this.r += decoded.size;
    this.lastSize = decoded.size;
    return decoded;
  }

  private lastSize = 0;

  unreadRune(): void {
    this.r -= this.lastSize;
    this.lastSize = 0;
  }

  /** Bytes up to and including `delim`; `found` false at EOF. */
  readBytes(delim: number): { bytes: Uint8Array; found: boolean } {
    const start = this.r;
    for (;;) {
      const at = this.data.subarray(this.r, this.w).indexOf(delim);
      if (at >= 0) {
        this.r += at + 1;
        return { bytes: this.data.subarray(start, this.r), found: true };
      }
      if (this.eof) {
        this.r = this.w;
        return { bytes: this.data.subarray(start, this.r), found: false };
      }
      // A full buffer is handed out as a fragment; then it is empty and refills.
      if (this.buffered() >= BUFFER_SIZE) this.r = this.w;
      this.fill();
    }
  }
}

/** Bytes a UTF-8 sequence with this lead byte claims (1 for ASCII and invalid lead bytes). */
function sequenceLength(lead: number): number {
  if (lead >= 0xc2 && lead <= 0xdf) return 2;
  if (lead >= 0xe0 && lead <= 0xef) return 3;
  if (lead >= 0xf0 && lead <= 0xf4) return 4;
  return 1;
}

/** Go's `utf8.FullRune`: a complete sequence, or bytes that can no longer become one. */
function fullRune(bytes: Uint8Array): boolean {
  const first = bytes[0];
  if (first === undefined) return false;
  const need = sequenceLength(first);
  if (bytes.length >= need) return true;
  for (let i = 1; i < bytes.length; i++) if (((bytes[i] ?? 0) & 0xc0) !== 0x80) return true;
  return false;
}

const strictUtf8 = new TextDecoder('utf-8', { fatal: true });

/** Go's `utf8.DecodeRune`: an invalid or incomplete sequence is U+FFFD of size 1. */
function decodeRune(bytes: Uint8Array): { rune: number; size: number } {
  const size = sequenceLength(bytes[0] ?? 0);
  if (bytes.length < size) return { rune: 0xfffd, size: 1 };
  try {
    return { rune: strictUtf8.decode(bytes.subarray(0, size)).codePointAt(0) ?? 0xfffd, size };
  } catch {
    return { rune: 0xfffd, size: 1 };
  }
}

/** Go's `unicode.IsSpace`. */
function isSpace(rune: number): boolean {
  if (rune <= 0xff) return rune === 0x20 || (rune >= 0x09 && rune <= 0x0d) || rune === 0x85 || rune === 0xa0;
  return /^\p{White_Space}$/u.test(String.fromCodePoint(rune));
}

/** `len(bytes.TrimSpace(b)) == 0` in Go. */
function isBlank(bytes: Uint8Array): boolean {
  for (let i = 0; i < bytes.length;) {
    const { rune, size } = decodeRune(bytes.subarray(i));
    if (!isSpace(rune) || (rune === 0xfffd && size === 1)) return false;
    i += size;
  }
  return true;
}

const isComment = (rune: number) => rune === 0x23 || rune === 0x3b; // '#', ';'
const NL = 0x0a;
const CR = 0x0d;

/** go-systemd's `toEOL` trims a trailing CR, then a trailing LF (so CRLF keeps its CR). */
function trimLineEnd(bytes: Uint8Array): Uint8Array {
  let end = bytes.length;
  if (bytes[end - 1] === CR) end--;
  if (bytes[end - 1] === NL) end--;
  return bytes.subarray(0, end);
}

type Step = () => Step | undefined;

/** The parse error go-systemd reports for this unit text, or undefined if it parses. */
export function unitContentError(content: string): string | undefined {
  const buf = new BufferedBytes(new TextEncoder().encode(content));
  let failure: string | undefined;
  const fail = (message: string): undefined => {
    failure = message;
    return undefined;
  };
  const toEOL = () => {
    const { bytes, found } = buf.readBytes(NL);
    return { line: trimLineEnd(bytes), eof: !found };
  };

  const nextSection: Step = () => {
    const r = buf.readRune();
    if (r === undefined) return undefined;
    if (r.rune === 0x5b) return sectionName;
    if (isComment(r.rune)) return ignoreLine(nextSection);
    return nextSection;
  };
  const sectionName: Step = () => {
    const { found } = buf.readBytes(0x5d); // ']'
    if (!found) return fail('unable to find end of section');
    return () => {
      const { line } = toEOL();
      if (!isBlank(line)) return fail('found garbage after section name');
      return nextSectionOrOption;
    };
  };
  const ignoreLine =
    (next: Step): Step =>
    () => {
      for (;;) {
        const { line } = toEOL();
        let end = line.length;
        if (line[end - 1] === 0x20) end--;
        if (line[end - 1] !== 0x5c) break; // no '\' continuation
      }
      return next;
    };
  const nextSectionOrOption: Step = () => {
    const r = buf.readRune();
    if (r === undefined) return undefined;
    if (isSpace(r.rune)) return nextSectionOrOption;
    if (r.rune === 0x5b) return sectionName;
    if (isComment(r.rune)) return ignoreLine(nextSectionOrOption);
    buf.unreadRune();
    return optionName;
  };
  const optionName: Step = () => {
    for (;;) {
      const r = buf.readRune();
      if (r === undefined) return fail('EOF');
      if (r.rune === NL || r.rune === CR) return fail('unexpected newline encountered while parsing option name');
      if (r.rune === 0x3d) return optionValue; // '='
    }
  };
  const optionValue: Step = () => {
    const { line } = toEOL();
    if (isBlank(line)) return nextSectionOrOption;
    // A value continues on the next line after a trailing '\'.
    return line[line.length - 1] === 0x5c ? optionValue : nextSectionOrOption;
  };

  let step: Step | undefined = nextSection;
  while (step) {
    if (buf.buffered() >= LINE_MAX) {
      const ahead = buf.peek(LINE_MAX);
      if (!ahead.includes(NL) && !ahead.includes(CR)) return `line too long (max ${LINE_MAX} bytes)`;
    }
    step = step();
  }
  return failure;
}
