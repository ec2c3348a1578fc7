/**
 * Decoding one byte range of a JSON-lines audit file, with what proves that the ranges of a file merge into
 * exactly what one decoder reading it whole would give (see `continuesExactly`). The end can be moved earlier
 * while reading: the main thread reads from the start and only fixes where it stops once a worker is ready to
 * take the rest.
 */
import { open } from "node:fs/promises";
import { AuditDecoder, DedupeTrace, Usage, type DecodeStats, type DedupeTraceJson } from "@rbac-recommender/core/decoding";
import { CHUNK_BYTES } from "./audit-files.ts";
import { addDecodeStats, emptyDecodeStats } from "./decode-stats.ts";
import { InputError } from "./input-paths.ts";

export interface RangeOutcome {
  usage: Usage;
  stats: DecodeStats;
  /** Whether the range ended between two top-level records. */
  atBoundary: boolean;
  dedupe: DedupeTraceJson;
}

export interface RangeReading {
  start: number;
  /** Read up to here; may be lowered while reading, never below what was read. */
  end: number;
  /** After each chunk: its size and the events it held; may lower `end`. */
  onChunk?: (bytes: number, events: number) => void | Promise<void>;
}

/** A range into a Usage of its own, as a worker decodes the second part of a file. */
export async function decodeRange(path: string, reading: RangeReading): Promise<RangeOutcome> {
  const usage = new Usage();
  const decoder = new AuditDecoder((r) => usage.add(r), { dedupeTrace: new DedupeTrace() });
  await readRange(path, decoder, reading);
  const atBoundary = decoder.atRecordBoundary();
  decoder.end();
  return { usage, stats: addDecodeStats(emptyDecodeStats(), decoder.stats), atBoundary, dedupe: decoder.dedupeTrace()! };
}

/**
 * Pushes the bytes of the range into `decoder` (without ending it: the caller may read on). The next chunk is
 * read while this one is decoded, into the other of two buffers (the decoder copies what it keeps of a chunk,
 * so a buffer is free again once pushed). Waiting for each read in turn idled both threads: the bench log took
 * 3.2-3.3 s to decode on two threads that way, 3.0-3.1 s this way.
 */
export async function readRange(path: string, decoder: AuditDecoder, reading: RangeReading): Promise<void> {
  const file = await open(path, "r").catch((cause: unknown) => {
    throw new InputError("audit log", path, cause);
  });
  const readAt = (buffer: Buffer, at: number) =>
    file.read(buffer, 0, Math.min(CHUNK_BYTES, reading.end - at), at).catch((cause: unknown) => {
      throw new InputError("audit log", path, cause);
    });
  // Two buffers, taking turns for every chunk: a fresh megabyte per chunk left the threads' malloc arenas fragmented.
  const buffers = [Buffer.allocUnsafe(CHUNK_BYTES), Buffer.allocUnsafe(CHUNK_BYTES)] as const;
  let pending = reading.start < reading.end ? readAt(buffers[0], reading.start) : undefined;
  try {
    for (let at = reading.start, k = 0; pending !== undefined; k ^= 1) {
      const { bytesRead, buffer } = await pending;
      pending = undefined;
      // `end` may have been lowered since this read began.
      const bytes = Math.min(bytesRead, reading.end - at);
      if (bytes <= 0) break;
      at += bytes;
      if (at < reading.end) pending = readAt(buffers[k ^ 1]!, at);
      const events = decoder.stats.events;
      decoder.push(buffer.subarray(0, bytes));
      await reading.onChunk?.(bytes, decoder.stats.events - events);
    }
  } finally {
    // A read still under way must not land in a closed file.
    await pending?.catch(() => {});
    await file.close();
  }
}
