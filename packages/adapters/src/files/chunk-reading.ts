/**
 * A plain (not gzip) audit file into a decoder, chunk by chunk, reading the next chunk while this one is
 * decoded: into the other of two buffers, which take turns (the decoder copies what it keeps of a chunk, so a
 * buffer is free again once pushed). Waiting for each read in turn idled the thread, and a stream's fresh
 * megabyte per chunk cost page faults and collections and left the threads' malloc arenas fragmented. Decoding
 * the bench log on two threads: 3.0-3.1 s this way against 3.2-3.3 s; rotated into ten files, 3.0-3.1 s and
 * 211-220 MB against 3.1-3.2 s and 237-242 MB.
 */
import type { FileHandle } from "node:fs/promises";
import type { AuditDecoder } from "@rbac-recommender/core/decoding";
import { InputError } from "./input-paths.ts";

/** Large reads keep syscalls and decoder calls few on multi-GB logs; 1 MiB is where returns flatten. */
export const CHUNK_BYTES = 1 << 20;

export interface ChunkReading {
  start: number;
  /**
   * Read up to here, or to the end of the file if that comes first; may be lowered while reading, never below
   * what was read.
   */
  end: number;
  /** After each chunk: its size and the events it held; may lower `end`. */
  onChunk?: (bytes: number, events: number) => void | Promise<void>;
}

/** Pushes the bytes of `file` (at `path`) from `start` to `end` into `decoder`, without ending it. */
export async function readChunks(file: FileHandle, path: string, decoder: AuditDecoder, reading: ChunkReading): Promise<void> {
  const readAt = (buffer: Buffer, at: number) =>
    file.read(buffer, 0, Math.min(CHUNK_BYTES, reading.end - at), at).catch((cause: unknown) => {
      throw new InputError("audit log", path, cause);
    });
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
    // A read still under way must not land after the caller closed the file.
    await pending?.catch(() => {});
  }
}
