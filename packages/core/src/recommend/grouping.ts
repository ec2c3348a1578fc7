import { TupleTable } from "../usage/tuple-table.ts";

/** Writes an item's texts to `key` (one array, reused for every item: a new one per item was garbage). */
export type KeyWriter<T> = (item: T, key: string[]) => void;

/**
 * Items grouped by a tuple of `width` texts, groups in the order first seen. Each text is numbered once (one
 * Map) and the tuples of numbers are found in a TupleTable: a key string per item, or a Map per distinct
 * prefix, cost more than the grouping itself on the ~10^5 atoms of a large log (mostly in the garbage
 * collector), and joining texts is ambiguous when one holds the separator.
 */
export function groupByTexts<T>(items: readonly T[], width: number, keyOf: KeyWriter<T>): T[][] {
  return items.length <= FEW ? groupFew(items, width, keyOf) : groupMany(items, width, keyOf);
}

/** Up to this many items, comparing each key with the groups' keys beats numbering texts (most scopes are small). */
const FEW = 12;

function groupFew<T>(items: readonly T[], width: number, keyOf: KeyWriter<T>): T[][] {
  const groups: T[][] = [];
  const keys: Array<readonly string[]> = [];
  const key = new Array<string>(width);
  for (let i = 0; i < items.length; i++) {
    keyOf(items[i]!, key);
    let g = 0;
    while (g < keys.length && !sameTexts(keys[g]!, key)) g++;
    if (g === keys.length) {
      keys.push(key.slice());
      groups.push([items[i]!]);
    } else groups[g]!.push(items[i]!);
  }
  return groups;
}

function sameTexts(a: readonly string[], b: readonly string[]): boolean {
  for (let k = 0; k < a.length; k++) if (a[k] !== b[k]) return false;
  return true;
}

function groupMany<T>(items: readonly T[], width: number, keyOf: KeyWriter<T>): T[][] {
  const groups: T[][] = [];
  const numbers = new Map<string, number>();
  const tuples = new TupleTable(width, items.length);
  const texts = new Array<string>(width);
  const key = new Int32Array(width);
  for (let i = 0; i < items.length; i++) {
    const item = items[i]!;
    keyOf(item, texts);
    for (let k = 0; k < width; k++) {
      let n = numbers.get(texts[k]!);
      if (n === undefined) numbers.set(texts[k]!, (n = numbers.size));
      key[k] = n;
    }
    const group = tuples.idOf(key);
    if (group === groups.length) groups.push([item]);
    else groups[group]!.push(item);
  }
  return groups;
}

/** A list as one text for `groupByTexts`: "" for the empty list, JSON otherwise (never ""). */
export function listText(list: readonly string[]): string {
  return list.length === 0 ? "" : JSON.stringify(list);
}
