import { analyze, releaseDecoderMemory, Usage, type RecommendationException, type Report } from "@rbac-recommender/core";
import { isS3Url, readAuditUsage, readExceptions, type AuditReadProgress, type AuditReadResult } from "@rbac-recommender/adapters";
import { ANALYZE_USAGE } from "./help.ts";
import type { OneShotOptions } from "./analyze-args.ts";
import { readRbacInput, type RbacOrigin } from "./rbac-origin.ts";
import { writeResults, type WrittenResults } from "./results.ts";
import { readS3AuditLog } from "./s3-audit-log.ts";
import { UsageError } from "./usage-error.ts";

export interface AnalysisRun {
  report: Report;
  /** Absent in usage-only mode. */
  rbac?: RbacOrigin;
  written: WrittenResults;
}

/** The whole one-shot `analyze --out` without its terminal output: inputs in, results on disk. */
export async function runAnalysis(options: OneShotOptions, onProgress?: (progress: AuditReadProgress) => void): Promise<AnalysisRun> {
  const rbac = await readRbacInput(options.rbac);
  const exceptions = options.exceptions ? await readExceptions(options.exceptions) : undefined;
  const report = await analyzeLogs(options, rbac, exceptions, onProgress);
  // The Usage and the analysis' garbage (~80 MB on a 1 GB log) go now, not at some collection while the results
  // are written on top of them: the npm scripts run Node with --expose-gc for this one call (~70 ms).
  (globalThis as { gc?: () => void }).gc?.();
  const written = await writeResults(options.out, report);
  return rbac ? { report, rbac, written } : { report, written };
}

/** The report of the audit logs; their Usage is garbage once this returns, so writing the results can use its memory. */
async function analyzeLogs(
  options: OneShotOptions,
  rbac: RbacOrigin | undefined,
  exceptions: RecommendationException[] | undefined,
  onProgress?: (progress: AuditReadProgress) => void,
): Promise<Report> {
  const usage = new Usage();
  const audit = await readAudit(options.auditLogs, usage, onProgress);
  // Decoding is over: its memory is the analysis' to use.
  releaseDecoderMemory();
  return analyze({
    usage,
    ...(rbac ? { snapshot: rbac.snapshot } : {}),
    stats: audit.stats,
    files: audit.files,
    ...(options.windowMs !== undefined ? { window: { durationMs: options.windowMs } } : {}),
    includeDenied: options.includeDenied,
    ...(exceptions ? { exceptions } : {}),
  });
}

function readAudit(inputs: string[], usage: Usage, onProgress?: (progress: AuditReadProgress) => void): Promise<AuditReadResult> {
  const remote = inputs.filter(isS3Url);
  if (remote.length === 0) return readAuditUsage(inputs, usage, { ...(onProgress ? { onProgress } : {}), ...threadsFromEnv() });
  if (inputs.length > 1) throw new UsageError("--audit-log takes one s3:// location or local paths, not both or several", ANALYZE_USAGE);
  return readS3AuditLog(remote[0]!, usage, onProgress);
}

/** RBAC_RECOMMENDER_THREADS caps the decoding threads (default: the cores available), e.g. in a small container. */
export function threadsFromEnv(): { threads?: number } {
  const value = process.env.RBAC_RECOMMENDER_THREADS;
  if (value === undefined || value === "") return {};
  const threads = Number(value);
  if (!Number.isInteger(threads) || threads < 1) throw new UsageError(`RBAC_RECOMMENDER_THREADS must be a whole number >= 1, got ${value}`, ANALYZE_USAGE);
  return { threads };
}
