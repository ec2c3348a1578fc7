/**
 * Byte-level JSON scanning over UTF-8 input: find where a token ends without building values.
 * Positions are byte offsets; a negative result says why scanning stopped.
 */

/** The input ended inside the token: retry when more bytes arrived. */
export const NEED_MORE = -1;
/** Not JSON. */
export const INVALID = -2;

export const QUOTE = 0x22;
export const BACKSLASH = 0x5c;
export const COMMA = 0x2c;
export const COLON = 0x3a;
export const OPEN_BRACE = 0x7b;
export const CLOSE_BRACE = 0x7d;
export const OPEN_BRACKET = 0x5b;
export const CLOSE_BRACKET = 0x5d;
export const NEWLINE = 0x0a;

/** Set in `StringScan.flags` when the string needs more than a byte copy to become text. */
export const HAS_ESCAPE = 1;
export const HAS_NON_ASCII = 2;

export function isWhitespace(c: number): boolean {
  return c === 0x20 || c === 0x0a || c === 0x0d || c === 0x09;
}

export function skipWhitespace(b: Uint8Array, i: number, end: number): number {
  // Compact JSON has none: one compare settles the usual case.
  while (i < end && b[i]! <= 0x20 && isWhitespace(b[i]!)) i++;
  return i;
}

function isHex(c: number): boolean {
  return (c >= 0x30 && c <= 0x39) || ((c | 0x20) >= 0x61 && (c | 0x20) <= 0x66);
}

/** Escapes JSON allows after a backslash, other than `u`: " \ / b f n r t */
function isShortEscape(c: number): boolean {
  return c === 0x22 || c === 0x5c || c === 0x2f || c === 0x62 || c === 0x66 || c === 0x6e || c === 0x72 || c === 0x74;
}

/** The string scanner keeps what it learnt about the last string, so that the caller decodes it the cheap way. */
export class StringScan {
  flags = 0;

  /** `i` is just after the opening quote; returns the index of the closing quote. */
  end(b: Uint8Array, i: number, end: number): number {
    let flags = 0;
    for (;;) {
      // The hot loop: printable ASCII other than quote and backslash, one range check and two compares a byte.
      let c = 0;
      while (i < end && ((c = b[i]!) - 0x20) >>> 0 < 0x60 && c !== QUOTE && c !== BACKSLASH) i++;
      if (i >= end) return NEED_MORE;
      if (c === QUOTE) {
        this.flags = flags;
        return i;
      }
      if (c === BACKSLASH) {
        flags |= HAS_ESCAPE;
        i = escapeEnd(b, i, end);
        if (i < 0) return i;
      } else if (c < 0x20) {
        return INVALID;
      } else {
        flags |= HAS_NON_ASCII;
        i++;
      }
    }
  }
  /**
   * Like `end`, for a string whose contents do not matter: after the first bytes, the closing quote is found
   * by the native byte search (user agents, uids, messages and bodies are long). Past those first bytes, raw
   * control characters are not looked for: a line cut inside such a string still fails at the next token.
   */
  skip(b: Buffer, i: number, end: number): number {
    const scanned = Math.min(end, i + 24);
    let c = 0;
    while (i < scanned && ((c = b[i]!) - 0x20) >>> 0 < 0x60 && c !== QUOTE && c !== BACKSLASH) i++;
    if (i < scanned) return this.end(b, i, end);
    for (;;) {
      const q = b.indexOf(QUOTE, i);
      if (q === -1 || q >= end) return NEED_MORE;
      if (!isEscaped(b, q)) return q;
      i = q + 1;
    }
  }

  /** Set by `endHashed`: the FNV-1a hash of the raw contents. */
  hash = 0;

  /** Like `end`, also hashing the raw contents for the string pool (one pass instead of two). */
  endHashed(b: Uint8Array, i: number, end: number): number {
    let h = 0x811c9dc5;
    let flags = 0;
    for (;;) {
      let c = 0;
      while (i < end && ((c = b[i]!) - 0x20) >>> 0 < 0x60 && c !== QUOTE && c !== BACKSLASH) {
        h = Math.imul(h ^ c, 0x01000193);
        i++;
      }
      if (i >= end) return NEED_MORE;
      if (c === QUOTE) {
        this.flags = flags;
        this.hash = h;
        return i;
      }
      if (c < 0x20) return INVALID;
      const next = c === BACKSLASH ? escapeEnd(b, i, end) : i + 1;
      if (next < 0) return next;
      flags |= c === BACKSLASH ? HAS_ESCAPE : HAS_NON_ASCII;
      for (; i < next; i++) h = Math.imul(h ^ b[i]!, 0x01000193);
    }
  }
}

/** `i` is at a backslash; returns the index after the escape sequence. */
function escapeEnd(b: Uint8Array, i: number, end: number): number {
  if (i + 1 >= end) return NEED_MORE;
  const e = b[i + 1]!;
  if (e !== 0x75) return isShortEscape(e) ? i + 2 : INVALID;
  for (let k = i + 2; k < i + 6; k++) {
    if (k >= end) return NEED_MORE;
    if (!isHex(b[k]!)) return INVALID;
  }
  return i + 6;
}

/** Whether the quote at `q` is escaped: preceded by an odd number of backslashes. */
function isEscaped(b: Uint8Array, q: number): boolean {
  let n = 0;
  while (b[q - 1 - n] === BACKSLASH) n++;
  return n % 2 === 1;
}

function isDigit(c: number): boolean {
  return c >= 0x30 && c <= 0x39;
}

function digitsEnd(b: Uint8Array, i: number, end: number): number {
  while (i < end && isDigit(b[i]!)) i++;
  return i;
}

/**
 * `i` is at the first byte of a number; returns the index after it. A number touching the end of the input may
 * continue in the next chunk, so it needs more.
 */
export function numberEnd(b: Uint8Array, i: number, end: number): number {
  if (b[i] === 0x2d) i++;
  if (i >= end) return NEED_MORE;
  if (b[i] === 0x30) i++;
  else if (isDigit(b[i]!)) i = digitsEnd(b, i, end);
  else return INVALID;
  if (i < end && b[i] === 0x2e) {
    const start = ++i;
    i = digitsEnd(b, i, end);
    if (i === start) return i >= end ? NEED_MORE : INVALID;
  }
  if (i < end && (b[i]! | 0x20) === 0x65) {
    i++;
    if (i < end && (b[i] === 0x2b || b[i] === 0x2d)) i++;
    const start = i;
    i = digitsEnd(b, i, end);
    if (i === start) return i >= end ? NEED_MORE : INVALID;
  }
  return i >= end ? NEED_MORE : i;
}

const TRUE = [0x74, 0x72, 0x75, 0x65];
const FALSE = [0x66, 0x61, 0x6c, 0x73, 0x65];
const NULL = [0x6e, 0x75, 0x6c, 0x6c];

function literalEnd(b: Uint8Array, i: number, end: number, word: readonly number[]): number {
  for (let k = 0; k < word.length; k++) {
    if (i + k >= end) return NEED_MORE;
    if (b[i + k] !== word[k]) return INVALID;
  }
  return i + word.length;
}

/** `i` is at the first byte of a scalar (string, number, true, false, null); returns the index after it. */
export function scalarEnd(b: Buffer, i: number, end: number, strings: StringScan): number {
  const c = b[i]!;
  if (c === QUOTE) {
    const q = strings.skip(b, i + 1, end);
    return q < 0 ? q : q + 1;
  }
  if (c === 0x74) return literalEnd(b, i, end, TRUE);
  if (c === 0x66) return literalEnd(b, i, end, FALSE);
  if (c === 0x6e) return literalEnd(b, i, end, NULL);
  return numberEnd(b, i, end);
}
