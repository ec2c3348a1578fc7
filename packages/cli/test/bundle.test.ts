import { spawnSync } from "node:child_process";
import { mkdtempSync, rmSync, statSync, utimesSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join, relative } from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, describe, expect, it } from "vitest";
import { freshBundle } from "../bin/bundle.mjs";
import { ROOT } from "./support/cli-process.ts";

const dir = mkdtempSync(join(tmpdir(), "rbac-rec-bundle-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function runNode(url: URL): string {
  const run = spawnSync(process.execPath, [fileURLToPath(url)], { encoding: "utf8" });
  if (run.status !== 0) throw new Error(run.stderr);
  return run.stdout.trim();
}

/** A TypeScript entry in the temporary directory, saved an hour ago unless said otherwise. */
function writeEntry(name: string, source: string, savedAt = new Date(Date.now() - 3_600_000)): string {
  const path = join(dir, name);
  writeFileSync(path, source);
  utimesSync(path, savedAt, savedAt);
  return relative(ROOT, path);
}

describe("the command's bundle (bin/bundle.mjs)", () => {
  it("is built once, and built again when one of its sources changes", async () => {
    const entry = writeEntry("probe.ts", 'const word: string = "first";\nconsole.log(word);\n');
    const out = join(dir, "probe-out");
    const { probe } = await freshBundle({ probe: entry }, out);
    expect(runNode(probe)).toBe("first");
    const built = statSync(join(out, "build.json")).mtimeMs;

    await freshBundle({ probe: entry }, out);
    expect(statSync(join(out, "build.json")).mtimeMs).toBe(built);

    // Same size, another text: only the modification time tells.
    writeEntry("probe.ts", 'const word: string = "other";\nconsole.log(word);\n', new Date());
    expect(runNode((await freshBundle({ probe: entry }, out)).probe)).toBe("other");
  }, 60_000);

  it("starts its decoding worker from the worker's own bundle beside it", async () => {
    const pool = join(ROOT, "packages/adapters/src/files/decoder-pool.ts");
    const entry = writeEntry("pool.ts", [
      `import { DecoderPool } from ${JSON.stringify(pool)};`,
      "const pool = new DecoderPool(1, () => {});",
      'console.log(await pool.loaded.then(() => "loaded", () => "failed"));',
      "await pool.close();",
    ].join("\n"));
    const out = join(dir, "pool-out");
    const { pool: program } = await freshBundle({ pool: entry }, out);
    expect(runNode(program)).toBe("loaded");
    // Without that file the worker cannot start: the bundle did not build one at run time instead.
    rmSync(join(dirname(fileURLToPath(program)), "audit-worker.mjs"));
    expect(runNode(program)).toBe("failed");
  }, 60_000);

  it("is built again when a file of it is gone, and every start then runs whole files of one build", async () => {
    const entry = writeEntry("whole.ts", 'console.log("whole");\n');
    const out = join(dir, "whole-out");
    const first = (await freshBundle({ whole: entry }, out)).whole;
    rmSync(fileURLToPath(first));
    const second = (await freshBundle({ whole: entry }, out)).whole;
    expect(dirname(fileURLToPath(second))).not.toBe(dirname(fileURLToPath(first)));
    expect(runNode(second)).toBe("whole");
  }, 60_000);

  it("is not built again and again for a source dated in the future (clock skew, an unpacked archive)", async () => {
    const entry = writeEntry("future.ts", 'console.log("later");\n', new Date(Date.now() + 3_600_000));
    const out = join(dir, "future-out");
    await freshBundle({ future: entry }, out);
    const built = statSync(join(out, "build.json")).mtimeMs;
    const { future } = await freshBundle({ future: entry }, out);
    expect(statSync(join(out, "build.json")).mtimeMs).toBe(built);
    expect(runNode(future)).toBe("later");
  }, 60_000);
});
