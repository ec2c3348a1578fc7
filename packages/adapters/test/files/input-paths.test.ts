import { mkdir, mkdtemp, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { expandInputPaths, InputError } from "../../src/files/input-paths.ts";

async function tree(files: string[]): Promise<string> {
  const root = await mkdtemp(join(tmpdir(), "rbac-rec-paths-"));
  for (const file of files) {
    await mkdir(join(root, file, ".."), { recursive: true });
    await writeFile(join(root, file), "");
  }
  return root;
}

describe("expandInputPaths", () => {
  it("walks directories recursively in sorted order, whatever order they were created in", async () => {
    const root = await tree(["b/2.log", "a.log", "b/1/z.log", "c.log", "b/10.log"]);
    const files = await expandInputPaths([root], "audit log");
    expect(files.map((f) => f.slice(root.length + 1))).toEqual(["a.log", "b/1/z.log", "b/10.log", "b/2.log", "c.log"]);
  });

  it("filters files found in directories but always reads a file named explicitly", async () => {
    const root = await tree(["rbac/roles.yaml", "rbac/README.md", "notes.txt"]);
    const files = await expandInputPaths([join(root, "rbac"), join(root, "notes.txt")], "RBAC input", { accept: (name) => name.endsWith(".yaml") });
    expect(files).toEqual([join(root, "rbac/roles.yaml"), join(root, "notes.txt")]);
  });

  it("lists a file once even when it is given twice", async () => {
    const root = await tree(["x/a.log"]);
    expect(await expandInputPaths([join(root, "x"), join(root, "x", "a.log")], "audit log")).toEqual([join(root, "x/a.log")]);
  });

  it("names the missing path in a one-line error", async () => {
    const missing = join(tmpdir(), "rbac-rec-does-not-exist", "audit.log");
    const error = await expandInputPaths([missing], "audit log").catch((e: unknown) => e);
    expect(error).toBeInstanceOf(InputError);
    expect((error as Error).message).toBe(`audit log ${missing}: no such file or directory`);
  });

  it("refuses a directory with nothing to read in it, naming it: an empty report would read as a clean cluster", async () => {
    const root = await tree(["rbac/README.md"]);
    await mkdir(join(root, "audit", "empty"), { recursive: true });
    const audit = await expandInputPaths([join(root, "audit")], "audit log").catch((e: unknown) => e);
    expect((audit as Error).message).toBe(`audit log ${join(root, "audit")}: nothing to read in this directory`);
    const rbac = await expandInputPaths([join(root, "rbac")], "RBAC input", { accept: (name) => name.endsWith(".yaml") }).catch((e: unknown) => e);
    expect(rbac).toBeInstanceOf(InputError);
    expect((rbac as Error).message).toBe(`RBAC input ${join(root, "rbac")}: nothing to read in this directory`);
    // An incremental run's log directory may have been emptied since the last run: nothing new, not an error.
    expect(await expandInputPaths([join(root, "audit")], "audit log", { allowEmptyDirectories: true })).toEqual([]);
  });
});
