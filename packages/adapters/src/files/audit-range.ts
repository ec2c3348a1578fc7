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

/** Pushes the bytes of the range into `decoder` (without ending it: the caller may read on). */
export async function readRange(path: string, decoder: AuditDecoder, reading: RangeReading): Promise<void> {
  const file = await open(path, "r").catch((cause: unknown) => {
    throw new InputError("audit log", path, cause);
  });
  // One buffer for every chunk: the decoder copies what it keeps (a cut record, interned strings), and a fresh
  // megabyte per chunk left the threads' malloc arenas fragmented.
  const buffer = Buffer.allocUnsafe(CHUNK_BYTES);
  try {
    for (let at = reading.start; at < reading.end;) {
      const chunk = buffer.subarray(0, Math.min(CHUNK_BYTES, reading.end - at));
      const { bytesRead } = await file.read(chunk, 0, chunk.length, at).catch((cause: unknown) => {
        throw new InputError("audit log", path, cause);
      });
      if (bytesRead === 0) break;
      at += bytesRead;
      const events = decoder.stats.events;
      decoder.push(chunk.subarray(0, bytesRead));
      await reading.onChunk?.(bytesRead, decoder.stats.events - events);
    }
  } finally {
    await file.close();
  }
}
