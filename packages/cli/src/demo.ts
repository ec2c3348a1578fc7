import { join } from "node:path";
import { fileURLToPath } from "node:url";
import type { Terminal } from "./cli.ts";
import { runAnalysis, type AnalysisRun } from "./run-analysis.ts";
import { formatSummary } from "./summary.ts";

const REPO_ROOT = fileURLToPath(new URL("../../../", import.meta.url));

/** Where the demo inputs live and where its results go, independent of the working directory. */
export const demoPaths = {
  rbac: join(REPO_ROOT, "demo", "rbac"),
  audit: join(REPO_ROOT, "demo", "audit"),
  out: join(REPO_ROOT, ".rbac-recommender", "demo"),
};

/** Analyses the shipped demo cluster. Separate from printing, so a later `serve` step can reuse the run. */
export function analyzeDemo(): Promise<AnalysisRun> {
  return runAnalysis({ auditLogs: [demoPaths.audit], rbac: [demoPaths.rbac], out: demoPaths.out, includeDenied: false });
}

export async function runDemo(terminal: Terminal): Promise<number> {
  terminal.stdout(`Analysing the demo cluster in demo/ (see demo/README.md for what happens in it)\n\n`);
  const run = await analyzeDemo();
  terminal.stdout(formatSummary(run));
  terminal.stdout(`\nStart with ${run.written.reportPath}; each manifests/<id>.yaml is one recommendation, ready for kubectl apply after review.\n`);
  return 0;
}
