/**
 * Turns JSON string bytes into text. Audit logs repeat the same few thousand usernames, groups, verbs,
 * resources, namespaces and reasons millions of times, so strings are interned by their raw bytes (escapes
 * and all): a hit costs a byte compare instead of decoding and a new string. The raw bytes live in one
 * contiguous arena, a fixed-size slot each, so a lookup touches two places in memory, not a chain of
 * objects. Fixed size, so memory does not grow with the input; and one per thread, shared by all decoders
 * (it is a cache: every hit is checked byte for byte), so that a decoder per file costs nothing.
 */
import { HAS_ESCAPE, HAS_NON_ASCII } from "./json-scan.ts";
import { indexerPoolMemory, type PoolMemory } from "./member-index.ts";

const SLOTS = 1 << 16;
/** Bytes per arena slot; longer strings go to the long-string slots. */
const SLOT_BYTES = 64;
/**
 * Strings longer than a slot (RBAC reason annotations are 100-200 bytes, and repeat per binding) are kept in
 * fewer, larger slots; longer than those they are decoded each time. Their slot numbers follow the short ones,
 * so that `lastSlot`, `lengthAt` and `textOf` work for both kinds.
 */
const LONG_SLOTS = 1 << 12;
const LONG_BYTES = 512;

export function ownPoolMemory(): PoolMemory {
  return {
    arena: new Uint8Array(SLOTS * SLOT_BYTES), lengths: new Int32Array(SLOTS).fill(-1),
    longArena: new Uint8Array(LONG_SLOTS * LONG_BYTES), longLengths: new Int32Array(LONG_SLOTS),
  };
}

export class StringPool {
  private static instance: StringPool | undefined;

  /** The pool of this thread: in the member indexer's memory when WebAssembly is there, so both readers share it. */
  static shared(): StringPool {
    return (StringPool.instance ??= new StringPool(indexerPoolMemory() ?? ownPoolMemory()));
  }

  /** Lets this thread's pool go; the next `shared` makes another (see `releaseDecoderMemory`). */
  static release(): void {
    StringPool.instance = undefined;
  }

  private readonly texts: string[];
  private readonly arena: Uint8Array;
  private readonly lengths: Int32Array;
  private readonly longArena: Uint8Array;
  private readonly longLengths: Int32Array;
  private readonly slots: number;
  private readonly slotBytes: number;
  private readonly longSlots: number;
  private readonly longBytes: number;
  /** The slot `text` looked in last; -1 when the string was too long to intern. */
  lastSlot = -1;

  constructor(memory: PoolMemory = ownPoolMemory()) {
    ({ arena: this.arena, lengths: this.lengths, longArena: this.longArena, longLengths: this.longLengths } = memory);
    this.slots = this.lengths.length;
    this.slotBytes = this.arena.length / this.slots;
    this.longSlots = this.longLengths.length;
    this.longBytes = this.longArena.length / this.longSlots;
    this.texts = new Array<string>(this.slots + this.longSlots).fill("");
  }

  /**
   * The text of the string whose raw contents (between the quotes) are b[start, end), with the `hash` of
   * those bytes (StringScan.endHashed).
   */
  text(b: Buffer, start: number, end: number, flags: number, hash: number): string {
    const length = end - start;
    if (length > this.slotBytes) return this.longText(b, start, end, flags, hash);
    const slot = (hash ^ (hash >>> 16)) & (this.slots - 1);
    this.lastSlot = slot;
    if (this.lengths[slot] === length && sameBytes(this.arena, slot * this.slotBytes, b, start, length)) return this.texts[slot]!;
    const text = decode(b, start, end, flags);
    copyBytes(b, start, end, this.arena, slot * this.slotBytes);
    this.lengths[slot] = length;
    this.texts[slot] = text;
    return text;
  }

  /**
   * Whether b holds, at `start`, the raw contents of the string in `slot` followed by the closing quote:
   * how a guessed string is checked without scanning it first. Returns its length, or -1.
   */
  lengthAt(slot: number, b: Uint8Array, start: number, end: number): number {
    const long = slot >= this.slots;
    const length = long ? this.longLengths[slot - this.slots]! : this.lengths[slot]!;
    const close = start + length;
    if (length < 0 || (long && length === 0) || close >= end || b[close] !== 0x22) return -1;
    const at = long ? (slot - this.slots) * this.longBytes : slot * this.slotBytes;
    return sameBytes(long ? this.longArena : this.arena, at, b, start, length) ? length : -1;
  }

  textOf(slot: number): string {
    return this.texts[slot]!;
  }

  /** The text of a string the member indexer put in `slot`. */
  setText(slot: number, text: string): void {
    this.texts[slot] = text;
  }

  private longText(b: Buffer, start: number, end: number, flags: number, hash: number): string {
    const length = end - start;
    if (length > this.longBytes) {
      this.lastSlot = -1;
      return decode(b, start, end, flags);
    }
    const long = (hash ^ (hash >>> 12)) & (this.longSlots - 1);
    const slot = this.slots + long;
    this.lastSlot = slot;
    if (this.longLengths[long] === length && sameBytes(this.longArena, long * this.longBytes, b, start, length)) return this.texts[slot]!;
    const text = decode(b, start, end, flags);
    copyBytes(b, start, end, this.longArena, long * this.longBytes);
    this.longLengths[long] = length;
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

function sameBytes(arena: Uint8Array, at: number, b: Uint8Array, start: number, length: number): boolean {
  for (let k = 0; k < length; k++) if (arena[at + k] !== b[start + k]) return false;
  return true;
}

/** b[start, end) into `to` at `at`: for short strings a loop beats making a subarray for `set`. */
function copyBytes(b: Uint8Array, start: number, end: number, to: Uint8Array, at: number): void {
  for (let k = start; k < end; k++) to[at + k - start] = b[k]!;
}
