/**
 * Reads single JSON values straight from bytes into what the event fields hold: strings (interned),
 * timestamps (ms), integers, and the members of small objects. Anything of another type reads as absent.
 */
import { ValueSkipper } from "./json-skip.ts";
import {
  CLOSE_BRACE, CLOSE_BRACKET, COLON, COMMA, HAS_ESCAPE, INVALID, NEED_MORE, OPEN_BRACE, OPEN_BRACKET, QUOTE, StringScan,
  numberEnd, skipWhitespace,
} from "./json-scan.ts";
import type { KeyTable } from "./key-table.ts";
import { StringPool, decode } from "./string-pool.ts";
import { parseTimestamp, parseTimestampText } from "./timestamp.ts";

/** String fields that can be guessed (see EventReader's F_ constants). */
const FIELDS = 32;

export class ValueReader {
  readonly strings = new StringScan();
  readonly skipper = new ValueSkipper(this.strings);
  readonly pool = StringPool.shared();
  /** The string just read by `string`, undefined when the value was not a string. */
  text: string | undefined = undefined;
  /** The timestamp just read by `timestamp`: ms, or NaN. */
  time = NaN;
  /** The number just read by `number`, undefined when the value was not a number. */
  num: number | undefined = undefined;
  /** Per field: the pool slot of the string it held last (-1: none), its guess for the next event. */
  private readonly guessSlot = new Int32Array(FIELDS).fill(-1);
  /** The key id found by `memberName`. */
  key = -1;
  /** Set while reading an object whose remaining members are of no interest: `object` skips them. */
  skipMembers = false;
  /** Set by `afterMember`: the object ended. */
  closed = false;

  /**
   * `i` at the value; returns the index after it, with `text` set. `field` (a small number per field) makes
   * the text interned and guessed: a field usually holds what it held in the previous event, and a correct
   * guess costs one byte compare, not a scan and a hash. -1: a text seen once (audit IDs), decoded as is.
   */
  string(b: Buffer, i: number, end: number, field: number): number {
    if (b[i] !== QUOTE) {
      this.text = undefined;
      return this.skipper.skip(b, i, end);
    }
    return field < 0 ? this.fresh(b, i, end) : this.interned(b, i, end, field);
  }

  private fresh(b: Buffer, i: number, end: number): number {
    const q = this.strings.end(b, i + 1, end);
    if (q < 0) return q;
    this.text = decode(b, i + 1, q, this.strings.flags);
    return q + 1;
  }

  private interned(b: Buffer, i: number, end: number, field: number): number {
    const guess = this.guessSlot[field]!;
    if (guess >= 0) {
      const length = this.pool.lengthAt(guess, b, i + 1, end);
      if (length >= 0) {
        this.text = this.pool.textOf(guess);
        return i + length + 2;
      }
    }
    const q = this.strings.endHashed(b, i + 1, end);
    if (q < 0) return q;
    this.text = this.pool.text(b, i + 1, q, this.strings.flags, this.strings.hash);
    this.guessSlot[field] = this.pool.lastSlot;
    return q + 1;
  }

  timestamp(b: Buffer, i: number, end: number): number {
    if (b[i] !== QUOTE) {
      this.time = NaN;
      return this.skipper.skip(b, i, end);
    }
    const q = this.strings.end(b, i + 1, end);
    if (q < 0) return q;
    this.time = timestampAt(b, i + 1, q, this.strings.flags);
    return q + 1;
  }

  number(b: Buffer, i: number, end: number): number {
    const c = b[i]!;
    if (c !== 0x2d && (c < 0x30 || c > 0x39)) {
      this.num = undefined;
      return this.skipper.skip(b, i, end);
    }
    const after = numberEnd(b, i, end);
    if (after < 0) return after;
    this.num = numberAt(b, i, after);
    return after;
  }

  /** `i` before a member name; looks the name up in `keys` (into `key`) and returns the index after the colon. */
  memberName(b: Buffer, i: number, end: number, keys: KeyTable): number {
    i = skipWhitespace(b, i, end);
    if (i >= end) return NEED_MORE;
    if (b[i] !== QUOTE) return INVALID;
    let q = keys.match(b, i + 1, end);
    if (q >= 0) {
      this.key = q;
      q = keys.matchedEnd;
    } else {
      q = this.strings.end(b, i + 1, end);
      if (q < 0) return q;
      // Only a key written with escapes can still be a known one.
      this.key = this.strings.flags & HAS_ESCAPE ? keys.idOfName(decode(b, i + 1, q, this.strings.flags)) : -1;
    }
    i = skipWhitespace(b, q + 1, end);
    if (i >= end) return NEED_MORE;
    if (b[i] !== COLON) return INVALID;
    i = skipWhitespace(b, i + 1, end);
    return i >= end ? NEED_MORE : i;
  }

  /**
   * `i` after a member value; returns the index of the next member name (`i` after the comma) or, with
   * `closed` set, the index after the closing brace.
   */
  afterMember(b: Buffer, i: number, end: number): number {
    i = skipWhitespace(b, i, end);
    if (i >= end) return NEED_MORE;
    const c = b[i];
    if (c === COMMA) {
      this.closed = false;
      return i + 1;
    }
    if (c !== CLOSE_BRACE) return INVALID;
    this.closed = true;
    return i + 1;
  }


  /**
   * `i` at `{`: calls `member` for each member (at its value, with `key` set) until the closing brace.
   * Returns the index after the object; a value that is not an object is skipped.
   */
  object(b: Buffer, i: number, end: number, keys: KeyTable, member: (b: Buffer, i: number, end: number) => number): number {
    if (b[i] !== OPEN_BRACE) return this.skipper.skip(b, i, end);
    i = skipWhitespace(b, i + 1, end);
    if (i >= end) return NEED_MORE;
    if (b[i] === CLOSE_BRACE) return i + 1;
    for (;;) {
      i = this.memberName(b, i, end, keys);
      if (i < 0) return i;
      i = this.skipMembers ? this.skipper.skip(b, i, end) : member(b, i, end);
      if (i < 0) return i;
      i = this.afterMember(b, i, end);
      if (i < 0 || this.closed) return i;
    }
  }

  /**
   * `i` at `[`: appends each string in the array to `into`; other elements are skipped. The first four
   * elements are predicted as fields `field`..`field + 3`.
   */
  stringArray(b: Buffer, i: number, end: number, field: number, into: string[]): number {
    if (b[i] !== OPEN_BRACKET) return this.skipper.skip(b, i, end);
    let k = 0;
    i = skipWhitespace(b, i + 1, end);
    if (i >= end) return NEED_MORE;
    if (b[i] === CLOSE_BRACKET) return i + 1;
    for (;;) {
      i = this.string(b, i, end, field + Math.min(k++, 3));
      if (i < 0) return i;
      if (this.text !== undefined) into.push(this.text);
      i = skipWhitespace(b, i, end);
      if (i >= end) return NEED_MORE;
      if (b[i] === CLOSE_BRACKET) return i + 1;
      if (b[i] !== COMMA) return INVALID;
      i = skipWhitespace(b, i + 1, end);
      if (i >= end) return NEED_MORE;
    }
  }
}

/** The timestamp in the string b[start, end) (contents between the quotes) with scan `flags`: ms, or NaN. */
export function timestampAt(b: Buffer, start: number, end: number, flags: number): number {
  return flags === 0 ? parseTimestamp(b, start, end) : parseTimestampText(decode(b, start, end, flags));
}

/** The value of the JSON number b[start, end). */
export function numberAt(b: Buffer, start: number, end: number): number {
  return integerOf(b, start, end) ?? Number(b.toString("latin1", start, end));
}

/** A plain decimal integer literal's value; undefined for fractions, exponents and huge values. */
function integerOf(b: Buffer, start: number, end: number): number | undefined {
  let i = start;
  const negative = b[i] === 0x2d;
  if (negative) i++;
  if (end - i > 15) return undefined;
  let v = 0;
  for (; i < end; i++) {
    const d = b[i]! - 0x30;
    if (d < 0 || d > 9) return undefined;
    v = v * 10 + d;
  }
  return negative ? -v : v;
}
