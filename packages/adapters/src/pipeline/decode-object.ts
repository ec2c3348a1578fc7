import { pipeline } from "node:stream/promises";
import { Readable } from "node:stream";
import { createGunzip } from "node:zlib";
import { AuditDecoder, isGzip, Usage, type DecodeStats } from "@rbac-recommender/core";
import { addDecodeStats, countSkipped, emptyDecodeStats } from "../files/decode-stats.ts";

export interface DecodedObject {
  usage: Usage;
  stats: DecodeStats;
}

/**
 * Streams one audit object into a usage partial. Gzip is recognised by its magic bytes (Firehose and
 * CloudWatch exports are named arbitrarily); a cut-off gzip keeps what inflated before the cut.
 */
export async function decodeAuditObject(chunks: AsyncIterable<Uint8Array>): Promise<DecodedObject> {
  const usage = new Usage();
  const decoder = new AuditDecoder((request) => usage.add(request));
  const { head, rest } = await peek(chunks, 2);
  const decode = async (source: AsyncIterable<Uint8Array>) => {
    for await (const chunk of source) decoder.push(chunk);
  };
  let truncated = false;
  if (isGzip(head)) {
    try {
      await pipeline(Readable.from(rest, { objectMode: false }), createGunzip(), decode);
    } catch (cause) {
      if (!isZlibError(cause)) throw cause;
      truncated = true;
    }
  } else {
    await decode(rest);
  }
  decoder.end();
  const stats = addDecodeStats(emptyDecodeStats(), decoder.stats);
  if (truncated) countSkipped(stats, "truncated-gzip");
  return { usage, stats };
}

/** Reads until `bytes` are known, then replays everything read so far ahead of the rest. */
async function peek(chunks: AsyncIterable<Uint8Array>, bytes: number) {
  const iterator = chunks[Symbol.asyncIterator]();
  const buffered: Uint8Array[] = [];
  let length = 0;
  let done = false;
  while (length < bytes) {
    const next = await iterator.next();
    if (next.done) {
      done = true;
      break;
    }
    buffered.push(next.value);
    length += next.value.length;
  }
  const head = Buffer.concat(buffered).subarray(0, bytes);
  async function* rest(): AsyncGenerator<Uint8Array> {
    yield* buffered;
    if (done) return;
    for (let next = await iterator.next(); !next.done; next = await iterator.next()) yield next.value;
  }
  return { head: new Uint8Array(head), rest: rest() };
}

/** zlib reports a cut-off stream as Z_BUF_ERROR ("unexpected end of file") and damage as Z_DATA_ERROR. */
function isZlibError(cause: unknown): boolean {
  const code = (cause as { code?: unknown } | null)?.code;
  return code === "Z_BUF_ERROR" || code === "Z_DATA_ERROR";
}
