import type { RequestAttributes } from "../audit/request.ts";
import type { BindingRef } from "../rbac/model.ts";
import type { PermissionUsage } from "./subject-usage.ts";
import type { UsageRecord } from "./usage.ts";

/** Sums usage records into permissions, per request attributes and allowing binding; days counted distinctly. */
export class PermissionTally {
  /** `days` stays the first record's own list until a second record adds to it: most permissions have one. */
  private readonly entries = new Map<string, { usage: PermissionUsage; days: readonly number[] | Set<number> }>();

  add(record: UsageRecord, via: BindingRef | undefined, coveredByDefaults: boolean): void {
    const key = permissionKey(record.attrs, via);
    const seen = this.entries.get(key);
    if (!seen) {
      const usage: PermissionUsage = {
        attrs: record.attrs,
        count: record.count,
        firstSeen: record.first,
        lastSeen: record.last,
        days: record.days.length,
        coveredByDefaults,
        ...(via ? { via } : {}),
      };
      this.entries.set(key, { usage, days: record.days });
      return;
    }
    const u = seen.usage;
    u.count += record.count;
    u.firstSeen = Math.min(u.firstSeen, record.first);
    u.lastSeen = Math.max(u.lastSeen, record.last);
    // Covered only if every contributing observation was: one that the defaults do not allow needs a rule.
    u.coveredByDefaults &&= coveredByDefaults;
    const days = seen.days instanceof Set ? seen.days : (seen.days = new Set(seen.days));
    for (const day of record.days) days.add(day);
    u.days = days.size;
  }

  permissions(): PermissionUsage[] {
    return [...this.entries.values()].map((e) => e.usage);
  }
}

const S = "\u001f";

function permissionKey(a: RequestAttributes, via: BindingRef | undefined): string {
  // Concatenated rather than joined from an array: one string per record, no array.
  return a.verb + S + (a.resourceRequest ? "r" : "n") + S + a.apiGroup + S + a.resource + S + a.subresource + S + a.namespace + S +
    a.name + S + a.path + S + (via?.kind ?? "") + S + (via?.namespace ?? "") + S + (via?.name ?? "");
}
