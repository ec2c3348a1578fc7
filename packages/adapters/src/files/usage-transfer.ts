/**
 * A Usage partial in the shape that crosses a worker_threads boundary cheaply. Posted as `UsageJson`, its
 * ~10^5 cells are as many small arrays for the structured clone to rebuild one by one on the main thread
 * (about a second on a 1 GB log); here they are one string and one transferable buffer.
 */
import type { UsageJson } from "@rbac-recommender/core/decoding";

export interface PackedUsage {
  principals: UsageJson["principals"];
  /** The days in `UsageJson.days` order, each with how many cells it holds. */
  days: Array<[day: string, cells: number]>;
  /** Every cell key, as one JSON array. */
  keys: string;
  /** count, first, last of every cell. */
  numbers: Float64Array;
}

export function packUsage(json: UsageJson): PackedUsage {
  const days: PackedUsage["days"] = [];
  const keys: string[] = [];
  let cells = 0;
  for (const list of Object.values(json.days)) cells += list.length;
  const numbers = new Float64Array(3 * cells);
  let at = 0;
  for (const [day, list] of Object.entries(json.days)) {
    days.push([day, list.length]);
    for (const [key, count, first, last] of list) {
      keys.push(key);
      numbers[at++] = count;
      numbers[at++] = first;
      numbers[at++] = last;
    }
  }
  return { principals: json.principals, days, keys: JSON.stringify(keys), numbers };
}

export function unpackUsage(packed: PackedUsage): UsageJson {
  const keys = JSON.parse(packed.keys) as string[];
  const days: UsageJson["days"] = {};
  let cell = 0;
  for (const [day, count] of packed.days) {
    const list: UsageJson["days"][string] = (days[day] = []);
    for (const end = cell + count; cell < end; cell++) {
      const n = 3 * cell;
      list.push([keys[cell]!, packed.numbers[n]!, packed.numbers[n + 1]!, packed.numbers[n + 2]!]);
    }
  }
  return { version: 2, principals: packed.principals, days };
}
