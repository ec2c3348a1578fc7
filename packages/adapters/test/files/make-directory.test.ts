import { existsSync, statSync } from "node:fs";
import { mkdtemp, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { makeDirectory } from "../../src/files/make-directory.ts";

describe("making a directory and its parents", () => {
  it("makes every missing level, and is content with one already there", async () => {
    const root = await mkdtemp(join(tmpdir(), "rbac-rec-mkdir-"));
    const deep = join(root, "a", "b", "c");
    await makeDirectory(deep);
    expect(statSync(deep).isDirectory()).toBe(true);
    await expect(makeDirectory(deep)).resolves.toBeUndefined();
    // Concurrent writers of one store make the same directories at once.
    await Promise.all([makeDirectory(join(root, "x", "y")), makeDirectory(join(root, "x", "z")), makeDirectory(join(root, "x", "y"))]);
    expect(existsSync(join(root, "x", "z"))).toBe(true);
  });

  it("fails, naming the cause, where a file stands in the way", async () => {
    const root = await mkdtemp(join(tmpdir(), "rbac-rec-mkdir-"));
    await writeFile(join(root, "file"), "");
    await expect(makeDirectory(join(root, "file"))).rejects.toMatchObject({ code: "EEXIST" });
    await expect(makeDirectory(join(root, "file", "below"))).rejects.toMatchObject({ code: "ENOTDIR" });
  });

  // procfs answers ENOENT to making a directory although its parent is there: Node's own recursive mkdir
  // never returns there.
  it.runIf(existsSync("/proc/self"))("fails instead of looping where the parent exists but the directory cannot be made", async () => {
    await expect(makeDirectory("/proc/rbac-recommender-test/out")).rejects.toMatchObject({ code: "ENOENT" });
  });
});
