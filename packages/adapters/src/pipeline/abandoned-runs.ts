import { PreconditionFailedError } from "../store/object-store.ts";
import { listRunIds, readRun, runKey } from "../store/nightly-results.ts";
import type { ResultsStore } from "../store/results-store.ts";

/** Far beyond Lambda's 15 minutes: a run still "running" after this was killed (timeout, crash). */
export const ABANDONED_AFTER_MS = 60 * 60_000;

/**
 * A run killed mid-way cannot record its own end; the next run does, so no record claims to be running
 * forever. What the dead run committed to the ledger stays counted.
 */
export async function closeAbandonedRuns(store: ResultsStore, now: number, currentRunId: string): Promise<string[]> {
  const closed: string[] = [];
  for (const id of await listRunIds(store)) {
    if (id === currentRunId) continue;
    const run = await readRun(store, id);
    if (!run || run.value.status !== "running" || Date.parse(run.value.startedAt) > now - ABANDONED_AFTER_MS) continue;
    const record = { ...run.value, status: "failed" as const, error: "abandoned: the run stopped without recording its end (timed out or crashed)" };
    try {
      await store.putJson(runKey(id), record, { ifMatch: run.etag });
      closed.push(id);
    } catch (error) {
      if (!(error instanceof PreconditionFailedError)) throw error; // it finished after all, or another run closed it
    }
  }
  return closed;
}
