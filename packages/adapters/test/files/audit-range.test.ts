import { mkdtemp, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { AuditDecoder } from "@rbac-recommender/core/decoding";
import { beforeAll, describe, expect, it } from "vitest";
import { readRange } from "../../src/files/audit-range.ts";
import { CHUNK_BYTES, type ChunkReading } from "../../src/files/chunk-reading.ts";

/** Stands in for a decoder: keeps a copy of every byte pushed (the buffers are reused once pushed). */
function recorder() {
  const chunks: Buffer[] = [];
  const decoder = { push: (chunk: Uint8Array) => void chunks.push(Buffer.from(chunk)), stats: { events: 0 } };
  return { decoder: decoder as unknown as AuditDecoder, bytes: () => Buffer.concat(chunks) };
}

describe("reading a file or a byte range of one (two buffers, the next read under way while a chunk is decoded)", () => {
  let path: string;
  let content: Buffer;

  beforeAll(async () => {
    // Three and a half chunks of bytes that differ from chunk to chunk, so a chunk pushed twice or out of order shows.
    content = Buffer.alloc(3 * CHUNK_BYTES + (CHUNK_BYTES >> 1));
    for (let k = 0; k < content.length; k++) content[k] = (k * 7 + (k >> 12)) & 0xff;
    path = join(await mkdtemp(join(tmpdir(), "rbac-rec-range-")), "log");
    await writeFile(path, content);
  });

  it.each([
    ["the whole file", 0, 3 * CHUNK_BYTES + (CHUNK_BYTES >> 1)],
    ["to the end of the file, however far the end is", 0, Infinity],
    ["from inside the first chunk to inside the last", 12_345, 3 * CHUNK_BYTES + 99],
    ["exactly one chunk, at a chunk boundary", CHUNK_BYTES, 2 * CHUNK_BYTES],
    ["a few bytes", 5, 17],
    ["nothing", 100, 100],
  ])("pushes exactly the bytes of the range, in order: %s", async (_, start, end) => {
    const { decoder, bytes } = recorder();
    await readRange(path, decoder, { start, end });
    expect(bytes().equals(content.subarray(start, end))).toBe(true);
  });

  it("stops where the end is moved while reading, even inside a chunk already being read", async () => {
    const { decoder, bytes } = recorder();
    const chunkSizes: number[] = [];
    const reading: ChunkReading = {
      start: 0,
      end: content.length,
      onChunk: (size) => {
        chunkSizes.push(size);
        // After the first chunk, the next read is already under way: the end falls inside it.
        if (chunkSizes.length === 1) reading.end = CHUNK_BYTES + 1000;
      },
    };
    await readRange(path, decoder, reading);
    expect(chunkSizes).toEqual([CHUNK_BYTES, 1000]);
    expect(bytes().equals(content.subarray(0, CHUNK_BYTES + 1000))).toBe(true);
  });

  it("names the file when it cannot be read", async () => {
    const { decoder } = recorder();
    await expect(readRange(join(tmpdir(), "no-such-audit-log"), decoder, { start: 0, end: 10 })).rejects.toThrow(/no-such-audit-log/);
  });
});
