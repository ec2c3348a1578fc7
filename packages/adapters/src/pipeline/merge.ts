import { Usage, type DecodeStats, type UsageJson } from "@rbac-recommender/core";
import { addDecodeStats, emptyDecodeStats } from "../files/decode-stats.ts";
import type { Ledger } from "./ingest.ts";
import type { NightlyWindow } from "./window.ts";

export interface MergedWindow {
  usage: Usage;
  stats: DecodeStats;
  partials: number;
}

/** The window's usage is the merge of the stored partials; nothing is re-read from the audit source. */
export function mergeWindow(ledger: Ledger, window: NightlyWindow): MergedWindow {
  const usage = new Usage();
  const stats = emptyDecodeStats();
  let partials = 0;
  for (const { value: entry } of ledger.values()) {
    if (entry.source.lastModified < window.from) continue;
    usage.mergeJSON(entry.usage as UsageJson);
    addDecodeStats(stats, entry.stats as DecodeStats);
    partials++;
  }
  // Not cut to the window: `analyze` reads only the window's days, in place.
  return { usage, stats, partials };
}
