/**
 * Numbers tuples of small non-negative integers, all of one width, in the order they are first seen.
 * Usage counts millions of requests into ~10^5 cells: a Map keyed by one string per tuple built, hashed and
 * kept that string for every lookup, where this open-addressing table over two typed arrays allocates
 * nothing per lookup and holds no object per tuple.
 */
export class TupleTable {
  /** Tuple `id` is `tuples[id * width .. (id + 1) * width)`. */
  private tuples: Int32Array;
  /** Open addressing: `id + 1` of the tuple in each slot, 0 when free; a power of two, at most half full. */
  private slots: Int32Array;
  private count = 0;

  constructor(readonly width: number, capacity = 256) {
    this.tuples = new Int32Array(width * capacity);
    this.slots = new Int32Array(slotsFor(capacity));
  }

  get size(): number {
    return this.count;
  }

  /** The id of the tuple `key[from .. from + width)`, numbering it when new: ids are 0, 1, 2… in first-seen order. */
  idOf(key: Int32Array, from = 0): number {
    const found = this.find(key, from);
    if (found >= 0) return found;
    if (2 * (this.count + 1) > this.slots.length) this.grow();
    const id = this.count++;
    if (this.tuples.length < this.count * this.width) this.tuples = enlarged(this.tuples, 2 * this.tuples.length);
    for (let k = 0; k < this.width; k++) this.tuples[id * this.width + k] = key[from + k]!;
    this.place(id, hashOf(key, from, this.width));
    return id;
  }

  /** The id of the tuple `key[from .. from + width)`, or -1 when it was never numbered. */
  find(key: Int32Array, from = 0): number {
    const width = this.width;
    const mask = this.slots.length - 1;
    for (let slot = hashOf(key, from, width) & mask; ; slot = (slot + 1) & mask) {
      const entry = this.slots[slot]!;
      if (entry === 0) return -1;
      const at = (entry - 1) * width;
      let k = 0;
      while (k < width && this.tuples[at + k] === key[from + k]) k++;
      if (k === width) return entry - 1;
    }
  }

  /** Element `k` of tuple `id`. */
  at(id: number, k: number): number {
    return this.tuples[id * this.width + k]!;
  }

  private grow(): void {
    this.slots = new Int32Array(2 * this.slots.length);
    for (let id = 0; id < this.count; id++) this.place(id, hashOf(this.tuples, id * this.width, this.width));
  }

  private place(id: number, hash: number): void {
    const mask = this.slots.length - 1;
    let slot = hash & mask;
    while (this.slots[slot] !== 0) slot = (slot + 1) & mask;
    this.slots[slot] = id + 1;
  }
}

function slotsFor(capacity: number): number {
  let slots = 16;
  while (slots < 2 * capacity) slots *= 2;
  return slots;
}

export function enlarged<A extends Int32Array | Float64Array>(array: A, length: number): A {
  const bigger = new (array.constructor as new (length: number) => A)(length);
  bigger.set(array);
  return bigger;
}

/** Mixes every element into all bits (murmur3's finaliser per element), so linear probing stays short. */
function hashOf(key: Int32Array, from: number, width: number): number {
  let h = width;
  for (let k = from; k < from + width; k++) {
    h = Math.imul(h ^ key[k]!, 0xcc9e2d51);
    h = (h << 15) | (h >>> 17);
    h = Math.imul(h, 0x1b873593);
  }
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  return h;
}
