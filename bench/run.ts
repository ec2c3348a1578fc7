/**
 * `npm run bench`: times the baseline (JSON.parse per line, group by subject), the decoder alone, the full
 * pipeline (usage-only and with RBAC), the `analyze` command with its output, and the full pipeline on the log
 * rotated into ten files, on the synthetic log, each run in a fresh process, and prints medians, events/s and
 * peak RSS (the highest and the median).
 * BENCH_EVENTS (default 1,000,000) and BENCH_RUNS (default 3) size it; RBAC_RECOMMENDER_THREADS caps the pipelines' decoding
 * threads, as it does the command's.
 */
import { execFileSync } from "node:child_process";
import { createReadStream, createWriteStream, existsSync, mkdirSync, renameSync, statSync, type WriteStream } from "node:fs";
import { createInterface } from "node:readline";
import { fileURLToPath } from "node:url";
import { freshBundle } from "../packages/cli/bin/bundle.mjs";
import { generate, streamWriter } from "./generate.ts";
import { BENCH_SEED } from "./population.ts";

const EVENTS = Number(process.env.BENCH_EVENTS ?? 1_000_000);
const RUNS = Number(process.env.BENCH_RUNS ?? 3);
const SEED = BENCH_SEED;
const ROOT = fileURLToPath(new URL("..", import.meta.url));
const CONTENDERS = ["baseline", "decode-only", "full-pipeline", "full-pipeline --rbac", "analyze command --rbac", "full-pipeline, rotated files"];

interface Measurement {
  ms: number;
  /** CPU time (user + system): steadier than wall time on a shared machine. */
  cpuMs: number;
  requests: number;
  subjects: number;
  maxRssMb: number;
  /** The pipelines: the analysis' share of `ms`. */
  analyzeMs?: number;
}

async function benchInput(): Promise<string> {
  const dir = `${ROOT}.bench`;
  const file = `${dir}/audit-${EVENTS}.jsonl`;
  if (existsSync(file)) return file;
  mkdirSync(dir, { recursive: true });
  console.log(`generating ${file} (${EVENTS} events, seed ${SEED})...`);
  const out = createWriteStream(`${file}.partial`);
  await generate(EVENTS, SEED, streamWriter(out));
  await new Promise<void>((resolve, reject) => out.end((err?: Error | null) => (err ? reject(err) : resolve())));
  renameSync(`${file}.partial`, file);
  return file;
}

/** The log as kube-apiserver leaves it after rotating (at 100 MB by default): ten files, in a directory. */
const ROTATED_FILES = 10;

/** The bench log cut into ROTATED_FILES files of equal event counts, made once next to it. */
async function rotatedInput(file: string): Promise<string> {
  const dir = `${file}.rotated`;
  if (existsSync(dir)) return dir;
  mkdirSync(`${dir}.partial`, { recursive: true });
  const perFile = Math.ceil(EVENTS / ROTATED_FILES);
  let part = -1;
  let out: WriteStream | undefined;
  let lines = 0;
  for await (const line of createInterface({ input: createReadStream(file), crlfDelay: Infinity })) {
    if (lines++ % perFile === 0) {
      await closed(out);
      out = createWriteStream(`${dir}.partial/audit-${String(++part).padStart(2, "0")}.log`);
    }
    if (!out!.write(`${line}\n`)) await new Promise<void>((resolve) => out!.once("drain", () => resolve()));
  }
  await closed(out);
  renameSync(`${dir}.partial`, dir);
  return dir;
}

function closed(out: WriteStream | undefined): Promise<void> {
  return new Promise<void>((resolve, reject) => (out ? out.end((err?: Error | null) => (err ? reject(err) : resolve())) : resolve()));
}

/**
 * The engine's Node flags, as `npm run rbac-recommender` runs it (a small young generation, a heap that grows
 * by half rather than up to fourfold: see "Performance" in the README); the baseline is a bare Node loop, with
 * Node's defaults.
 */
const ENGINE_FLAGS = ["--max-semi-space-size=4", "--heap-growing-percent=50", "--expose-gc"];

/** The contenders bundled as the command is (packages/cli/bin/bundle.mjs), so that they load as it does. */
const PROGRAM = fileURLToPath((await freshBundle({ contenders: "bench/contenders.ts" }, `${ROOT}.bench/build`)).contenders);

/** One run in a fresh process, so no run profits from another's warm-up or heap. */
function measure(contender: string, file: string): Measurement | string {
  try {
    const flags = contender === "baseline" ? [] : ENGINE_FLAGS;
    const out = execFileSync(process.execPath, [...flags, PROGRAM, contender, file],
      { cwd: ROOT, encoding: "utf8", stdio: ["ignore", "pipe", "pipe"], maxBuffer: 1 << 20 });
    return JSON.parse(out.trim().split("\n").at(-1) ?? "") as Measurement;
  } catch (err) {
    const stderr = (err as { stderr?: string }).stderr ?? String(err);
    return stderr.split("\n").find((l) => /Error|Cannot find/.test(l)) ?? stderr.slice(0, 300);
  }
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

const file = await benchInput();
const rotated = await rotatedInput(file);
console.log(`input: ${file}, ${(statSync(file).size / 1e6).toFixed(0)} MB, ${EVENTS} events (and cut into ${ROTATED_FILES} files); ${RUNS} runs each, median\n`);
const medians = new Map<string, number>();
// Peak RSS varies from run to run with when the garbage collector runs: the highest, and the median.
const rows: string[][] = [["contender", "median s", "of which analysis", "events/s", "median CPU s", "peak RSS MB max (median)", "requests", "subjects", "runs (s)"]];
for (const contender of CONTENDERS) {
  const runs: Measurement[] = [];
  let failure: string | undefined;
  for (let k = 0; k < RUNS && failure === undefined; k++) {
    const m = measure(contender, contender.includes("rotated") ? rotated : file);
    if (typeof m === "string") failure = m;
    else runs.push(m);
  }
  if (failure !== undefined) {
    rows.push([contender, `skipped: ${failure}`]);
    continue;
  }
  const ms = median(runs.map((r) => r.ms));
  medians.set(contender, ms);
  const analysis = runs.every((r) => r.analyzeMs !== undefined) ? (median(runs.map((r) => r.analyzeMs!)) / 1000).toFixed(2) : "";
  rows.push([contender, (ms / 1000).toFixed(2), analysis, Math.round(EVENTS / (ms / 1000)).toLocaleString("en-US"),
    (median(runs.map((r) => r.cpuMs)) / 1000).toFixed(2),
    `${Math.max(...runs.map((r) => r.maxRssMb)).toFixed(0)} (${median(runs.map((r) => r.maxRssMb)).toFixed(0)})`, String(runs[0]!.requests), String(runs[0]!.subjects),
    runs.map((r) => (r.ms / 1000).toFixed(2)).join(" ")]);
}
const widths = rows[0]!.map((_, c) => Math.max(...rows.map((r) => (r[c] ?? "").length)));
for (const r of rows) console.log(r.map((cell, c) => cell.padEnd(widths[c]!)).join("  "));
const baseline = medians.get("baseline");
if (baseline !== undefined) {
  console.log("");
  for (const [name, ms] of medians) if (name !== "baseline") console.log(`${name} / baseline: ${(ms / baseline).toFixed(2)}`);
}
