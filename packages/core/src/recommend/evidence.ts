import type { BindingRef } from "../rbac/model.ts";
import type { NotAttributableUsage, PermissionUsage } from "../usage/subject-usage.ts";
import { ruleResource } from "./atoms.ts";
import { compareTuples, sortByTuple } from "./order.ts";
import type { BindingRefJson, NotAttributable, PermissionUse } from "./schema.ts";

function iso(ms: number): string {
  return new Date(ms).toISOString();
}

function viaJson(via: BindingRef): BindingRefJson {
  return { kind: via.kind, name: via.name, ...(via.kind === "RoleBinding" && via.namespace ? { namespace: via.namespace } : {}) };
}

/** What was requested, in the report's words: absent fields instead of empty strings. */
function target(p: PermissionUsage): Partial<PermissionUse> {
  const a = p.attrs;
  if (!a.resourceRequest) return { path: a.path };
  return {
    apiGroup: a.apiGroup,
    resource: ruleResource(a),
    ...(a.namespace ? { namespace: a.namespace } : {}),
    ...(a.name ? { name: a.name } : {}),
  };
}

export function permissionUse(p: PermissionUsage): PermissionUse {
  return {
    verb: p.attrs.verb,
    ...target(p),
    count: p.count,
    firstSeen: iso(p.firstSeen),
    lastSeen: iso(p.lastSeen),
    days: p.days,
    ...(p.via ? { via: viaJson(p.via) } : {}),
  };
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
