/**
 * Audit log bytes in, normalised requests out. Chunks may be cut anywhere (mid-line, mid-character,
 * mid-escape); memory stays flat: one cut record at most is carried over, and the audit IDs remembered for
 * de-duplication are a fixed window. Formats are recognised by content (see framing.ts). Gzip is the
 * caller's job: see `isGzip`.
 */
import { CarryOver } from "./carry-over.ts";
import { continuesAfter, type DedupeTrace, type DedupeTraceJson } from "./dedupe-trace.ts";
import { Framing } from "./framing.ts";
import { NEWLINE } from "./json-scan.ts";
import { releaseIndexer } from "./member-index.ts";
import type { AuditRequest, DecodeStats } from "./request.ts";
import { RequestSink } from "./request-sink.ts";
import { StringPool } from "./string-pool.ts";

export interface DecoderOptions {
  /** How many recent audit IDs are remembered to drop repeated events (default 100,000). */
  dedupeWindow?: number;
  /** A record larger than this is skipped as malformed instead of being held in memory (default 64 MiB). */
  maxRecordBytes?: number;
  /** Set when this decoder reads one byte range of a file, to check the ranges merge exactly (dedupe-trace.ts). */
  dedupeTrace?: DedupeTrace;
}

/** gzip's magic bytes. */
export function isGzip(bytes: Uint8Array): boolean {
  return bytes.length >= 2 && bytes[0] === 0x1f && bytes[1] === 0x8b;
}

/**
 * Lets go of what the decoders of this thread share (the WebAssembly member indexer's memory and the string pool:
 * ~20 MB of resident memory after a large log), for when the thread has decoded all it will and an analysis is to
 * follow. Decoders made afterwards make new ones; decoders still reading keep theirs until they are done (two
 * nightly runs racing in one process may hold two for a while).
 */
export function releaseDecoderMemory(): void {
  releaseIndexer();
  StringPool.release();
}

function asBuffer(chunk: Uint8Array): Buffer {
  return Buffer.isBuffer(chunk) ? chunk : Buffer.from(chunk.buffer, chunk.byteOffset, chunk.byteLength);
}

export class AuditDecoder {
  private readonly sink: RequestSink;
  private readonly framing: Framing;
  private readonly carry = new CarryOver();
  private readonly maxRecordBytes: number;
  /** Do not retry the carried record before it has grown to this size: each retry rereads it from its start. */
  private retryAt = 0;

  constructor(onRequest: (r: AuditRequest) => void, options: DecoderOptions = {}) {
    this.sink = new RequestSink(onRequest, options.dedupeWindow ?? 100_000, options.dedupeTrace);
    this.framing = new Framing(this.sink);
    this.maxRecordBytes = options.maxRecordBytes ?? 64 * 1024 * 1024;
  }

  get stats(): DecodeStats {
    return this.sink.stats;
  }

  /**
   * Whether the range another decoder read from exactly where this one stands decided every duplicate as this
   * decoder reading on would (`continuesExactly`, without listing the IDs this one remembers).
   */
  isContinuedExactlyBy(later: DedupeTraceJson): boolean {
    return continuesAfter(this.sink.recentIds, later);
  }

  /** With the `dedupeTrace` option, after `end`: what the next range's decoder is checked against. */
  dedupeTrace(): DedupeTraceJson | undefined {
    return this.sink.dedupeTrace();
  }

  push(chunk: Uint8Array): void {
    const b = asBuffer(chunk);
    this.sink.stats.bytes += b.length;
    if (this.carry.length === 0) return this.keep(b, this.framing.feed(b, 0, b.length, false));
    if (this.carry.length + b.length < this.retryAt) return this.carry.append(b);
    const rest = this.completeCarried(b);
    if (rest >= 0) this.keep(b, this.framing.feed(b, rest, b.length, false));
  }

  /**
   * Whether everything pushed so far ends exactly after a complete top-level record: then a decoder given only
   * the bytes that follow reads them as this one would.
   */
  atRecordBoundary(): boolean {
    return this.carry.length === 0 && this.framing.atTop();
  }

  end(): void {
    if (this.carry.length > 0) {
      this.framing.feed(this.carry.bytes, 0, this.carry.length, true);
      this.carry.length = 0;
    }
    if (this.framing.inBatch()) this.framing.resync();
  }

  /**
   * Finishes the carried record with the start of `b`. Usually the record ends at b's first newline: then only
   * that line is copied, and the rest of `b` is read in place; returns where in `b` reading goes on, or -1 when
   * all of `b` went into the carry-over.
   */
  private completeCarried(b: Buffer): number {
    const nl = b.indexOf(NEWLINE);
    const head = nl === -1 ? b.length : nl + 1;
    const before = this.carry.length;
    this.carry.append(b.subarray(0, head));
    const consumed = this.framing.feed(this.carry.bytes, 0, this.carry.length, false);
    if (consumed >= before) {
      this.carry.length = 0;
      return consumed - before;
    }
    this.carry.drop(consumed);
    this.carry.append(b.subarray(head));
    const again = this.framing.feed(this.carry.bytes, 0, this.carry.length, false);
    this.carry.drop(again);
    this.afterCarry();
    return -1;
  }

  /** Keeps b[consumed, end) for the next chunk. */
  private keep(b: Buffer, consumed: number): void {
    if (consumed >= b.length) return;
    this.carry.append(b.subarray(consumed));
    this.afterCarry();
  }

  private afterCarry(): void {
    this.retryAt = 2 * this.carry.length;
    if (this.carry.length <= this.maxRecordBytes) return;
    // Too large to hold: give up on this record and read on from the next line.
    this.framing.resync();
    const consumed = this.framing.feed(this.carry.bytes, 0, this.carry.length, false);
    this.carry.drop(consumed);
    this.retryAt = 0;
  }
}

export { DedupeTrace, continuesExactly, traceBuffers, type DedupeTraceJson } from "./dedupe-trace.ts";
