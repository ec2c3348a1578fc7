import { readExceptions } from "@rbac-recommender/adapters";
import { auditSourceFromInputs, expandInputPaths, isS3Url, type AuditSource } from "@rbac-recommender/adapters";
import type { Report } from "@rbac-recommender/core";
import { isStoreRun, parseAnalyzeArgs, type StoreOptions } from "./analyze-args.ts";
import type { Terminal } from "./cli.ts";
import { CommandError, firstLine } from "./command-error.ts";
import { ANALYZE_USAGE } from "./help.ts";
import { terminalLog } from "./pipeline-log.ts";
import { runPipeline } from "./pipeline-run.ts";
import { runLines, storeResultLines } from "./pipeline-summary.ts";
import { progressReporter } from "./progress.ts";
import { readRbacInput } from "./rbac-origin.ts";
import { runAnalysis } from "./run-analysis.ts";
import { openStore } from "./store-access.ts";
import { formatSummary, writtenLines } from "./summary.ts";
import { UsageError } from "./usage-error.ts";

const DAY_MS = 86_400_000;

export async function analyzeCommand(args: string[], terminal: Terminal): Promise<number> {
  const options = parseAnalyzeArgs(args);
  if (isStoreRun(options)) return storeRun(options, terminal);
  const progress = progressReporter(terminal.stderr, terminal.interactive);
  const run = await runAnalysis(options, progress.update).finally(progress.done);
  warnIfNoRequest(run.report, terminal);
  terminal.stdout(formatSummary(run, writtenLines(run.written)));
  return 0;
}

/** `--store`: the nightly pipeline, so a laptop run and the Lambda leave the same store behind. */
async function storeRun(options: StoreOptions, terminal: Terminal): Promise<number> {
  const audit = await auditSource(options.auditLogs);
  const rbac = await readRbacInput(options.rbac);
  const exceptions = options.exceptions ? await readExceptions(options.exceptions) : undefined;
  const store = await openStore(options.store, { existing: false });
  const run = await runPipeline({
    audit,
    ...(rbac ? { rbac } : {}),
    ...(exceptions ? { exceptions } : {}),
    store,
    ...(options.windowMs !== undefined ? { windowDays: options.windowMs / DAY_MS } : {}),
    includeDenied: options.includeDenied,
    log: terminalLog(terminal.stderr),
  });
  warnIfNoRequest(run.report, terminal);
  terminal.stdout(`${runLines(run).join("\n")}\n${formatSummary(run, storeResultLines(run, options.store))}`);
  return 0;
}

/** A run that found no request says so: its empty report is no evidence of a clean cluster. */
function warnIfNoRequest(report: Report, terminal: Terminal): void {
  if (report.input.requests === 0) terminal.stderr("rbac-recommender: warning: no request in the audit logs' window, so there is nothing to recommend (see 'skipped')\n");
}

/** Local paths are checked now, so a typo fails with one line before a run is recorded in the store. */
async function auditSource(inputs: string[]): Promise<AuditSource> {
  if (!inputs.some(isS3Url)) await expandInputPaths(inputs, "audit log", { allowEmptyDirectories: true });
  try {
    return auditSourceFromInputs(inputs);
  } catch (error) {
    const message = firstLine(error);
    throw inputs.filter(isS3Url).length === 1 && inputs.length === 1 ? new CommandError(`audit log ${inputs[0]}: ${message}`) : new UsageError(message, ANALYZE_USAGE);
  }
}
