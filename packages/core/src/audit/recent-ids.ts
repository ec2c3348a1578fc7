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
 */
export class IdTable {
  private hashes = new Int32Array(16);
  private slots: (string | undefined)[] = new Array<string | undefined>(16).fill(undefined);
  private order = new Int32Array(16);
  private mask = 15;
  size = 0;

  /** When `id` was inserted, or undefined when it is not here. */
  at(id: string, h: number): number | undefined {
    for (let i = h & this.mask; this.hashes[i] !== 0; i = (i + 1) & this.mask) {
      if (this.hashes[i] === h && this.slots[i] === id) return this.order[i];
    }
    return undefined;
  }

  insert(id: string, h: number, at: number): void {
    // Grown on demand (kept at most half full), so that a short log does not pay for a long window.
    if (2 * (this.size + 1) > this.hashes.length) this.grow();
    let i = h & this.mask;
    while (this.hashes[i] !== 0) i = (i + 1) & this.mask;
    this.hashes[i] = h;
    this.slots[i] = id;
    this.order[i] = at;
    this.size++;
  }

  clear(): void {
    this.hashes.fill(0);
    this.slots.fill(undefined);
    this.size = 0;
  }

  ids(): string[] {
    return this.slots.filter((id): id is string => id !== undefined);
  }

  private grow(): void {
    const { hashes, slots, order } = this;
    this.hashes = new Int32Array(hashes.length * 2);
    this.slots = new Array<string | undefined>(hashes.length * 2).fill(undefined);
    this.order = new Int32Array(hashes.length * 2);
    this.mask = this.hashes.length - 1;
    this.size = 0;
    for (let k = 0; k < hashes.length; k++) if (hashes[k] !== 0) this.insert(slots[k]!, hashes[k]!, order[k]!);
  }
}
