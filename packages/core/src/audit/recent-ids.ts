/**
 * Recent audit IDs, to drop an event the log holds twice (webhook retries, overlapping log files, Panic
 * after ResponseComplete). Bounded: IDs live in generations of `capacity`; the current one and the one before
 * are remembered, and when the current one is full the older is forgotten. So at least the last `capacity`
 * IDs (at most twice that) are remembered, and memory stays flat however long the log.
 *
 * IDs are numbered in the order they are remembered, which says their generation. UUIDs (all the API server
 * writes) are kept packed in a ring (id-ring.ts); any other ID by its text.
 */
import { hashOfKey, KEY_WORDS, packUuid } from "./audit-id-key.ts";
import type { DedupeTrace } from "./dedupe-trace.ts";
import { IdList, type IdHolder, type IdListJson } from "./id-list.ts";
import { IdRing } from "./id-ring.ts";

export class RecentIds implements IdHolder {
  private readonly ring: IdRing;
  /** IDs with no packed form, with their numbers, in the order remembered (so the oldest come first). */
  private readonly others = new Map<string, number>();
  private readonly key = new Int32Array(KEY_WORDS);
  /** IDs remembered so far: the next one's number. */
  private inserts = 0;

  /** `trace`: record what proves a decoder that starts mid-file dropped what one reading the whole file would. */
  constructor(private readonly capacity: number, readonly trace?: DedupeTrace) {
    // With a trace, also the generation last forgotten: it tells whether a repeat's fate depended on where
    // the generations turn over.
    this.ring = new IdRing(Math.max(capacity, 1) * (trace ? 3 : 2));
  }

  /** false if `id` is among the recent ones; else remembers it and returns true. */
  add(id: string): boolean {
    return packUuid(id, this.key, 0) ? this.addKey(this.key, 0) : this.addOther(id);
  }

  /** `add` of the packed ID at `keys[at]` (audit-id-key.ts). */
  addKey(keys: Int32Array, at: number): boolean {
    if (this.capacity <= 0) return true;
    this.trace?.checkedKey(keys, at, this.inserts, this.capacity);
    const h = hashOfKey(keys, at);
    const seenAt = this.ring.orderOf(keys, at, h, this.inserts);
    if (seenAt >= 0) {
      if (this.isRemembered(seenAt)) return false;
      this.ring.remove(keys, at, h);
    }
    this.ring.put(keys, at, h, this.inserts++);
    return true;
  }

  /** `add` of an ID with no packed form: kept by its text, and as an empty position of the ring. */
  private addOther(id: string): boolean {
    if (this.capacity <= 0) return true;
    this.trace?.checked(id, this.inserts, this.capacity);
    const seenAt = this.others.get(id) ?? -1;
    if (seenAt >= 0) {
      if (this.isRemembered(seenAt)) return false;
      this.others.delete(id);
    }
    const order = this.inserts++;
    this.ring.put(this.key, 0, 0, order);
    this.others.set(id, order);
    this.forgetOthers();
    return true;
  }

  /** Whether the ID that came as number `seenAt` is still remembered: a repeat, traced as one. */
  private isRemembered(seenAt: number): boolean {
    const back = this.generationsBack(seenAt);
    if (back <= 1) {
      this.trace?.repeated(this.inserts - seenAt, this.capacity);
      return true;
    }
    if (back === 2) this.trace?.repeatedFromForgotten(this.inserts - seenAt, this.capacity);
    return false;
  }

  has(id: string): boolean {
    if (packUuid(id, this.key, 0)) return this.hasKey(this.key, 0);
    const at = this.others.get(id);
    return at !== undefined && this.generationsBack(at) <= 1;
  }

  hasKey(keys: Int32Array, at: number): boolean {
    const seenAt = this.ring.orderOf(keys, at, hashOfKey(keys, at), this.inserts);
    return seenAt >= 0 && this.generationsBack(seenAt) <= 1;
  }

  /** The IDs remembered now, which a decoder reading on from here would drop. */
  remembered(): IdListJson {
    const list = new IdList();
    this.ring.forEach(this.inserts, (keys, at, order) => {
      if (this.generationsBack(order) <= 1) list.addKey(keys, at);
    });
    for (const [id, order] of this.others) if (this.generationsBack(order) <= 1) list.add(id);
    return list.toJSON();
  }

  /**
   * How many generations before the current one the ID numbered `order` was remembered in (0: the current).
   * The current generation is that of the last ID remembered: a full one is replaced only when the next ID
   * comes, after that ID was looked up.
   */
  private generationsBack(order: number): number {
    return Math.floor((this.inserts - 1) / this.capacity) - Math.floor(order / this.capacity);
  }

  /** Texts of generations no longer looked at: dropped as the next text comes, oldest first. */
  private forgetOthers(): void {
    for (const [id, order] of this.others) {
      if (this.generationsBack(order) <= 2) break;
      this.others.delete(id);
    }
  }
}
