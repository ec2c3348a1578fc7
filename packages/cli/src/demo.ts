import { existsSync } from "node:fs";
import { rm } from "node:fs/promises";
import { dirname, join } from "node:path";
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

/**
 * Where the demo inputs live and where its results go, independent of the working directory: in the nearest
 * directory above this module that holds the demo (the sources and the command's bundle sit at different depths).
 */
export function demoPaths() {
  const root = repositoryRoot();
  return {
    rbac: join(root, "demo", "rbac"),
    audit: join(root, "demo", "audit"),
    out: join(root, ".rbac-recommender", "demo"),
    store: join(root, ".rbac-recommender", "demo-store"),
  };
}

export type DemoPaths = ReturnType<typeof demoPaths>;

function repositoryRoot(): string {
  for (let dir = dirname(fileURLToPath(import.meta.url)); ; dir = dirname(dir)) {
    if (existsSync(join(dir, "demo", "rbac"))) return dir;
    if (dirname(dir) === dir) throw new Error("the demo cluster (demo/rbac) is in no directory above the command");
  }
}

/**
 * Analyses the shipped demo cluster through the nightly pipeline into a fresh store. The demo's log ends
 * on 2026-11-19, so the run analyses up to its newest event: against the wall clock the last days would
 * count as missing and every removal would be held. The store is rebuilt each time, so every start shows
 * the same results (review decisions made in a previous demo are not kept).
 */
export async function analyzeDemo(paths: DemoPaths, log: (text: string) => void): Promise<PipelineRun> {
  const rbac = await readRbacFiles([paths.rbac]);
  const now = await newestEvent(paths.audit);
  await rm(paths.store, { recursive: true, force: true });
  return runPipeline({
    audit: new FileAuditSource([paths.audit]),
    rbac: { described: plural(rbac.files, "RBAC file"), location: paths.rbac, snapshot: rbac.snapshot },
    store: storeFromUrl(paths.store),
    includeDenied: false,
    now,
    log: terminalLog(log),
  });
}

async function newestEvent(audit: string): Promise<Date> {
  const usage = new Usage();
  await readAuditLogs([audit], (request) => usage.add(request));
  const newest = usage.bounds()?.last;
  if (newest === undefined) throw new Error(`no requests in ${audit}`);
  return new Date(newest);
}

/** `demo` (`npm start`): the analysis, the files people open, then the review API on the demo store. */
export async function demoCommand(args: string[], terminal: Terminal): Promise<number> {
  const options = parseDemoArgs(args);
  terminal.stdout(`Analysing the demo cluster in demo/ (see demo/README.md for what happens in it)\n\n`);
  const paths = demoPaths();
  const run = await analyzeDemo(paths, terminal.stderr);
  const written = await writeResults(paths.out, run.report);
  const stored = `store:            ${paths.store} (the nightly pipeline's layout; run ${run.record.id})`;
  terminal.stdout(formatSummary(run, [...writtenLines(written), stored]));
  terminal.stdout(`\nStart with ${written.reportPath}; each manifests/<id>.yaml is one recommendation, ready for kubectl apply after review.\n`);
  if (!options.serve) return 0;
  terminal.stdout("\n");
  const example = run.report.recommendations.find((r) => r.priority === "P1" && !r.alternativeTo)?.id;
  return serveUntilStopped(run.store, options, terminal, example);
}
