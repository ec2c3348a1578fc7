/**
 * Skips one JSON value of any depth and size without building it: how request and response bodies
 * pass through the decoder. Iterative, so deeply nested bodies cannot overflow the call stack.
 */
import {
  CLOSE_BRACE, CLOSE_BRACKET, COLON, COMMA, INVALID, NEED_MORE, OPEN_BRACE, OPEN_BRACKET, QUOTE, scalarEnd, skipWhitespace,
  type StringScan,
} from "./json-scan.ts";

const IN_OBJECT = 1;
const IN_ARRAY = 2;

export class ValueSkipper {
  /** Open containers, innermost last; grows with the deepest body seen. */
  private stack = new Uint8Array(64);
  /** Set by `value` when it entered a non-empty container. */
  private opened = false;

  constructor(private readonly strings: StringScan) {}

  /** `i` is at the first byte of a value; returns the index after it. */
  skip(b: Buffer, i: number, end: number): number {
    let depth = 0;
    for (;;) {
      this.opened = false;
      i = this.value(b, i, end, depth);
      if (i < 0) return i;
      if (this.opened) {
        depth++;
        continue;
      }
      // A value ended: close containers until one continues with a comma.
      for (;;) {
        if (depth === 0) return i;
        i = skipWhitespace(b, i, end);
        if (i >= end) return NEED_MORE;
        const c = b[i]!;
        const open = this.stack[depth - 1];
        if (c === COMMA) {
          i = open === IN_OBJECT ? this.memberName(b, i + 1, end) : i + 1;
          if (i < 0) return i;
          break;
        }
        if ((c === CLOSE_BRACE && open === IN_OBJECT) || (c === CLOSE_BRACKET && open === IN_ARRAY)) {
          depth--;
          i++;
          continue;
        }
        return INVALID;
      }
    }
  }

  /**
   * Scans the value at `i`. Returns the index after a scalar or an empty container, or, when a non-empty
   * container opened (`opened` set, the container pushed at `depth`), the index of its first value.
   */
  private value(b: Buffer, i: number, end: number, depth: number): number {
    i = skipWhitespace(b, i, end);
    if (i >= end) return NEED_MORE;
    const c = b[i]!;
    if (c !== OPEN_BRACE && c !== OPEN_BRACKET) return scalarEnd(b, i, end, this.strings);
    const first = skipWhitespace(b, i + 1, end);
    if (first >= end) return NEED_MORE;
    if (b[first] === (c === OPEN_BRACE ? CLOSE_BRACE : CLOSE_BRACKET)) return first + 1;
    this.push(depth, c === OPEN_BRACE ? IN_OBJECT : IN_ARRAY);
    const next = c === OPEN_BRACE ? this.memberName(b, first, end) : first;
    this.opened = true;
    return next;
  }

  /** `i` is before a member name; returns the index after its colon. */
  private memberName(b: Buffer, i: number, end: number): number {
    i = skipWhitespace(b, i, end);
    if (i >= end) return NEED_MORE;
    if (b[i] !== QUOTE) return INVALID;
    const q = this.strings.end(b, i + 1, end);
    if (q < 0) return q;
    i = skipWhitespace(b, q + 1, end);
    if (i >= end) return NEED_MORE;
    return b[i] === COLON ? i + 1 : INVALID;
  }

  private push(depth: number, kind: number): void {
    if (depth >= this.stack.length) {
      const grown = new Uint8Array(this.stack.length * 2);
      grown.set(this.stack);
      this.stack = grown;
    }
    this.stack[depth] = kind;
  }
}
