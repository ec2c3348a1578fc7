/**
 * The programs `npm run bench` times, one per child process, bundled as the command is:
 * `contenders.mjs <name> <file>` (or `tsx bench/contenders.ts <name> <file>`) prints one JSON line
 * { ms, cpuMs, requests, subjects, maxRssMb, analyzeMs? }.
 */
import { createReadStream, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { decodeAuditFile } from "../packages/adapters/src/files/audit-files.ts";
import { BENCH_SEED } from "./population.ts";

interface Outcome {
  requests: number;
  subjects: number;
  /** The pipelines: how much of the time went to the analysis, after decoding. */
  analyzeMs?: number;
}

const CHUNK = 1 << 20;

/** What anyone would write first: split lines, JSON.parse each, group by subject. */
async function baseline(file: string): Promise<Outcome> {
  const counts = new Map<string, number>();
  let requests = 0;
  let rest = "";
  const line = (text: string): void => {
    if (text.trim() === "") return;
    const e = JSON.parse(text) as { stage?: string; user?: { username?: string }; impersonatedUser?: { username?: string } };
    if (e.stage !== "ResponseComplete") return;
    const subject = e.impersonatedUser?.username ?? e.user?.username ?? "";
    counts.set(subject, (counts.get(subject) ?? 0) + 1);
    requests++;
  };
  for await (const chunk of createReadStream(file, { encoding: "utf8", highWaterMark: CHUNK })) {
    const lines = (rest + (chunk as string)).split("\n");
    rest = lines.pop() ?? "";
    for (const l of lines) line(l);
  }
  line(rest);
  return { requests, subjects: counts.size };
}

/** The decoder alone, counting requests per subject; the file read as the engine reads it (chunk-reading.ts). */
async function decodeOnly(file: string): Promise<Outcome> {
  const counts = new Map<string, number>();
  const stats = await decodeAuditFile(file, (r) => counts.set(r.user.name, (counts.get(r.user.name) ?? 0) + 1));
  return { requests: stats.requests, subjects: counts.size };
}

/**
 * What `rbac-recommender analyze` does: decode (on both cores when it pays), aggregate usage, analyse every
 * subject; usage-only, or against the simulated cluster's RBAC (bench/rbac.ts) as `--rbac` does.
 */
async function fullPipeline(file: string, withRbac: boolean): Promise<Outcome> {
  const { Usage } = await import("../packages/core/src/usage/usage.ts");
  const { analyze } = await import("../packages/core/src/analyze.ts");
  const { readAuditUsage } = await import("../packages/adapters/src/files/audit-usage.ts");
  const { releaseDecoderMemory } = await import("../packages/core/src/audit/decoder.ts");
  const snapshot = withRbac ? (await import("./rbac.ts")).benchSnapshot(BENCH_SEED) : undefined;
  const usage = new Usage();
  // RBAC_RECOMMENDER_THREADS caps the decoding threads, read as the command reads it.
  const { threadsFromEnv } = await import("../packages/cli/src/run-analysis.ts");
  const { stats, files } = await readAuditUsage([file], usage, threadsFromEnv());
  // As the command does before its analysis (cli/src/run-analysis.ts).
  releaseDecoderMemory();
  const analysing = performance.now();
  const report = analyze({ usage, stats, files, ...(snapshot ? { snapshot } : {}) });
  const analyzeMs = performance.now() - analysing;
  return { requests: stats.requests, subjects: report.recommendations.length + report.notAttributable.length, analyzeMs };
}

/**
 * The command as a user runs it (in this process): `analyze --audit-log FILE --rbac RBAC.json --out DIR`, which
 * also reads the RBAC file and writes the report and the manifests.
 */
async function analyzeCommand(file: string): Promise<Outcome> {
  const { runAnalysis } = await import("../packages/cli/src/run-analysis.ts");
  const { parseAnalyzeArgs } = await import("../packages/cli/src/analyze-args.ts");
  const { benchRbacObjects } = await import("./rbac.ts");
  const dir = mkdtempSync(join(tmpdir(), "rbac-rec-bench-"));
  try {
    const rbac = join(dir, "rbac.json");
    writeFileSync(rbac, JSON.stringify({ apiVersion: "v1", kind: "List", items: benchRbacObjects(BENCH_SEED) }));
    const options = parseAnalyzeArgs(["--audit-log", file, "--rbac", rbac, "--out", join(dir, "out")]);
    const { report } = await runAnalysis(options as Parameters<typeof runAnalysis>[0]);
    return { requests: report.input.requests, subjects: report.recommendations.length + report.notAttributable.length };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

export const CONTENDERS: Record<string, (file: string) => Promise<Outcome>> = {
  baseline,
  "decode-only": decodeOnly,
  "full-pipeline": (file) => fullPipeline(file, false),
  "full-pipeline --rbac": (file) => fullPipeline(file, true),
  "analyze command --rbac": analyzeCommand,
  /** The same log rotated into a directory of files, as a cluster leaves it: read in one block per thread. */
  "full-pipeline, rotated files": (dir) => fullPipeline(dir, false),
};

const [name, file] = process.argv.slice(2);
const run = name === undefined ? undefined : CONTENDERS[name];
if (run !== undefined && file !== undefined) {
  const start = performance.now();
  const cpuStart = process.cpuUsage();
  const outcome = await run(file);
  const ms = performance.now() - start;
  const cpu = process.cpuUsage(cpuStart);
  console.log(JSON.stringify({ ms, cpuMs: (cpu.user + cpu.system) / 1000, ...outcome, maxRssMb: process.resourceUsage().maxRSS / 1024 }));
}
