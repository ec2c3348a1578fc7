/**
 * Where decoded records end up: audit events become requests or counted skips, everything else a
 * counted skip. Skips can be held back while it is unknown whether a record counts at all (a CloudWatch
 * Logs record whose messageType comes after its logEvents).
 */
import { isAuditEvent, type EventFields } from "./event-fields.ts";
import { normalize } from "./normalize.ts";
import type { DedupeTrace, DedupeTraceJson } from "./dedupe-trace.ts";
import { RecentIds } from "./recent-ids.ts";
import type { AuditRequest, DecodeStats, SkipReason } from "./request.ts";
import { UserInfos } from "./user-infos.ts";

export class RequestSink {
  readonly stats: DecodeStats = { bytes: 0, events: 0, requests: 0, skipped: {} };
  /** The audit IDs a decoder reading on from here would drop. */
  readonly recentIds: RecentIds;
  private readonly users = new UserInfos();
  private held: Partial<Record<SkipReason, number>> | undefined;

  constructor(private readonly onRequest: (r: AuditRequest) => void, dedupeWindow: number, trace?: DedupeTrace) {
    this.recentIds = new RecentIds(dedupeWindow, trace);
  }

  dedupeTrace(): DedupeTraceJson | undefined {
    return this.recentIds.trace?.toJSON(this.recentIds.remembered());
  }

  event(fields: EventFields): void {
    if (!isAuditEvent(fields)) return this.skip("not-audit-event");
    this.stats.events++;
    const r = normalize(fields, this.recentIds, this.users);
    if (typeof r === "string") return this.skip(r);
    this.stats.requests++;
    this.onRequest(r);
  }

  skip(reason: SkipReason): void {
    const counts = this.held ?? this.stats.skipped;
    counts[reason] = (counts[reason] ?? 0) + 1;
  }

  /** Skips from now on are held until `release`. */
  hold(): void {
    this.held = {};
  }

  /** Counts the held skips, or drops them when the record turned out not to count (`keep` false). */
  release(keep: boolean): void {
    const held = this.held;
    this.held = undefined;
    if (!keep || held === undefined) return;
    for (const [reason, n] of Object.entries(held) as [SkipReason, number][]) {
      this.stats.skipped[reason] = (this.stats.skipped[reason] ?? 0) + n;
    }
  }
}
