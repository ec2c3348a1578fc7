import { mkdtemp, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { blockStarts, planFileBlocks } from "../../src/files/audit-blocks.ts";

describe("files split into one contiguous block per thread", () => {
  it.each([
    ["ten rotated files, two threads", [96, 96, 96, 96, 96, 96, 96, 96, 96, 96], 2, [0, 5]],
    ["two files", [50, 50], 2, [0, 1]],
    ["a large file first, balanced by the small ones after it", [5, 1, 1, 1, 1, 1], 2, [0, 1]],
    ["one file per thread", [1, 1, 1, 1], 4, [0, 1, 2, 3]],
    ["uneven sizes, each block near its share", [40, 10, 30, 20, 25, 25], 3, [0, 2, 4]],
    ["three equal files on two threads: a block would be a third over its share", [96, 96, 96], 2, undefined],
    ["one file holding most of the bytes", [1000, 10, 10], 2, undefined],
    ["the same, last", [10, 10, 1000], 2, undefined],
    ["fewer files than threads", [10], 2, undefined],
  ])("%s", (_, sizes, threads, starts) => {
    expect(blockStarts(sizes, threads)).toEqual(starts);
  });
});

describe("planning blocks of files", () => {
  it("uses fewer threads when file boundaries cannot feed them all evenly, and none below its minimum size", async () => {
    const root = await mkdtemp(join(tmpdir(), "rbac-rec-blocks-"));
    const files = await Promise.all(Array.from({ length: 10 }, async (_, k) => {
      const path = join(root, `audit-${k}.log`);
      await writeFile(path, "x".repeat(1000));
      return path;
    }));
    // Ten equal files on eight threads: six blocks of one or two files (eight or seven would be uneven).
    expect((await planFileBlocks(files, 8, 0))?.map((block) => block.length)).toEqual([2, 1, 2, 2, 1, 2]);
    expect((await planFileBlocks(files, 2, 0))?.map((block) => block.length)).toEqual([5, 5]);
    expect(await planFileBlocks(files, 2, 10_001)).toBeUndefined();
    await expect(planFileBlocks([...files, join(root, "missing.log")], 2, 0)).rejects.toThrow(/missing\.log/);
  });
});
