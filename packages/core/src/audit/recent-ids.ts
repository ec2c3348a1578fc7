/**
 * Recent audit IDs, to drop an event the log holds twice (webhook retries, overlapping log files, Panic
 * after ResponseComplete). Bounded: IDs live in two generations of `capacity` each; when the current one is
 * full the older is forgotten. So at least the last `capacity` IDs (at most twice that) are remembered, and
 * memory stays flat however long the log.
 */
export class RecentIds {
  private current: IdTable;
  private previous: IdTable;

  constructor(private readonly capacity: number) {
    this.current = new IdTable(capacity);
    this.previous = new IdTable(capacity);
  }

  /** false if `id` is among the recent ones; else remembers it and returns true. */
  add(id: string): boolean {
    if (this.capacity <= 0) return true;
    const h = hashOf(id);
    if (this.current.has(id, h) || this.previous.has(id, h)) return false;
    if (this.current.size >= this.capacity) {
      const older = this.previous;
      older.clear();
      this.previous = this.current;
      this.current = older;
    }
    this.current.insert(id, h);
    return true;
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
 * typed-array probe, where a Set of strings would hash and compare strings.
 */
class IdTable {
  private readonly hashes: Int32Array;
  private readonly ids: (string | undefined)[];
  private readonly mask: number;
  size = 0;

  constructor(capacity: number) {
    let slots = 16;
    while (slots < 2 * capacity) slots *= 2;
    this.hashes = new Int32Array(slots);
    this.ids = new Array<string | undefined>(slots).fill(undefined);
    this.mask = slots - 1;
  }

  has(id: string, h: number): boolean {
    for (let i = h & this.mask; this.hashes[i] !== 0; i = (i + 1) & this.mask) {
      if (this.hashes[i] === h && this.ids[i] === id) return true;
    }
    return false;
  }

  insert(id: string, h: number): void {
    let i = h & this.mask;
    while (this.hashes[i] !== 0) i = (i + 1) & this.mask;
    this.hashes[i] = h;
    this.ids[i] = id;
    this.size++;
  }

  clear(): void {
    this.hashes.fill(0);
    this.ids.fill(undefined);
    this.size = 0;
  }
}
