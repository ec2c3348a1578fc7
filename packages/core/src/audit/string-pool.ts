/**
 * Turns JSON string bytes into text. Audit logs repeat the same few thousand usernames, groups, verbs,
 * resources, namespaces and reasons millions of times, so strings are interned by their raw bytes (escapes
 * and all): a hit costs a hash and a byte compare instead of decoding and a new string. Fixed size, so
 * memory does not grow with the input.
 */
import { HAS_ESCAPE, HAS_NON_ASCII } from "./json-scan.ts";

const SLOTS = 1 << 16;
const MAX_INTERNED_LENGTH = 256;

export class StringPool {
  private readonly texts: string[] = new Array<string>(SLOTS).fill("");
  private readonly raws: Uint8Array[] = new Array<Uint8Array>(SLOTS).fill(new Uint8Array(0));
  /** The raw bytes of the text `text` returned last (shared, never to be changed). */
  lastRaw: Uint8Array = new Uint8Array(0);

  /**
   * The text of the string whose raw contents (between the quotes) are b[start, end), with the `hash` of
   * those bytes (StringScan.endHashed).
   */
  text(b: Buffer, start: number, end: number, flags: number, hash: number): string {
    const length = end - start;
    if (length > MAX_INTERNED_LENGTH) {
      this.lastRaw = new Uint8Array(b.subarray(start, end));
      return decode(b, start, end, flags);
    }
    const slot = (hash ^ (hash >>> 15)) & (SLOTS - 1);
    const raw = this.raws[slot]!;
    if (sameBytes(raw, b, start, length)) {
      this.lastRaw = raw;
      return this.texts[slot]!;
    }
    const text = decode(b, start, end, flags);
    this.lastRaw = this.raws[slot] = new Uint8Array(b.subarray(start, end));
    this.texts[slot] = text;
    return text;
  }
}

/** Decodes without interning: for strings seen once, such as audit IDs. */
export function decode(b: Buffer, start: number, end: number, flags: number): string {
  if (flags & HAS_ESCAPE) return JSON.parse(b.toString("utf8", start - 1, end + 1)) as string;
  if (flags & HAS_NON_ASCII) return b.toString("utf8", start, end);
  return b.toString("latin1", start, end);
}

function sameBytes(raw: Uint8Array, b: Uint8Array, start: number, length: number): boolean {
  if (raw.length !== length) return false;
  for (let k = 0; k < length; k++) if (raw[k] !== b[start + k]) return false;
  return true;
}
