/**
 * Reading one JSON-lines file as two byte ranges in parallel is exact only if de-duplication decides as it
 * would reading the file in one go. Two things could make it differ, and this records both:
 * - an ID early in the second range that the first range still remembers at its end (a retry across the cut);
 * - a repeat between `capacity` and 2×`capacity` IDs back: whether it is still remembered depends on where the
 *   generations turn over, which depends on how many IDs came before the range.
 * When neither happened, the ranges' results merge into exactly the one-go result; otherwise the caller reads
 * the file in one go. RecentIds, given a trace, also keeps the generation before the two it remembers.
 */
import { holderOf, holdsAnyOf, IdList, type IdHolder, type IdListJson } from "./id-list.ts";

export interface DedupeTraceJson {
  /** IDs looked up before 2×capacity IDs were remembered: the only ones an earlier range could have dropped. */
  early: IdListJson;
  phaseDependent: boolean;
  /** The IDs remembered at the end, to check the next range's early IDs against. */
  remembered: IdListJson;
}

export class DedupeTrace {
  private readonly early = new IdList();
  /** Whether a repeat's fate depended on where the generations turn over. */
  phaseDependent = false;

  checked(id: string, inserts: number, capacity: number): void {
    if (inserts <= 2 * capacity) this.early.add(id);
  }

  /** `checked` of the packed ID at `keys[at]`. */
  checkedKey(keys: Int32Array, at: number, inserts: number, capacity: number): void {
    if (inserts <= 2 * capacity) this.early.addKey(keys, at);
  }

  /** A repeat of an ID remembered `distance` IDs back. */
  repeated(distance: number, capacity: number): void {
    if (distance >= capacity) this.phaseDependent = true;
  }

  /** A repeat of an ID of the generation forgotten last: within 2×capacity, another phase would have kept it. */
  repeatedFromForgotten(distance: number, capacity: number): void {
    if (distance <= 2 * capacity) this.phaseDependent = true;
  }

  toJSON(remembered: IdListJson): DedupeTraceJson {
    return { early: this.early.toJSON(), phaseDependent: this.phaseDependent, remembered };
  }
}

/** The buffers of a trace, to transfer rather than copy it to another thread. */
export function traceBuffers(trace: DedupeTraceJson): ArrayBuffer[] {
  return [trace.early.packed.buffer as ArrayBuffer, trace.remembered.packed.buffer as ArrayBuffer];
}

/** Whether `later`, decoded from a cut right after `earlier`, decided every duplicate as one decoder would. */
export function continuesExactly(earlier: DedupeTraceJson, later: DedupeTraceJson): boolean {
  return continuesAfter(holderOf(earlier.remembered), later);
}

/** The rule itself: `later` repeated none of the IDs the earlier range still `remembers`, and nothing phase-dependent. */
export function continuesAfter(remembers: IdHolder, later: DedupeTraceJson): boolean {
  return !later.phaseDependent && !holdsAnyOf(remembers, later.early);
}
