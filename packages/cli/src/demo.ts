import { rm } from "node:fs/promises";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { FileAuditSource, readAuditLogs, readRbacFiles, storeFromUrl } from "@rbac-recommender/adapters";
import { Usage } from "@rbac-recommender/core";
import type { Terminal } from "./cli.ts";
import { terminalLog } from "./pipeline-log.ts";
import { runPipeline, type PipelineRun } from "./pipeline-run.ts";
import { writeResults } from "./results.ts";
import { parseDemoArgs } from "./serve-args.ts";
import { serveUntilStopped } from "./serving.ts";
import { formatSummary, writtenLines } from "./summary.ts";
import { plural } from "./wording.ts";

const REPO_ROOT = fileURLToPath(new URL("../../../", import.meta.url));

/** Where the demo inputs live and where its results go, independent of the working directory. */
export const demoPaths = {
  rbac: join(REPO_ROOT, "demo", "rbac"),
  audit: join(REPO_ROOT, "demo", "audit"),
  out: join(REPO_ROOT, ".rbac-recommender", "demo"),
  store: join(REPO_ROOT, ".rbac-recommender", "demo-store"),
};

/**
 * Analyses the shipped demo cluster through the nightly pipeline into a fresh store. The demo's log ends
 * on 2026-11-19, so the run analyses up to its newest event: against the wall clock the last days would
 * count as missing and every removal would be held. The store is rebuilt each time, so every start shows
 * the same results (review decisions made in a previous demo are not kept).
 */
export async function analyzeDemo(log: (text: string) => void): Promise<PipelineRun> {
  const rbac = await readRbacFiles([demoPaths.rbac]);
  const now = await newestDemoEvent();
  await rm(demoPaths.store, { recursive: true, force: true });
  return runPipeline({
    audit: new FileAuditSource([demoPaths.audit]),
    rbac: { described: plural(rbac.files, "RBAC file"), location: demoPaths.rbac, snapshot: rbac.snapshot },
    store: storeFromUrl(demoPaths.store),
    includeDenied: false,
    now,
    log: terminalLog(log),
  });
}

async function newestDemoEvent(): Promise<Date> {
  const usage = new Usage();
  await readAuditLogs([demoPaths.audit], (request) => usage.add(request));
  const newest = usage.bounds()?.last;
  if (newest === undefined) throw new Error(`no requests in ${demoPaths.audit}`);
  return new Date(newest);
}

/** `demo` (`npm start`): the analysis, the files people open, then the review API on the demo store. */
export async function demoCommand(args: string[], terminal: Terminal): Promise<number> {
  const options = parseDemoArgs(args);
  terminal.stdout(`Analysing the demo cluster in demo/ (see demo/README.md for what happens in it)\n\n`);
  const run = await analyzeDemo(terminal.stderr);
  const written = await writeResults(demoPaths.out, run.report);
  const stored = `store:            ${demoPaths.store} (the nightly pipeline's layout; run ${run.record.id})`;
  terminal.stdout(formatSummary(run, [...writtenLines(written), stored]));
  terminal.stdout(`\nStart with ${written.reportPath}; each manifests/<id>.yaml is one recommendation, ready for kubectl apply after review.\n`);
  if (!options.serve) return 0;
  terminal.stdout("\n");
  const example = run.report.recommendations.find((r) => r.priority === "P1" && !r.alternativeTo)?.id;
  return serveUntilStopped(run.store, options, terminal, example);
}
