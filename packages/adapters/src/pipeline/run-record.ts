import { randomBytes } from "node:crypto";
import type { RunRecord } from "../store/nightly-records.ts";
import type { NightlyWindow } from "./window.ts";

/** Sortable by start time, unique across concurrent runs: 20261122T020000123Z-3f9a1c. */
export function newRunId(now: Date): string {
  const stamp = now.toISOString().replace(/[-:.]/g, "");
  return `${stamp}-${randomBytes(3).toString("hex")}`;
}

export function startRunRecord(
  id: string,
  startedAt: Date,
  window: NightlyWindow,
  inputs: RunRecord["inputs"],
): RunRecord {
  return {
    schemaVersion: 1,
    id,
    status: "running",
    startedAt: startedAt.toISOString(),
    window: { from: new Date(window.from).toISOString(), to: new Date(window.to).toISOString(), days: window.days },
    inputs,
    objects: { listed: 0, read: 0, alreadyProcessed: 0, outOfWindow: 0, failed: 0, deferred: 0, partials: 0, pruned: 0 },
    counts: { newEvents: 0, newRequests: 0, windowRequests: 0, recommendations: 0 },
    skipped: {},
    failures: [],
  };
}

export function addSkipped(record: RunRecord, skipped: Record<string, number | undefined>): void {
  for (const [reason, count] of Object.entries(skipped)) {
    if (count) record.skipped[reason] = (record.skipped[reason] ?? 0) + count;
  }
}

export function finishRunRecord(record: RunRecord, status: RunRecord["status"], startedMs: number, clock: () => number, error?: unknown) {
  record.status = status;
  const end = clock();
  record.finishedAt = new Date(end).toISOString();
  record.durationMs = Math.max(0, Math.round(end - startedMs));
  if (error !== undefined) record.error = error instanceof Error ? error.message : String(error);
}
