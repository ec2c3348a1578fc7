/**
 * Recent audit IDs, to drop an event the log holds twice (webhook retries, overlapping log files, Panic
 * after ResponseComplete). Bounded: IDs live in two generations of `capacity` each; when the current one is
 * full the older is forgotten. So at least the last `capacity` IDs (at most twice that) are remembered, and
 * memory stays flat however long the log.
 */
import { DedupeTrace } from "./dedupe-trace.ts";

export class RecentIds {
  private current: IdTable;
  private previous: IdTable;
  /** IDs remembered so far: the clock that says how far back a repeated ID was first seen. */
  private inserts = 0;

  /** `trace`: record what proves a decoder that starts mid-file dropped what one reading the whole file would. */
  constructor(private readonly capacity: number, readonly trace?: DedupeTrace) {
    this.current = new IdTable();
    this.previous = new IdTable();
  }

  /** false if `id` is among the recent ones; else remembers it and returns true. */
  add(id: string): boolean {
    if (this.capacity <= 0) return true;
    const h = hashOf(id);
    const trace = this.trace;
    if (trace !== undefined) trace.checked(id, this.inserts, this.capacity);
    const seenAt = this.current.at(id, h) ?? this.previous.at(id, h);
    if (seenAt !== undefined) {
      if (trace !== undefined) trace.repeated(this.inserts - seenAt, this.capacity);
      return false;
    }
    if (trace !== undefined) trace.missed(id, h, this.inserts, this.capacity);
    if (this.current.size >= this.capacity) {
      const older = this.previous;
      if (trace !== undefined) trace.forget(older);
      else older.clear();
      this.previous = this.current;
      this.current = trace?.spare() ?? older;
    }
    this.current.insert(id, h, this.inserts++);
    return true;
  }

  /** Whether `id` is remembered now: a decoder reading on from here would drop it. */
  has(id: string): boolean {
    const h = hashOf(id);
    return this.current.at(id, h) !== undefined || this.previous.at(id, h) !== undefined;
  }

  /** The IDs remembered now, which a decoder reading on from here would drop. */
  remembered(): string[] {
    return [...this.current.ids(), ...this.previous.ids()];
  }
}

/** FNV-1a over the UTF-16 code units, never 0 (0 marks a free slot). */
function hashOf(id: string): number {
  let h = 0x811c9dc5;
  for (let k = 0; k < id.length; k++) h = Math.imul(h ^ id.charCodeAt(k), 0x01000193);
  return h === 0 ? 1 : h;
}

/**
 * An open-addressing set of strings keyed by their hash: a miss (the usual case: IDs are unique) costs one
 * typed-array probe, where a Set of strings would hash and compare strings. Each ID keeps when it was inserted.
 * The IDs' characters are copied into one growing arena rather than the strings being kept: a window of
 * 100,000 strings alive long enough to be promoted is what made the garbage collector work; an arena is one
 * object, and the strings die young. A hash match is confirmed character by character, so it stays exact.
 */
export class IdTable {
  private hashes = new Int32Array(16);
  private order = new Int32Array(16);
  /** Where each slot's ID starts in `chars`, and its length (see `sameId`). */
  private starts = new Int32Array(16);
  private lengths = new Int32Array(16);
  private chars = new Uint8Array(1024);
  private used = 0;
  private mask = 15;
  size = 0;

  /** When `id` was inserted, or undefined when it is not here. */
  at(id: string, h: number): number | undefined {
    for (let i = h & this.mask; this.hashes[i] !== 0; i = (i + 1) & this.mask) {
      if (this.hashes[i] === h && this.sameId(i, id)) return this.order[i];
    }
    return undefined;
  }

  insert(id: string, h: number, at: number): void {
    // Grown on demand (kept at most half full), so that a short log does not pay for a long window.
    if (2 * (this.size + 1) > this.hashes.length) this.grow();
    const start = this.append(id);
    this.place(h, at, start, this.appendedLength);
  }

  clear(): void {
    this.hashes.fill(0);
    this.used = 0;
    this.size = 0;
  }

  ids(): string[] {
    const ids: string[] = [];
    for (let i = 0; i < this.hashes.length; i++) if (this.hashes[i] !== 0) ids.push(this.idAt(i));
    return ids;
  }

  /**
   * Lengths are in characters; an ID of Latin-1 characters (all that audit IDs use) takes a byte each in the
   * arena, any other two (little-endian UTF-16), its length stored negated.
   */
  private sameId(i: number, id: string): boolean {
    const length = this.lengths[i]!;
    const chars = this.chars;
    const start = this.starts[i]!;
    if (length >= 0) {
      if (length !== id.length) return false;
      for (let k = 0; k < length; k++) if (chars[start + k] !== id.charCodeAt(k)) return false;
      return true;
    }
    if (-length !== id.length) return false;
    for (let k = 0; k < id.length; k++) {
      const c = id.charCodeAt(k);
      if (chars[start + 2 * k] !== (c & 0xff) || chars[start + 2 * k + 1] !== c >>> 8) return false;
    }
    return true;
  }

  private idAt(i: number): string {
    const length = this.lengths[i]!;
    const bytes = Buffer.from(this.chars.buffer, this.chars.byteOffset + this.starts[i]!, length >= 0 ? length : -2 * length);
    return bytes.toString(length >= 0 ? "latin1" : "utf16le");
  }

  /** Copies the characters of `id` to the arena; returns where they start, and sets `appendedLength`. */
  private append(id: string): number {
    let wide = false;
    for (let k = 0; k < id.length && !wide; k++) wide = id.charCodeAt(k) > 0xff;
    const start = this.used;
    const needed = start + (wide ? 2 : 1) * id.length;
    if (needed > this.chars.length) {
      const grown = new Uint8Array(Math.max(needed, 2 * this.chars.length));
      grown.set(this.chars.subarray(0, start));
      this.chars = grown;
    }
    const chars = this.chars;
    if (wide) {
      for (let k = 0; k < id.length; k++) {
        const c = id.charCodeAt(k);
        chars[start + 2 * k] = c & 0xff;
        chars[start + 2 * k + 1] = c >>> 8;
      }
    } else {
      for (let k = 0; k < id.length; k++) chars[start + k] = id.charCodeAt(k);
    }
    this.used = needed;
    this.appendedLength = wide ? -id.length : id.length;
    return start;
  }

  private appendedLength = 0;

  private place(h: number, at: number, start: number, length: number): void {
    let i = h & this.mask;
    while (this.hashes[i] !== 0) i = (i + 1) & this.mask;
    this.hashes[i] = h;
    this.order[i] = at;
    this.starts[i] = start;
    this.lengths[i] = length;
    this.size++;
  }

  private grow(): void {
    const { hashes, order, starts, lengths } = this;
    const n = hashes.length * 2;
    this.hashes = new Int32Array(n);
    this.order = new Int32Array(n);
    this.starts = new Int32Array(n);
    this.lengths = new Int32Array(n);
    this.mask = n - 1;
    this.size = 0;
    for (let k = 0; k < hashes.length; k++) if (hashes[k] !== 0) this.place(hashes[k]!, order[k]!, starts[k]!, lengths[k]!);
  }
}
