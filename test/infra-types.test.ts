/**
 * The SST app against SST's real component types, for the SST version `npx sst deploy` runs (pinned in
 * package.json): `sst install` writes them to .sst/platform, offline but for the npm registry (bun from npm
 * installs the platform's packages), then tsc checks sst.config.ts and infra/*.ts. The stand-in test
 * (infra.test.ts) checks what the app asks for; this one checks that SST knows every component and argument it
 * uses: a component that does not exist in this SST version fails here, not at deploy time.
 */
import { execFile } from "node:child_process";
import { createRequire } from "node:module";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import { describe, expect, it } from "vitest";

const root = resolve(dirname(fileURLToPath(import.meta.url)), "..");
const run = promisify(execFile);
const require = createRequire(import.meta.url);

/** The npm package's bun binary (it ships as bin/bun.exe on every platform). */
const bun = join(dirname(require.resolve("bun/package.json")), "bin", "bun.exe");

async function sstInstall(): Promise<void> {
  await run(join(root, "node_modules", ".bin", "sst"), ["install"], {
    cwd: root,
    env: {
      ...process.env,
      // No bun download, no telemetry: the platform's packages come from the npm registry through bun.
      SST_SKIP_DEPENDENCY_CHECK: "true",
      SST_BUN_PATH: bun,
      SST_TELEMETRY_DISABLED: "1",
      SST_STAGE: "typecheck",
    },
    maxBuffer: 16 << 20,
  });
}

/** tsc's errors, one line each, with the file they are in; a tsc that failed without naming any is one error. */
async function typeErrors(): Promise<string[]> {
  const tsc = join(dirname(require.resolve("typescript/package.json")), "bin", "tsc");
  const failure = await run(process.execPath, [tsc, "-p", join(root, "infra", "tsconfig.json"), "--pretty", "false"], { cwd: root, maxBuffer: 16 << 20 })
    .then(() => undefined, (err: { stdout?: string; stderr?: string; message: string }) => `${err.stdout ?? ""}${err.stderr ?? ""}` || err.message);
  if (failure === undefined) return [];
  const errors = failure.split("\n").filter((line) => /error TS\d+/.test(line));
  return errors.length > 0 ? errors : [failure];
}

describe("the SST app, typechecked against the pinned SST", () => {
  it("uses only components and arguments that SST has", async () => {
    await sstInstall();
    const errors = await typeErrors();
    // Errors inside SST's own sources (they are .ts, so skipLibCheck does not cover them) are SST's affair.
    const ours = errors.filter((line) => !line.startsWith(".sst/"));
    expect(ours).toEqual([]);
  }, 600_000);
});
