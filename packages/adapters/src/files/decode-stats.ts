import type { DecodeStats, SkipReason } from "@rbac-recommender/core/decoding";

export function emptyDecodeStats(): DecodeStats {
  return { bytes: 0, events: 0, requests: 0, skipped: {} };
}

/** Adds `from` into `into`: one decoder runs per file, the report counts the whole input. */
export function addDecodeStats(into: DecodeStats, from: DecodeStats): DecodeStats {
  into.bytes += from.bytes;
  into.events += from.events;
  into.requests += from.requests;
  for (const [reason, count] of Object.entries(from.skipped) as Array<[SkipReason, number]>) {
    countSkipped(into, reason, count);
  }
  return into;
}

export function countSkipped(stats: DecodeStats, reason: SkipReason, count = 1): void {
  stats.skipped[reason] = (stats.skipped[reason] ?? 0) + count;
}
