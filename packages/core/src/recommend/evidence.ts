import type { BindingRef } from "../rbac/model.ts";
import type { NotAttributableUsage, PermissionUsage } from "../usage/subject-usage.ts";
import { ruleResource } from "./atoms.ts";
import { isoTime } from "./iso-time.ts";
import { compareTuples, sortByTuple } from "./order.ts";
import type { BindingRefJson, NotAttributable, PermissionUse } from "./schema.ts";

function viaJson(via: BindingRef): BindingRefJson {
  return { kind: via.kind, name: via.name, ...(via.kind === "RoleBinding" && via.namespace ? { namespace: via.namespace } : {}) };
}

/**
 * One permission's evidence, in the report's words: absent fields instead of empty strings. Built field by
 * field in the order the report shows them, rather than from spreads of small objects: a large log has ~10^5
 * permissions, each in several evidence lists.
 */
export function permissionUse(p: PermissionUsage): PermissionUse {
  const a = p.attrs;
  const use: Record<string, unknown> = { verb: a.verb };
  if (!a.resourceRequest) use.path = a.path;
  else {
    use.apiGroup = a.apiGroup;
    use.resource = ruleResource(a);
    if (a.namespace) use.namespace = a.namespace;
    if (a.name) use.name = a.name;
  }
  use.count = p.count;
  use.firstSeen = isoTime(p.firstSeen);
  use.lastSeen = isoTime(p.lastSeen);
  use.days = p.days;
  if (p.via) use.via = viaJson(p.via);
  return use as PermissionUse;
}

function useOrder(u: PermissionUse): (string | number)[] {
  return [u.namespace ?? "", u.apiGroup ?? "", u.resource ?? "", u.path ?? "", u.verb, u.name ?? "", JSON.stringify(u.via ?? null), u.count, u.firstSeen, u.lastSeen, u.days];
}

/** Evidence in one order whatever order the usage came in, so reports diff cleanly between runs. */
export function permissionUses(permissions: readonly PermissionUsage[]): PermissionUse[] {
  return sortByTuple(permissions.map(permissionUse), useOrder);
}

export function requestCount(permissions: readonly PermissionUsage[]): number {
  return permissions.reduce((sum, p) => sum + p.count, 0);
}

export function notAttributableEntry(u: NotAttributableUsage): NotAttributable {
  return { user: u.user, reason: u.reason, requests: requestCount(u.permissions), permissions: permissionUses(u.permissions) };
}

export function notAttributableEntries(usage: readonly NotAttributableUsage[]): NotAttributable[] {
  return usage.map(notAttributableEntry).sort((a, b) => compareTuples([a.user, a.reason], [b.user, b.reason]));
}
