import { listRunIds, readRun, type ResultsStore } from "@rbac-recommender/adapters";
import type { Recommendation } from "@rbac-recommender/core";
import { readPublishedReport } from "./nightly-report.ts";

export interface Resolution {
  /** As the newest report that had it recommended it. */
  lastSeen: Recommendation;
  /** The published run right after that report: the first whose report no longer had it. */
  resolvedBy: string;
}

/**
 * For recommendations the current report no longer has: walks the published runs back from the current one,
 * a report at a time, and stops once every id is found. A recommendation resolved in a recent run costs a
 * few reads; old reports are not cached, because this is asked for rarely (a detail or a RESOLVED listing)
 * and a long-lived server should not hold every report it ever read.
 */
export async function findResolutions(store: ResultsStore, currentRunId: string, ids: ReadonlySet<string>): Promise<Map<string, Resolution>> {
  const found = new Map<string, Resolution>();
  const earlier = (await listRunIds(store)).filter((id) => id < currentRunId).reverse();
  let later = currentRunId;
  for (const runId of earlier) {
    if (found.size === ids.size) break;
    const run = (await readRun(store, runId))?.value;
    // Only succeeded runs were ever published; a superseded or failed run's results nobody was shown.
    if (run?.status !== "succeeded" || !run.results) continue;
    const report = await readPublishedReport(store, run.results);
    for (const recommendation of report?.recommendations ?? []) {
      if (ids.has(recommendation.id) && !found.has(recommendation.id)) found.set(recommendation.id, { lastSeen: recommendation, resolvedBy: later });
    }
    later = runId;
  }
  return found;
}
