import { mkdir, mkdtemp, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { runCli } from "../src/cli.ts";

/** The command run in this process, as a terminal would show it. */
async function run(...argv: string[]) {
  let stdout = "";
  let stderr = "";
  const code = await runCli(argv, { stdout: (t) => void (stdout += t), stderr: (t) => void (stderr += t), interactive: false });
  return { code, stdout, stderr };
}

describe("the command line, for someone finding their way", () => {
  it.each(["analyze", "serve", "demo"])("prints the help and exits 0 on `%s --help`", async (command) => {
    const { code, stdout, stderr } = await run(command, "--help");
    expect([code, stderr]).toEqual([0, ""]);
    expect(stdout).toContain("usage: rbac-recommender analyze");
    expect(stdout).toContain("rbac-recommender serve");
  });

  it("calls a mistyped command unknown, --help or not", async () => {
    const { code, stdout, stderr } = await run("anlyze", "--help");
    expect([code, stdout]).toEqual([2, ""]);
    expect(stderr).toMatch(/^rbac-recommender: unknown command 'anlyze'/);
  });

  it("says in one line how to give a value that starts with a dash", async () => {
    const { code, stderr } = await run("analyze", "--audit-log", "x", "--out", "y", "--window", "-3d");
    expect(code).toBe(2);
    const [first] = stderr.split("\n");
    expect(first).toMatch(/^rbac-recommender: Option '--window' argument is ambiguous\..*'--window=-XYZ'/);
  });

  it("refuses an audit log directory with nothing in it, naming it, rather than reporting a clean cluster", async () => {
    const root = await mkdtemp(join(tmpdir(), "rbac-rec-cmd-"));
    await mkdir(join(root, "audit"));
    const { code, stdout, stderr } = await run("analyze", "--audit-log", join(root, "audit"), "--out", join(root, "out"));
    expect([code, stdout]).toEqual([1, ""]);
    expect(stderr).toBe(`rbac-recommender: audit log ${join(root, "audit")}: nothing to read in this directory\n`);
  });

  it("warns when no request could be read, and shows no window rather than an invented one", async () => {
    const root = await mkdtemp(join(tmpdir(), "rbac-rec-cmd-"));
    await writeFile(join(root, "audit.log"), 'not json\n{"kind":"Pod"}\n');
    const { code, stdout, stderr } = await run("analyze", "--audit-log", join(root, "audit.log"), "--out", join(root, "out"));
    expect(code).toBe(0);
    expect(stderr).toContain("warning: no request in the audit logs' window, so there is nothing to recommend");
    expect(stdout).toMatch(/^window: +none: no request was read$/m);
    expect(stdout).toMatch(/^skipped: +1 malformed-json, 1 not-audit-event$/m);
  });
});
