/**
 * Decoding one byte range of a JSON-lines audit file, with what proves that the ranges of a file merge into
 * exactly what one decoder reading it whole would give (see `continuesExactly`). The end can be moved earlier
 * while reading: the main thread reads from the start and only fixes where it stops once a worker is ready to
 * take the rest.
 */
import { AuditDecoder, DedupeTrace, Usage, type DecodeStats, type DedupeTraceJson } from "@rbac-recommender/core/decoding";
import { readChunks, type ChunkReading } from "./chunk-reading.ts";
import { addDecodeStats, emptyDecodeStats } from "./decode-stats.ts";
import { openAuditLog } from "./input-paths.ts";

export interface RangeOutcome {
  usage: Usage;
  stats: DecodeStats;
  /** Whether the range ended between two top-level records. */
  atBoundary: boolean;
  dedupe: DedupeTraceJson;
}

/** A range into a Usage of its own, as a worker decodes the second part of a file. */
export async function decodeRange(path: string, reading: ChunkReading): Promise<RangeOutcome> {
  const usage = new Usage();
  const decoder = new AuditDecoder((r) => usage.add(r), { dedupeTrace: new DedupeTrace() });
  await readRange(path, decoder, reading);
  const atBoundary = decoder.atRecordBoundary();
  decoder.end();
  return { usage, stats: addDecodeStats(emptyDecodeStats(), decoder.stats), atBoundary, dedupe: decoder.dedupeTrace()! };
}

/** Pushes the bytes of the range into `decoder` (without ending it: the caller may read on). */
export async function readRange(path: string, decoder: AuditDecoder, reading: ChunkReading): Promise<void> {
  const file = await openAuditLog(path);
  try {
    await readChunks(file, path, decoder, reading);
  } finally {
    await file.close();
  }
}
