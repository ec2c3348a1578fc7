/**
 * The packed audit IDs (audit-id-key.ts) most recently inserted, in a ring: the one inserted n-th sits at
 * position n mod size, so where an ID sits says when it was inserted, and a newer one overwrites it. An
 * open-addressing index finds a key's position; its slots also hold a few bits of the key's hash, so a probe
 * past another key rarely reads the ring. Slots of overwritten positions go stale; the index is rebuilt from
 * the ring every half ring of inserts, which bounds its load.
 *
 * Grown on demand up to `span` positions, so that a short log does not pay for a long window. Memory at
 * full size: 20 bytes per position and 10 to 20 bytes of index, against ~70 for an ID kept as a string in a
 * table of strings.
 */
import { copyKey, KEY_WORDS, sameKey } from "./audit-id-key.ts";

const FIRST_SIZE = 1024;
/** The index is kept at most this full (stale slots included), so that a miss probes a slot or two. */
const MAX_LOAD = 0.6;

export class IdRing {
  private size: number;
  private keys: Int32Array;
  /** The hash of the key at each position; 0 where the position holds none. */
  private hashes: Int32Array;
  private index = new Int32Array(0);
  private indexMask = 0;
  /** The bits of a slot that hold hash bits; the others hold position + 1 (0: a free slot). */
  private tagMask = 0;
  private putsSinceRebuild = 0;

  constructor(private readonly span: number) {
    this.size = Math.min(span, FIRST_SIZE);
    this.keys = new Int32Array(this.size * KEY_WORDS);
    this.hashes = new Int32Array(this.size);
    this.rebuild();
  }

  /** The order of the key at `keys[at]` (hash `h`) if the ring holds it, else -1; `inserts`: orders given so far. */
  orderOf(keys: Int32Array, at: number, h: number, inserts: number): number {
    const p = this.positionOf(keys, at, h);
    return p < 0 ? -1 : this.orderAt(p, inserts);
  }

  /** Puts the key with order `order` (the next one) in the ring; `h` 0 for an ID that has no packed form. */
  put(keys: Int32Array, at: number, h: number, order: number): void {
    if (order >= this.size && this.size < this.span) this.grow();
    const p = order % this.size;
    this.hashes[p] = h;
    if (h === 0) return;
    copyKey(keys, at, this.keys, p * KEY_WORDS);
    if (++this.putsSinceRebuild > this.size >> 1) this.rebuild();
    else this.enter(p, h);
  }

  /** Forgets the key at `keys[at]`, when it is here (before it is put again: a key sits at one position only). */
  remove(keys: Int32Array, at: number, h: number): void {
    const p = this.positionOf(keys, at, h);
    if (p >= 0) this.hashes[p] = 0;
  }

  /** Visits every key held, with its order. */
  forEach(inserts: number, visit: (keys: Int32Array, at: number, order: number) => void): void {
    for (let p = 0; p < this.size; p++) if (this.hashes[p] !== 0) visit(this.keys, p * KEY_WORDS, this.orderAt(p, inserts));
  }

  /** The latest order that position `p` can hold: the ring has been written up to `inserts` - 1. */
  private orderAt(p: number, inserts: number): number {
    return p + this.size * Math.floor((inserts - 1 - p) / this.size);
  }

  private positionOf(keys: Int32Array, at: number, h: number): number {
    const { index, indexMask, tagMask, hashes } = this;
    const tag = h & tagMask;
    for (let i = h & indexMask; ; i = (i + 1) & indexMask) {
      const slot = index[i]!;
      if (slot === 0) return -1;
      if ((slot & tagMask) !== tag) continue;
      const p = (slot & ~tagMask) - 1;
      if (hashes[p] === h && sameKey(this.keys, p * KEY_WORDS, keys, at)) return p;
    }
  }

  private enter(p: number, h: number): void {
    const { index, indexMask } = this;
    let i = h & indexMask;
    while (index[i] !== 0) i = (i + 1) & indexMask;
    index[i] = (h & this.tagMask) | (p + 1);
  }

  /** While the ring has not wrapped, every key sits at its order: growing keeps positions. */
  private grow(): void {
    this.size = Math.min(2 * this.size, this.span);
    const keys = new Int32Array(this.size * KEY_WORDS);
    keys.set(this.keys);
    const hashes = new Int32Array(this.size);
    hashes.set(this.hashes);
    this.keys = keys;
    this.hashes = hashes;
    this.rebuild();
  }

  /** A fresh index of the keys held; sized for them and the half ring of puts until the next rebuild. */
  private rebuild(): void {
    const slots = 2 ** Math.ceil(Math.log2((1.5 * this.size) / MAX_LOAD));
    if (this.index.length !== slots) this.index = new Int32Array(slots);
    else this.index.fill(0);
    this.indexMask = slots - 1;
    const positionBits = 32 - Math.clz32(this.size);
    this.tagMask = positionBits >= 32 ? 0 : ~((1 << positionBits) - 1);
    this.putsSinceRebuild = 0;
    for (let p = 0; p < this.size; p++) if (this.hashes[p] !== 0) this.enter(p, this.hashes[p]!);
  }
}
