import type { RequestAttributes } from "../audit/request.ts";
import type { BindingRef } from "../rbac/model.ts";
import type { PermissionUsage } from "./subject-usage.ts";
import type { UsageRecord } from "./usage.ts";

/** Sums usage records into permissions, per request attributes and allowing binding; days counted distinctly. */
export class PermissionTally {
  private readonly entries = new Map<string, { usage: PermissionUsage; days: Set<number> }>();

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
      this.entries.set(key, { usage, days: new Set(record.days) });
      return;
    }
    const u = seen.usage;
    u.count += record.count;
    u.firstSeen = Math.min(u.firstSeen, record.first);
    u.lastSeen = Math.max(u.lastSeen, record.last);
    // Covered only if every contributing observation was: one that the defaults do not allow needs a rule.
    u.coveredByDefaults &&= coveredByDefaults;
    for (const day of record.days) seen.days.add(day);
    u.days = seen.days.size;
  }

  permissions(): PermissionUsage[] {
    return [...this.entries.values()].map((e) => e.usage);
  }
}

function permissionKey(a: RequestAttributes, via: BindingRef | undefined): string {
  return [a.verb, a.resourceRequest ? "r" : "n", a.apiGroup, a.resource, a.subresource, a.namespace, a.name, a.path, via?.kind ?? "", via?.namespace ?? "", via?.name ?? ""].join("\u001f");
}
