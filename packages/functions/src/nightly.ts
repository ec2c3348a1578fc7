import type { Context, ScheduledEvent } from "aws-lambda";
import { auditSourceFromUrl, runNightly, storeFromUrl, type RunRecord } from "@rbac-recommender/adapters";
import { rbacSourceForEks } from "@rbac-recommender/adapters/kubernetes";
import { nightlyConfigFromEnv } from "./nightly-config.ts";

/** Publishing (merge, analyze, write) needs this much of the invocation's time after the last object is read. */
const PUBLISH_RESERVE_MS = 120_000;

/**
 * The scheduled nightly analysis. A failed run is recorded in the store and then rethrown, so the invocation
 * fails and the scheduler's retry runs again; runs are incremental, so a retry only does what is left.
 */
export async function handler(_event: ScheduledEvent, context: Context): Promise<RunRecord> {
  const config = nightlyConfigFromEnv();
  const record = await runNightly({
    auditSource: auditSourceFromUrl(config.auditUrl),
    ...(config.cluster ? { rbacSource: rbacSourceForEks(config.cluster) } : {}),
    store: storeFromUrl(config.storeUrl),
    windowDays: config.windowDays,
    maxSilenceHours: config.maxSilenceHours,
    deadline: Date.now() + context.getRemainingTimeInMillis() - PUBLISH_RESERVE_MS,
  });
  if (record.status === "failed") throw new Error(`nightly run ${record.id} failed: ${record.error}`);
  return record;
}
