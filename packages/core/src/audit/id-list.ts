/**
 * A list of audit IDs as one decoding thread hands it to another: UUIDs packed four integers each (in one
 * transferable array), any other ID as text. Two hundred thousand IDs take 3.2 MB this way, where as strings
 * they took 11 MB on each side of the thread boundary, and a structured copy besides.
 */
import { TupleTable } from "../usage/tuple-table.ts";
import { copyKey, KEY_WORDS, packUuid } from "./audit-id-key.ts";

export interface IdListJson {
  /** KEY_WORDS per UUID (audit-id-key.ts). */
  packed: Int32Array;
  others: string[];
}

/** What can say whether it holds an ID, given as text or packed. */
export interface IdHolder {
  has(id: string): boolean;
  hasKey(keys: Int32Array, at: number): boolean;
}

export class IdList {
  private packed = new Int32Array(KEY_WORDS * 256);
  private words = 0;
  private readonly others: string[] = [];

  add(id: string): void {
    this.reserve();
    if (packUuid(id, this.packed, this.words)) this.words += KEY_WORDS;
    else this.others.push(id);
  }

  /** Adds the packed ID at `keys[at]`. */
  addKey(keys: Int32Array, at: number): void {
    this.reserve();
    copyKey(keys, at, this.packed, this.words);
    this.words += KEY_WORDS;
  }

  private reserve(): void {
    if (this.words + KEY_WORDS <= this.packed.length) return;
    const grown = new Int32Array(2 * this.packed.length);
    grown.set(this.packed);
    this.packed = grown;
  }

  toJSON(): IdListJson {
    return { packed: this.packed.slice(0, this.words), others: [...this.others] };
  }
}

/** Whether `holder` holds any ID of `list`. */
export function holdsAnyOf(holder: IdHolder, list: IdListJson): boolean {
  for (let at = 0; at < list.packed.length; at += KEY_WORDS) if (holder.hasKey(list.packed, at)) return true;
  return list.others.some((id) => holder.has(id));
}

/**
 * The IDs of `list` as a holder; for lists that crossed no decoder (both from other threads). Packed IDs stay
 * packed: a decoder remembers ~2×10^5 of them, and a Set of their texts took ~0.8 s and ~50 MB to build.
 */
export function holderOf(list: IdListJson): IdHolder {
  const others = new Set(list.others);
  const packed = new TupleTable(KEY_WORDS, list.packed.length / KEY_WORDS);
  for (let at = 0; at < list.packed.length; at += KEY_WORDS) packed.idOf(list.packed, at);
  const key = new Int32Array(KEY_WORDS);
  return {
    has: (id) => (packUuid(id, key, 0) ? packed.find(key) >= 0 : others.has(id)),
    hasKey: (keys, at) => packed.find(keys, at) >= 0,
  };
}
