import { spawnSync } from "node:child_process";
import { createWriteStream, existsSync, mkdirSync, mkdtempSync, readFileSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { beforeAll, describe, expect, it } from "vitest";
import { generate, streamWriter } from "../bench/generate.ts";

const ROOT = join(dirname(fileURLToPath(import.meta.url)), "..");
const MAIN = join(ROOT, "packages/cli/src/main.ts");
const FROM_SOURCES = ["--import", "tsx", MAIN];
/** The executable: it runs the command's bundle (packages/cli/bin/bundle.mjs), building it when needed. */
const EXECUTABLE = [join(ROOT, "packages/cli/bin/rbac-recommender.mjs")];

function analyze(log: string, out: string, threads: string, command = FROM_SOURCES) {
  const run = spawnSync(process.execPath, [...command, "analyze", "--audit-log", log, "--out", out], {
    cwd: ROOT,
    encoding: "utf8",
    env: { ...process.env, RBAC_RECOMMENDER_THREADS: threads },
  });
  const path = join(out, "recommendations.json");
  const report = existsSync(path) ? (JSON.parse(readFileSync(path, "utf8")) as Record<string, unknown>) : undefined;
  return { code: run.status, stderr: run.stderr, report: report && { ...report, generatedAt: "" } };
}

describe("analyze on a log large enough to be decoded on two threads", () => {
  let log: string;
  let dir: string;

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), "rbac-rec-parallel-"));
    log = join(dir, "audit.jsonl");
    const file = createWriteStream(log);
    // ~60 MB: above the size from which a JSON-lines file is split between threads.
    await generate(62_000, 7, streamWriter(file));
    await new Promise<void>((resolve) => file.end(resolve));
  }, 120_000);

  it("gives exactly the report of a single-threaded run", () => {
    expect(statSync(log).size).toBeGreaterThan(48 << 20);
    const single = analyze(log, join(dir, "single"), "1");
    const parallel = analyze(log, join(dir, "parallel"), "2");
    expect([single.code, parallel.code]).toEqual([0, 0]);
    expect(parallel.report).toEqual(single.report);
    expect((single.report as { input: { requests: number } } | undefined)?.input.requests).toBeGreaterThan(40_000);
  }, 180_000);

  it("gives the same report from the executable, whose bundle starts the worker from its own bundled file", () => {
    const single = analyze(log, join(dir, "sources-single"), "1");
    const bundled = analyze(log, join(dir, "bundled-parallel"), "2", EXECUTABLE);
    expect([single.code, bundled.code]).toEqual([0, 0]);
    expect(bundled.report).toEqual(single.report);
    // The executable's bundle is there, its worker a file of the same build (what runs if the bundle cannot be
    // had, tsx, gives the same report: this says that it could).
    const dist = join(ROOT, "packages/cli/dist");
    const { build } = JSON.parse(readFileSync(join(dist, "build.json"), "utf8")) as { build: string };
    for (const file of ["rbac-recommender.mjs", "audit-worker.mjs"]) expect(existsSync(join(dist, build, file)), file).toBe(true);
  }, 180_000);

  it("reads on in this thread when the worker's half repeats audit IDs from before the cut", () => {
    // Every event is logged again two lines later (a shipper's retry), so wherever the cut falls the second
    // half repeats IDs the first half remembers: only reading on from the cut drops them as one pass does.
    const lines = readFileSync(log, "utf8").split("\n").filter((line) => line !== "");
    const retried = join(dir, "retried.jsonl");
    writeFileSync(retried, lines.flatMap((line, k) => (k >= 2 ? [line, lines[k - 2]!] : [line])).join("\n") + "\n");
    const single = analyze(retried, join(dir, "retried-single"), "1");
    const parallel = analyze(retried, join(dir, "retried-parallel"), "2");
    expect([single.code, parallel.code]).toEqual([0, 0]);
    expect(parallel.report).toEqual(single.report);
    const input = (single.report as { input: { skipped: Record<string, number> } } | undefined)?.input;
    expect(input?.skipped["duplicate-audit-id"]).toBeGreaterThan(20_000);
  }, 180_000);

  it("gives exactly the single-threaded report for a directory of rotated files, read in blocks", () => {
    // Four files (a rotated log): one thread reads the first two, a worker the last two, and the worker's Usage
    // is merged after this thread's, in file order.
    const lines = readFileSync(log, "utf8").split("\n").filter((line) => line !== "");
    const rotated = join(dir, "rotated");
    mkdirSync(rotated);
    const quarter = Math.ceil(lines.length / 4);
    for (let k = 0; k < 4; k++) writeFileSync(join(rotated, `audit-${k}.log`), lines.slice(k * quarter, (k + 1) * quarter).join("\n") + "\n");
    const single = analyze(rotated, join(dir, "rotated-single"), "1");
    const parallel = analyze(rotated, join(dir, "rotated-parallel"), "2");
    expect([single.code, parallel.code]).toEqual([0, 0]);
    expect(parallel.report).toEqual(single.report);
    expect((single.report as { input: { files: number; requests: number } } | undefined)?.input).toMatchObject({ files: 4 });
  }, 180_000);

  it("rejects a thread count that is not a whole number", () => {
    const bad = analyze(log, join(dir, "bad"), "two");
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/RBAC_RECOMMENDER_THREADS must be a whole number/);
    expect(bad.report).toBeUndefined();
  });
});
