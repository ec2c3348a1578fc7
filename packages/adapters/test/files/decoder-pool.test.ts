import { mkdtemp, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { gzipSync } from "node:zlib";
import { Usage } from "@rbac-recommender/core";
import { describe, expect, it } from "vitest";
import { readAuditLogs } from "../../src/files/audit-files.ts";
import { DecoderPool } from "../../src/files/decoder-pool.ts";
import { configmapReads, jsonLines } from "../../../core/test/audit/events.ts";

const T0 = Date.UTC(2026, 10, 16, 9);

/** What this thread alone makes of the file: the Usage as JSON, and the counts. */
async function inThisThread(path: string) {
  const usage = new Usage();
  const { stats } = await readAuditLogs([path], (r) => usage.add(r));
  return { usage: usage.toJSON(), stats };
}

describe("a decoding worker", () => {
  // The parallel paths fall back to this thread when a worker cannot start, so their tests pass either way:
  // this one fails if the worker (bundled from its modules at start) does not load or decodes differently.
  it("starts, and hands back exactly the Usage and counts this thread makes of a file and of a byte range", async () => {
    const root = await mkdtemp(join(tmpdir(), "rbac-rec-pool-"));
    const plain = join(root, "audit.log");
    const text = jsonLines([...configmapReads(40, T0), ...configmapReads(25, T0 + 60_000, "billing")]);
    await writeFile(plain, text);
    const zipped = join(root, "audit.log.gz");
    await writeFile(zipped, gzipSync(text));
    const pool = new DecoderPool(1, () => {});
    try {
      await expect(pool.loaded).resolves.toBeUndefined();
      const expected = await inThisThread(plain);
      for (const path of [plain, zipped]) {
        const outcome = await pool.run({ path });
        expect({ usage: new Usage().mergeTransfer(outcome.usage).toJSON(), stats: outcome.stats }).toEqual(expected);
      }
      const ranged = await pool.run({ path: plain, range: { start: 0, end: Buffer.byteLength(text) } });
      expect(new Usage().mergeTransfer(ranged.usage).toJSON()).toEqual(expected.usage);
      expect(ranged.atBoundary).toBe(true);
      // A block of whole files, one after another into one Usage: what this thread makes of them in order.
      const block = await pool.run({ paths: [zipped, plain] });
      const usage = new Usage();
      const { stats } = await readAuditLogs([zipped, plain], (r) => usage.add(r));
      expect({ usage: new Usage().mergeTransfer(block.usage).toJSON(), stats: block.stats }).toEqual({ usage: usage.toJSON(), stats });
      expect(block.stats.requests).toBe(2 * expected.stats.requests);
    } finally {
      await pool.close();
    }
  });

  it("ends a range where another thread takes over, unless it has read past that point", async () => {
    const root = await mkdtemp(join(tmpdir(), "rbac-rec-pool-"));
    const path = join(root, "audit.log");
    const first = jsonLines(configmapReads(300, T0));
    const text = first + jsonLines(configmapReads(300, T0 + 600_000, "billing"));
    await writeFile(path, text);
    // A line boundary, as a thread done first would cut: after the first 300 events.
    const cut = Buffer.byteLength(first);
    const head = join(root, "head.log");
    await writeFile(head, first);
    const pool = new DecoderPool(1, () => {});
    try {
      await pool.loaded;
      const range = pool.runRange({ path, range: { start: 0, end: Buffer.byteLength(text) } });
      // Asked at once, the worker has not read anything yet (it is opening the file): it stops at the cut.
      expect(await range.endAt(cut)).toBe(true);
      const outcome = await range.outcome;
      expect(outcome.atBoundary).toBe(true);
      const expected = await inThisThread(head);
      expect({ usage: new Usage().mergeTransfer(outcome.usage).toJSON(), stats: outcome.stats }).toEqual(expected);
      expect(outcome.stats.requests).toBe(300);
      // Done: nothing is left to hand over.
      expect(await range.endAt(cut - 1)).toBe(false);

      const whole = pool.runRange({ path, range: { start: cut, end: Buffer.byteLength(text) } });
      // Before its start is not a place to stop: refused, and the range is read to its end.
      expect(await whole.endAt(cut - 1)).toBe(false);
      expect((await whole.outcome).stats.requests).toBe(300);
    } finally {
      await pool.close();
    }
  });

  it("fails a job whose worker ends before it is done, instead of leaving it to wait for ever", async () => {
    const root = await mkdtemp(join(tmpdir(), "rbac-rec-pool-"));
    const path = join(root, "audit.log");
    await writeFile(path, jsonLines(configmapReads(300, T0)));
    const pool = new DecoderPool(1, () => {});
    await pool.loaded;
    const job = pool.run({ path });
    // Ended before it can have read the file (it is only being sent the job).
    await pool.close();
    await expect(job).rejects.toThrow(/decoding worker exited .* before finishing its job/);
  });
});
