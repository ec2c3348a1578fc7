/**
 * A decoding worker (worker_threads): reads the audit jobs it is sent into a Usage partial each and posts the
 * partial back; the main thread merges them (audit-usage.ts). Streams, so a worker holds one chunk and its
 * partial, never a file.
 */
import { parentPort } from "node:worker_threads";
import { traceBuffers, Usage } from "@rbac-recommender/core/decoding";
import { decodeAuditFiles, progressIncrements } from "./audit-files.ts";
import { decodeRange } from "./audit-range.ts";
import type { ChunkReading } from "./chunk-reading.ts";
import type { EndRequest, JobOutcome, WorkerMessage, WorkerRequest } from "./audit-worker-messages.ts";
import type { DecodingJob } from "./audit-ranges.ts";

const port = parentPort;
if (port === null) throw new Error("audit-worker.ts runs as a worker thread");

/** The range being read, and how far: what an end request is checked against. */
let current: { reading: ChunkReading; read: number } | undefined;

port.on("message", (request: WorkerRequest) => {
  if ("kind" in request) return post({ kind: "ended", accepted: endAt(request) });
  run(request).then((outcome) => post({ kind: "done", outcome }), (error: unknown) => post({ kind: "failed", error: describe(error) }));
});

/**
 * Lowers the end of the range being read, unless what was read already reaches past it. Requests are handled
 * while a read is under way, and everything before that read has been decoded: `read` is exactly where the
 * decoder stands (chunk-reading.ts truncates the read under way to the new end).
 */
function endAt({ at }: EndRequest): boolean {
  if (current === undefined || at < current.read || at >= current.reading.end) return false;
  current.reading.end = at;
  return true;
}

function post(message: WorkerMessage): void {
  if (message.kind === "done") {
    const { usage: { attributes, cells, totals }, dedupe } = message.outcome;
    const buffers = [attributes.buffer, cells.buffer, totals.buffer] as ArrayBuffer[];
    return port!.postMessage(message, dedupe === undefined ? buffers : [...buffers, ...traceBuffers(dedupe)]);
  }
  port!.postMessage(message);
}

async function run(job: DecodingJob): Promise<JobOutcome> {
  const usage = new Usage();
  const progress = (bytes: number, events: number) => post({ kind: "progress", bytes, events });
  if ("paths" in job || job.range === undefined) {
    const files = "paths" in job ? job.paths : [job.path];
    const stats = await decodeAuditFiles(files, (r) => usage.add(r), { onProgress: progressIncrements(progress) });
    return { usage: usage.toTransfer(), stats };
  }
  const reading: ChunkReading = { ...job.range, onChunk: (bytes, events) => {
    progress(bytes, events);
    if (current !== undefined) current.read += bytes;
  } };
  current = { reading, read: job.range.start };
  try {
    const { usage: partial, stats, atBoundary, dedupe } = await decodeRange(job.path, reading);
    return { usage: partial.toTransfer(), stats, atBoundary, dedupe };
  } finally {
    current = undefined;
  }
}

/** Errors cross the thread boundary as data: the main thread rebuilds the InputError with the same message. */
function describe(error: unknown): { message: string; code?: string; path?: string; input?: boolean } {
  const e = error as { message?: unknown; code?: unknown; path?: unknown; name?: unknown };
  return {
    message: typeof e?.message === "string" ? e.message : String(error),
    ...(typeof e?.code === "string" ? { code: e.code } : {}),
    ...(typeof e?.path === "string" ? { path: e.path } : {}),
    ...(e?.name === "InputError" ? { input: true } : {}),
  };
}
// Loading this module (TypeScript, the decoder) is most of a worker's start-up: say when it is done.
post({ kind: "ready" });
