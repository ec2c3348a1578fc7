/**
 * Turns JSON string bytes into text. Audit logs repeat the same few thousand usernames, groups, verbs,
 * resources, namespaces and reasons millions of times, so strings are interned by their raw bytes (escapes
 * and all): a hit costs a byte compare instead of decoding and a new string. The raw bytes live in one
 * contiguous arena, a fixed-size slot each, so a lookup touches two places in memory, not a chain of
 * objects. Fixed size, so memory does not grow with the input; and one per process, shared by all decoders
 * (it is a cache: every hit is checked byte for byte), so that a decoder per file costs nothing.
 */
import { HAS_ESCAPE, HAS_NON_ASCII } from "./json-scan.ts";

const SLOTS = 1 << 16;
/** Bytes per arena slot; longer strings go to the long-string slots. */
const SLOT_BYTES = 64;
/**
 * Strings longer than a slot (RBAC reason annotations are 100-200 bytes, and repeat per binding) are kept in
 * fewer slots of their own, each holding a copy of the raw bytes; longer than LONG_MAX they are decoded each time.
 * Their slot numbers start at SLOTS, so that `lastSlot`, `lengthAt` and `textOf` work for both kinds.
 */
const LONG_SLOTS = 1 << 12;
const LONG_MAX = 1024;

export class StringPool {
  private static instance: StringPool | undefined;

  static shared(): StringPool {
    return (StringPool.instance ??= new StringPool());
  }

  private readonly texts: string[] = new Array<string>(SLOTS).fill("");
  /** Raw length per slot; -1 = free (so that the empty string is not found in a free slot). */
  private readonly lengths = new Int32Array(SLOTS).fill(-1);
  private readonly arena = new Uint8Array(SLOTS * SLOT_BYTES);
  private readonly longTexts: string[] = new Array<string>(LONG_SLOTS).fill("");
  /** Raw bytes per long slot; empty = free (a long string is never empty). */
  private readonly longBytes: Uint8Array[] = new Array<Uint8Array>(LONG_SLOTS).fill(new Uint8Array(0));
  /** The slot `text` looked in last; -1 when the string was too long to intern. */
  lastSlot = -1;

  /**
   * The text of the string whose raw contents (between the quotes) are b[start, end), with the `hash` of
   * those bytes (StringScan.endHashed).
   */
  text(b: Buffer, start: number, end: number, flags: number, hash: number): string {
    const length = end - start;
    if (length > SLOT_BYTES) return this.longText(b, start, end, flags, hash);
    const slot = (hash ^ (hash >>> 16)) & (SLOTS - 1);
    this.lastSlot = slot;
    if (this.lengths[slot] === length && sameBytes(this.arena, slot * SLOT_BYTES, b, start, length)) return this.texts[slot]!;
    const text = decode(b, start, end, flags);
    copyBytes(b, start, end, this.arena, slot * SLOT_BYTES);
    this.lengths[slot] = length;
    this.texts[slot] = text;
    return text;
  }

  /**
   * Whether b holds, at `start`, the raw contents of the string in `slot` followed by the closing quote:
   * how a guessed string is checked without scanning it first. Returns its length, or -1.
   */
  lengthAt(slot: number, b: Uint8Array, start: number, end: number): number {
    if (slot >= SLOTS) return this.longLengthAt(slot - SLOTS, b, start, end);
    const length = this.lengths[slot]!;
    const close = start + length;
    if (length < 0 || close >= end || b[close] !== 0x22) return -1;
    return sameBytes(this.arena, slot * SLOT_BYTES, b, start, length) ? length : -1;
  }

  textOf(slot: number): string {
    return slot >= SLOTS ? this.longTexts[slot - SLOTS]! : this.texts[slot]!;
  }

  private longText(b: Buffer, start: number, end: number, flags: number, hash: number): string {
    const length = end - start;
    if (length > LONG_MAX) {
      this.lastSlot = -1;
      return decode(b, start, end, flags);
    }
    const slot = (hash ^ (hash >>> 12)) & (LONG_SLOTS - 1);
    this.lastSlot = SLOTS + slot;
    const bytes = this.longBytes[slot]!;
    if (bytes.length === length && sameBytes(bytes, 0, b, start, length)) return this.longTexts[slot]!;
    const text = decode(b, start, end, flags);
    this.longBytes[slot] = new Uint8Array(b.subarray(start, end));
    this.longTexts[slot] = text;
    return text;
  }

  private longLengthAt(slot: number, b: Uint8Array, start: number, end: number): number {
    const bytes = this.longBytes[slot]!;
    const length = bytes.length;
    const close = start + length;
    if (length === 0 || close >= end || b[close] !== 0x22) return -1;
    return sameBytes(bytes, 0, b, start, length) ? length : -1;
  }
}

/** Decodes without interning: for strings seen once, such as audit IDs. */
export function decode(b: Buffer, start: number, end: number, flags: number): string {
  if (flags & HAS_ESCAPE) return JSON.parse(b.toString("utf8", start - 1, end + 1)) as string;
  if (flags & HAS_NON_ASCII) return b.toString("utf8", start, end);
  return b.toString("latin1", start, end);
}

function sameBytes(arena: Uint8Array, at: number, b: Uint8Array, start: number, length: number): boolean {
  for (let k = 0; k < length; k++) if (arena[at + k] !== b[start + k]) return false;
  return true;
}

/** b[start, end) into `to` at `at`: for short strings a loop beats making a subarray for `set`. */
function copyBytes(b: Uint8Array, start: number, end: number, to: Uint8Array, at: number): void {
  for (let k = start; k < end; k++) to[at + k - start] = b[k]!;
}
