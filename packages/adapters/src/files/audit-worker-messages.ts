/** What crosses the boundary between the main thread (decoder-pool.ts) and a decoding worker (audit-worker.ts). */
import type { DecodeStats, DedupeTraceJson, UsageTransfer } from "@rbac-recommender/core/decoding";
import type { DecodingJob } from "./audit-ranges.ts";

export interface JobOutcome {
  usage: UsageTransfer;
  stats: DecodeStats;
  /** Ranges only: whether the range ended between two top-level records. */
  atBoundary?: boolean;
  /** Ranges only: what proves de-duplication decided as one decoder would. */
  dedupe?: DedupeTraceJson;
}

/**
 * Asks the worker to end the range it is reading at `at` (a record boundary), so that another thread can read
 * the rest; it does unless it has already read past `at`.
 */
export interface EndRequest {
  kind: "end";
  at: number;
}

export type WorkerRequest = DecodingJob | EndRequest;

export type WorkerMessage =
  | { kind: "ready" }
  | { kind: "progress"; bytes: number; events: number }
  | { kind: "ended"; accepted: boolean }
  | { kind: "done"; outcome: JobOutcome }
  | { kind: "failed"; error: { message: string; code?: string; path?: string; input?: boolean } };
