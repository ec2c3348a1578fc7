import { analyze, releaseDecoderMemory, type RecommendationException } from "@rbac-recommender/core";
import type { RbacSource } from "../kubernetes/rbac-source.ts";
import { readLedger, runKey } from "../store/nightly-results.ts";
import type { RunRecord, RunStatus } from "../store/nightly-records.ts";
import type { ResultsStore } from "../store/results-store.ts";
import { closeAbandonedRuns } from "./abandoned-runs.ts";
import type { AuditSource } from "./audit-source.ts";
import { ingest, pendingObjects, prune, type IngestContext } from "./ingest.ts";
import { jsonLinesLog, type NightlyLog } from "./log.ts";
import { mergeWindow } from "./merge.ts";
import { switchCurrent, writeResults } from "./publish.ts";
import { finishRunRecord, newRunId, startRunRecord } from "./run-record.ts";
import { nightlyWindow } from "./window.ts";

export const DEFAULT_WINDOW_DAYS = 90;

export interface NightlyOptions {
  auditSource: AuditSource;
  /** Live RBAC; without it the report is usage-only. */
  rbacSource?: RbacSource;
  store: ResultsStore;
  windowDays?: number;
  now?: Date;
  onLog?: NightlyLog;
  /** Audit objects read at once. */
  concurrency?: number;
  /** ms since the epoch after which no new object is started (Lambda: its end minus time to publish). */
  deadline?: number;
  includeDenied?: boolean;
  /** Time source for durations and the deadline; tests pin it. */
  clock?: () => number;
  /** No audit data for longer than this (before `now`) means the feed stopped: removals are held. Default 24. */
  maxSilenceHours?: number;
  /** The keep-list: subjects and bindings not to touch. */
  exceptions?: readonly RecommendationException[];
}

/**
 * One incremental analysis: counts audit objects not seen before, merges the window from stored partials,
 * analyzes against live RBAC and publishes. Never throws for a failed run: the returned (and stored) run
 * record says `failed`, and the previously published results stay current.
 */
export async function runNightly(options: NightlyOptions): Promise<RunRecord> {
  const clock = options.clock ?? Date.now;
  const now = options.now ?? new Date(clock());
  // By the clock: `now` is the time analysed up to, which a replay of old logs (the demo) pins.
  const started = clock();
  const startedAt = new Date(started);
  const window = nightlyWindow(now, options.windowDays ?? DEFAULT_WINDOW_DAYS);
  const log = options.onLog ?? jsonLinesLog;
  const { store } = options;
  const record = startRunRecord(newRunId(startedAt), startedAt, window, {
    audit: options.auditSource.location,
    rbac: options.rbacSource?.location ?? null,
    store: store.location,
  });
  const { etag } = await store.putJson(runKey(record.id), record, { ifNoneMatch: "*" });
  log({ level: "info", msg: "nightly run started", runId: record.id, window: record.window, inputs: record.inputs });
  try {
    const abandoned = await closeAbandonedRuns(store, clock(), record.id);
    if (abandoned.length > 0) log({ level: "warn", msg: "closed abandoned runs", runId: record.id, abandoned });
    const ctx: IngestContext = {
      source: options.auditSource,
      store,
      ledger: await readLedger(store),
      window,
      record,
      log,
      clock,
      concurrency: options.concurrency ?? 8,
      deadline: options.deadline ?? Number.POSITIVE_INFINITY,
    };
    finishRunRecord(record, await analyzeAndPublish(ctx, options, now), started, clock);
  } catch (error) {
    finishRunRecord(record, "failed", started, clock, error);
  }
  await store.putJson(runKey(record.id), record, { ifMatch: etag });
  logOutcome(log, record);
  return record;
}

async function analyzeAndPublish(ctx: IngestContext, options: NightlyOptions, now: Date): Promise<RunStatus> {
  const { record, window, store } = ctx;
  await ingest(ctx, await pendingObjects(ctx));
  // Decoding is over: its memory is the analysis' to use.
  releaseDecoderMemory();
  await prune(ctx);
  const merged = mergeWindow(ctx.ledger, window);
  record.objects.partials = merged.partials;
  const snapshot = await options.rbacSource?.snapshot();
  const report = analyze({
    usage: merged.usage,
    ...(snapshot ? { snapshot } : {}),
    stats: merged.stats,
    files: merged.partials,
    window: { from: window.from, to: window.to },
    includeDenied: options.includeDenied ?? false,
    now,
    freshness: { now: now.getTime(), maxSilenceHours: options.maxSilenceHours ?? 24 },
    ...(options.exceptions ? { exceptions: options.exceptions } : {}),
  });
  if (report.coverage) record.coverage = { complete: report.coverage.complete, reasons: report.coverage.reasons };
  record.counts.windowRequests = merged.stats.requests;
  record.counts.recommendations = report.recommendations.length;
  record.results = await writeResults(store, record.id, report);
  const pointer = { schemaVersion: 1 as const, runId: record.id, generatedAt: report.generatedAt, results: record.results, window: report.window };
  return (await switchCurrent(store, pointer)) === "published" ? "succeeded" : "superseded";
}

function logOutcome(log: NightlyLog, record: RunRecord): void {
  log({
    level: record.status === "failed" ? "error" : "info",
    msg: `nightly run ${record.status}`,
    runId: record.id,
    status: record.status,
    durationMs: record.durationMs,
    objects: record.objects,
    counts: record.counts,
    skipped: record.skipped,
    ...(record.error ? { error: record.error } : {}),
  });
}
