import { RunRecordSchema, runKey, type ResultsStore } from "@rbac-recommender/adapters";
import type { Report } from "@rbac-recommender/core";
// The pipeline's own publishing steps, so a test "nightly run" lays out the store exactly as production does.
import { switchCurrent, writeResults } from "@rbac-recommender/adapters";

/** What a nightly run leaves behind: immutable results, a run record, and `current.json` switched to them. */
export async function publishNightly(store: ResultsStore, report: Report, runId: string): Promise<void> {
  const results = await writeResults(store, runId, report);
  const record = RunRecordSchema.parse({
    schemaVersion: 1,
    id: runId,
    status: "succeeded",
    startedAt: report.generatedAt,
    finishedAt: report.generatedAt,
    durationMs: 1000,
    window: { ...report.window, days: 90 },
    inputs: { audit: "s3://audit/eks", rbac: "cluster", store: store.location },
    objects: { listed: 3, read: 3, alreadyProcessed: 0, outOfWindow: 0, failed: 0, deferred: 0, partials: 3, pruned: 0 },
    counts: { newEvents: 1000, newRequests: 900, windowRequests: 900, recommendations: report.recommendations.length },
    skipped: {},
    failures: [],
    results,
  });
  await store.putJson(runKey(runId), record);
  const outcome = await switchCurrent(store, { schemaVersion: 1, runId, generatedAt: report.generatedAt, results, window: report.window });
  if (outcome !== "published") throw new Error(`run ${runId} was not published: ${outcome}`);
}
