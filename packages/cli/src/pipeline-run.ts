import { reportKey, runNightly, type AuditSource, type NightlyLog, type ResultsStore, type RunRecord } from "@rbac-recommender/adapters";
import { ReportSchema, type RecommendationException } from "@rbac-recommender/core";
import { CommandError, firstLine } from "./command-error.ts";
import { rbacSourceOf, type RbacOrigin } from "./rbac-origin.ts";
import type { AnalysedReport } from "./summary.ts";

export interface PipelineInputs {
  audit: AuditSource;
  rbac?: RbacOrigin;
  store: ResultsStore;
  windowDays?: number;
  includeDenied: boolean;
  exceptions?: readonly RecommendationException[];
  /** The moment the run analyses up to; the wall clock unless given (the demo gives its newest event). */
  now?: Date;
  log: NightlyLog;
}

export interface PipelineRun extends AnalysedReport {
  record: RunRecord;
  store: ResultsStore;
}

/**
 * One run of the nightly pipeline (`runNightly`, as the Lambda runs it), with its report. A failed run is
 * recorded in the store by the pipeline and reported here as one line; published results stay current.
 */
export async function runPipeline(inputs: PipelineInputs): Promise<PipelineRun> {
  const { store } = inputs;
  const record = await runNightly({
    auditSource: inputs.audit,
    ...(inputs.rbac ? { rbacSource: rbacSourceOf(inputs.rbac) } : {}),
    store,
    ...(inputs.windowDays !== undefined ? { windowDays: inputs.windowDays } : {}),
    ...(inputs.now ? { now: inputs.now } : {}),
    includeDenied: inputs.includeDenied,
    ...(inputs.exceptions ? { exceptions: inputs.exceptions } : {}),
    onLog: inputs.log,
  }).catch((error: unknown) => {
    throw new CommandError(`store ${store.location}: ${firstLine(error)}`);
  });
  if (record.status === "failed" || !record.results) {
    throw new CommandError(`run ${record.id} failed: ${record.error ?? "no results"} (results published before stay current)`);
  }
  const report = await store.getJson(reportKey(record.results), ReportSchema);
  if (!report) throw new CommandError(`run ${record.id}: ${store.describe(reportKey(record.results))} is missing`);
  return { record, store, report: report.value, ...(inputs.rbac ? { rbac: inputs.rbac } : {}) };
}
