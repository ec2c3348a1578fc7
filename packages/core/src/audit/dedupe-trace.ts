/**
 * Reading one JSON-lines file as two byte ranges in parallel is exact only if de-duplication decides as it
 * would reading the file in one go. Two things could make it differ, and this records both:
 * - an ID early in the second range that the first range still remembers at its end (a retry across the cut);
 * - a repeat between `capacity` and 2×`capacity` IDs back: whether it is still remembered depends on where the
 *   generations turn over, which depends on how many IDs came before the range.
 * When neither happened, the ranges' results merge into exactly the one-go result; otherwise the caller reads
 * the file in one go.
 */
import { IdTable } from "./recent-ids.ts";

export interface DedupeTraceJson {
  /** IDs looked up before 2×capacity IDs were remembered: the only ones an earlier range could have dropped. */
  early: string[];
  phaseDependent: boolean;
  /** The IDs remembered at the end, to check the next range's early IDs against. */
  remembered: string[];
}

export class DedupeTrace {
  readonly early: string[] = [];
  phaseDependent = false;
  /** The generation before the two RecentIds keeps: with it at least 2×capacity IDs are known. */
  private oldest = new IdTable();

  checked(id: string, inserts: number, capacity: number): void {
    if (inserts <= 2 * capacity) this.early.push(id);
  }

  repeated(distance: number, capacity: number): void {
    if (distance >= capacity) this.phaseDependent = true;
  }

  /** A miss of the two live generations that the oldest one remembers within 2×capacity. */
  missed(id: string, h: number, inserts: number, capacity: number): void {
    const at = this.oldest.at(id, h);
    if (at !== undefined && inserts - at <= 2 * capacity) this.phaseDependent = true;
  }

  /** Keeps the generation RecentIds forgets; the one it replaces is reused. */
  forget(generation: IdTable): void {
    this.recycled = this.oldest;
    this.recycled.clear();
    this.oldest = generation;
  }

  spare(): IdTable {
    return this.recycled;
  }

  private recycled = new IdTable();

  toJSON(remembered: string[]): DedupeTraceJson {
    return { early: this.early, phaseDependent: this.phaseDependent, remembered };
  }
}

/** Whether `later`, decoded from a cut right after `earlier`, decided every duplicate as one decoder would. */
export function continuesExactly(earlier: DedupeTraceJson, later: DedupeTraceJson): boolean {
  const remembered = new Set(earlier.remembered);
  return continuesAfter((id) => remembered.has(id), later);
}

/** The rule itself: `later` repeated none of the IDs the earlier range still `remembers`, and nothing phase-dependent. */
export function continuesAfter(remembers: (id: string) => boolean, later: DedupeTraceJson): boolean {
  return !later.phaseDependent && !later.early.some(remembers);
}
