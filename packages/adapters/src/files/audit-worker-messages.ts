/** What a decoding worker posts back (audit-worker.ts → audit-usage.ts). */
import type { DecodeStats, DedupeTraceJson, UsageTransfer } from "@rbac-recommender/core/decoding";

export interface JobOutcome {
  usage: UsageTransfer;
  stats: DecodeStats;
  /** Ranges only: whether the range ended between two top-level records. */
  atBoundary?: boolean;
  /** Ranges only: what proves de-duplication decided as one decoder would. */
  dedupe?: DedupeTraceJson;
}

export type WorkerMessage =
  | { kind: "ready" }
  | { kind: "progress"; bytes: number; events: number }
  | { kind: "done"; outcome: JobOutcome }
  | { kind: "failed"; error: { message: string; code?: string; path?: string; input?: boolean } };
