import type { FileHandle } from "node:fs/promises";
import { pipeline } from "node:stream/promises";
import { createGunzip } from "node:zlib";
import { AuditDecoder, isGzip, type AuditRequest, type DecodeStats } from "@rbac-recommender/core/decoding";
import { CHUNK_BYTES, readChunks } from "./chunk-reading.ts";
import { addDecodeStats, countSkipped, emptyDecodeStats } from "./decode-stats.ts";
import { expandInputPaths, InputError, openAuditLog } from "./input-paths.ts";

export interface AuditReadProgress {
  /** Bytes read from disk so far (compressed size for gzip files). */
  bytesRead: number;
  /** Audit events recognised so far. */
  events: number;
}

export interface AuditReadOptions {
  /** Called after every decoded chunk; the caller decides how often to show it. */
  onProgress?: (progress: AuditReadProgress) => void;
}

/** `onProgress` for a reader reporting running totals, passing on what was read since the last report. */
export function progressIncrements(add: (bytes: number, events: number) => void): (progress: AuditReadProgress) => void {
  let bytes = 0;
  let events = 0;
  return (p) => {
    add(p.bytesRead - bytes, p.events - events);
    bytes = p.bytesRead;
    events = p.events;
  };
}

export interface AuditReadResult {
  files: number;
  stats: DecodeStats;
}

/**
 * Decodes every audit log under `paths` (files, or directories walked recursively in sorted order), calling
 * `onRequest` for each request. Gzip is recognised by its magic bytes, never by name, because Firehose objects
 * and rotated logs are named arbitrarily. A path that cannot be read throws an `InputError` naming it.
 */
export async function readAuditLogs(
  paths: readonly string[],
  onRequest: (request: AuditRequest) => void,
  options: AuditReadOptions = {},
): Promise<AuditReadResult> {
  const files = await expandInputPaths(paths, "audit log");
  return { files: files.length, stats: await decodeAuditFiles(files, onRequest, options) };
}

/** Files already found (`expandInputPaths`), in order, each through its own decoder: `readAuditLogs` after the walk. */
export async function decodeAuditFiles(
  files: readonly string[],
  onRequest: (request: AuditRequest) => void,
  options: AuditReadOptions = {},
): Promise<DecodeStats> {
  const total = emptyDecodeStats();
  let bytesRead = 0;
  for (const file of files) {
    const stats = await decodeAuditFile(file, onRequest, (chunkBytes, fileEvents) => {
      bytesRead += chunkBytes;
      options.onProgress?.({ bytesRead, events: total.events + fileEvents });
    });
    addDecodeStats(total, stats);
  }
  return total;
}

/** One file through its own decoder, so a damaged file cannot corrupt the records of the next one. */
export async function decodeAuditFile(
  path: string,
  onRequest: (request: AuditRequest) => void,
  onChunk: (bytesRead: number, events: number) => void = () => {},
): Promise<DecodeStats> {
  const file = await openAuditLog(path);
  try {
    const decoder = new AuditDecoder(onRequest);
    const truncated = await streamInto(decoder, file, path, onChunk);
    decoder.end();
    onChunk(0, decoder.stats.events);
    const stats = addDecodeStats(emptyDecodeStats(), decoder.stats);
    if (truncated) countSkipped(stats, "truncated-gzip");
    return stats;
  } finally {
    await file.close();
  }
}

/** Feeds the file to the decoder, inflating gzip on the way; true when the gzip stream was cut or damaged. */
async function streamInto(
  decoder: AuditDecoder,
  file: FileHandle,
  path: string,
  onChunk: (bytesRead: number, events: number) => void,
): Promise<boolean> {
  if (!(await startsWithGzip(file, path))) {
    await readChunks(file, path, decoder, { start: 0, end: Infinity, onChunk: (bytes) => onChunk(bytes, decoder.stats.events) });
    return false;
  }
  const input = file.createReadStream({ start: 0, highWaterMark: CHUNK_BYTES, autoClose: false });
  input.on("data", (chunk) => onChunk(chunk.length, decoder.stats.events));
  const decode = async (source: AsyncIterable<Uint8Array>): Promise<void> => {
    for await (const chunk of source) decoder.push(chunk);
  };
  try {
    await pipeline(input, createGunzip({ chunkSize: CHUNK_BYTES / 4 }), decode);
    return false;
  } catch (cause) {
    // Everything inflated before the cut has already been decoded; the file is still worth its records.
    if (isZlibError(cause)) return true;
    if (isSystemError(cause)) throw new InputError("audit log", path, cause);
    throw cause;
  }
}

async function startsWithGzip(file: FileHandle, path: string): Promise<boolean> {
  const head = new Uint8Array(2);
  const { bytesRead } = await file.read(head, 0, 2, 0).catch((cause: unknown) => {
    throw new InputError("audit log", path, cause);
  });
  return isGzip(head.subarray(0, bytesRead));
}

/** zlib reports a cut-off stream as Z_BUF_ERROR ("unexpected end of file") and damage as Z_DATA_ERROR. */
function isZlibError(cause: unknown): boolean {
  const code = (cause as { code?: unknown } | null)?.code;
  return code === "Z_BUF_ERROR" || code === "Z_DATA_ERROR";
}

/** An I/O failure (EIO, EACCES...), as opposed to a bug further down that must not pass for bad input. */
function isSystemError(cause: unknown): boolean {
  return typeof (cause as { syscall?: unknown } | null)?.syscall === "string";
}
