/**
 * A decoding worker (worker_threads): reads the audit jobs it is sent into a Usage partial each and posts the
 * partial back; the main thread merges them (audit-usage.ts). Streams, so a worker holds one chunk and its
 * partial, never a file.
 */
import { createReadStream } from "node:fs";
import { parentPort } from "node:worker_threads";
import { AuditDecoder, DedupeTrace, Usage } from "@rbac-recommender/core";
import { CHUNK_BYTES, decodeAuditFile } from "./audit-files.ts";
import { addDecodeStats, emptyDecodeStats } from "./decode-stats.ts";
import type { JobOutcome, WorkerMessage } from "./audit-worker-messages.ts";
import type { AuditJob } from "./audit-ranges.ts";

const port = parentPort;
if (port === null) throw new Error("audit-worker.ts runs as a worker thread");

port.on("message", (job: AuditJob) => {
  run(job).then((outcome) => post({ kind: "done", outcome }), (error: unknown) => post({ kind: "failed", error: describe(error) }));
});

function post(message: WorkerMessage): void {
  if (message.kind !== "progress" && process.env.AUDIT_WORKER_DEBUG) console.error("post", performance.now().toFixed(0));
  port!.postMessage(message);
}

async function run(job: AuditJob): Promise<JobOutcome> {
  const usage = new Usage();
  const progress = (bytes: number, events: number) => post({ kind: "progress", bytes, events });
  if (job.range === undefined) {
    let events = 0;
    const stats = await decodeAuditFile(job.path, (r) => usage.add(r), (bytes, total) => {
      progress(bytes, total - events);
      events = total;
    });
    return { usage: usage.toJSON(), stats };
  }
  const trace = new DedupeTrace();
  const decoder = new AuditDecoder((r) => usage.add(r), { dedupeTrace: trace });
  let events = 0;
  const input = createReadStream(job.path, { start: job.range.start, end: job.range.end - 1, highWaterMark: CHUNK_BYTES });
  for await (const chunk of input) {
    decoder.push(chunk as Buffer);
    progress((chunk as Buffer).length, decoder.stats.events - events);
    events = decoder.stats.events;
  }
  const dbg = (s: string) => process.env.AUDIT_WORKER_DEBUG && console.error(s, performance.now().toFixed(0));
  dbg("range decoded");
  const atBoundary = decoder.atRecordBoundary();
  decoder.end();
  const json = usage.toJSON();
  dbg("json");
  const dd = decoder.dedupeTrace()!;
  dbg("trace " + dd.early.length + " " + dd.remembered.length);
  return { usage: json, stats: addDecodeStats(emptyDecodeStats(), decoder.stats), atBoundary, dedupe: dd };
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
if (process.env.AUDIT_WORKER_DEBUG) console.error("worker ready", performance.now().toFixed(0), performance.timeOrigin.toFixed(0));
