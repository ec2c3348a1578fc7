import { analyze, Usage, type Report } from "@rbac-recommender/core";
import { readAuditLogs, readRbacFiles, type AuditReadProgress, type RbacReadResult } from "@rbac-recommender/adapters";
import type { AnalyzeOptions } from "./analyze-args.ts";
import { writeResults, type WrittenResults } from "./results.ts";

export interface AnalysisRun {
  report: Report;
  /** Absent in usage-only mode. */
  rbac?: RbacReadResult;
  written: WrittenResults;
}

/** The whole `analyze` command without its terminal output: inputs in, results on disk. */
export async function runAnalysis(
  options: AnalyzeOptions,
  onProgress?: (progress: AuditReadProgress) => void,
): Promise<AnalysisRun> {
  // RBAC first: an invalid RBAC file should fail in a second, not after an hour of audit logs.
  const rbac = options.rbac.length > 0 ? await readRbacFiles(options.rbac) : undefined;
  const usage = new Usage();
  const audit = await readAuditLogs(options.auditLogs, (request) => usage.add(request), onProgress ? { onProgress } : {});
  const report = analyze({
    usage,
    ...(rbac ? { snapshot: rbac.snapshot } : {}),
    stats: audit.stats,
    files: audit.files,
    ...(options.windowMs !== undefined ? { window: { durationMs: options.windowMs } } : {}),
    includeDenied: options.includeDenied,
  });
  const written = await writeResults(options.out, report);
  return rbac ? { report, rbac, written } : { report, written };
}
