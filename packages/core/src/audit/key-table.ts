/**
 * Recognises the member names the decoder reads, straight from the bytes: no string per key, and a known
 * key is not even scanned for its closing quote: its bytes and the quote after them are compared in place.
 */
const NONE = -1;

export class KeyTable {
  /** Key ids by first byte, chained through `next`. */
  private readonly first = new Int16Array(256).fill(NONE);
  private readonly bytes: Uint8Array[] = [];
  private readonly next: number[] = [];
  private readonly byName = new Map<string, number>();
  /** Set by `match`: the index of the matched key's closing quote. */
  matchedEnd = 0;

  /** `names[i]` gets id `i`; earlier names are tried first. */
  constructor(names: readonly string[]) {
    for (let id = names.length - 1; id >= 0; id--) {
      const name = names[id]!;
      const bytes = new TextEncoder().encode(name);
      if (bytes.length === 0 || bytes.some((c) => c < 0x20 || c === 0x22 || c === 0x5c)) throw new Error(`unsupported key: ${name}`);
      this.bytes[id] = bytes;
      this.next[id] = this.first[bytes[0]!]!;
      this.first[bytes[0]!] = id;
      this.byName.set(name, id);
    }
  }

  /**
   * `i` is just after a key's opening quote. The id of the known key written there without escapes (with
   * `matchedEnd` at its closing quote), or -1: unknown, escaped, or cut by the end of the input.
   */
  match(b: Uint8Array, i: number, end: number): number {
    if (i >= end) return NONE;
    for (let id = this.first[b[i]!]!; id !== NONE; id = this.next[id]!) {
      const key = this.bytes[id]!;
      const close = i + key.length;
      if (close < end && b[close] === 0x22 && sameBytes(b, i, key)) {
        this.matchedEnd = close;
        return id;
      }
    }
    return NONE;
  }

  /** The id of an already decoded key, or -1 (keys written with escapes take this way). */
  idOfName(name: string): number {
    return this.byName.get(name) ?? NONE;
  }
}

function sameBytes(b: Uint8Array, start: number, key: Uint8Array): boolean {
  for (let k = 1; k < key.length; k++) if (b[start + k] !== key[k]) return false;
  return true;
}
