import type { BindingRef } from "../rbac/model.ts";
import type { NotAttributableUsage, PermissionUsage } from "../usage/subject-usage.ts";
import { ruleResource } from "./atoms.ts";
import { bindingRefJson, byEvidenceOrder } from "./evidence-order.ts";
import { isoTime } from "./iso-time.ts";
import { compareTuples } from "./order.ts";
import type { BindingRefJson, NotAttributable, PermissionUse } from "./schema.ts";

/** A binding is named by ~10^5 permissions: its report form is made once, and shared. */
const vias = new WeakMap<BindingRef, BindingRefJson>();

function viaJson(via: BindingRef): BindingRefJson {
  let json = vias.get(via);
  if (json === undefined) vias.set(via, (json = Object.freeze(bindingRefJson(via))));
  return json;
}

/**
 * One permission's evidence, in the report's words: absent fields instead of empty strings, in the order the
 * report shows them. One object literal per combination of fields present: a large log has ~10^5 permissions,
 * and adding fields one by one to a smaller object reallocated its property storage three times each.
 */
export function permissionUse(p: PermissionUsage): PermissionUse {
  const a = p.attrs;
  const { days } = p;
  const count = asSmall(p.count);
  const firstSeen = isoTime(p.firstSeen);
  const lastSeen = p.lastSeen === p.firstSeen ? firstSeen : isoTime(p.lastSeen);
  if (!a.resourceRequest) {
    const { verb, path } = a;
    return p.via ? { verb, path, count, firstSeen, lastSeen, days, via: viaJson(p.via) } : { verb, path, count, firstSeen, lastSeen, days };
  }
  const { verb, apiGroup, namespace, name } = a;
  const resource = ruleResource(a);
  const via = p.via ? viaJson(p.via) : undefined;
  if (namespace && name) {
    return via ? { verb, apiGroup, resource, namespace, name, count, firstSeen, lastSeen, days, via } : { verb, apiGroup, resource, namespace, name, count, firstSeen, lastSeen, days };
  }
  if (namespace) return via ? { verb, apiGroup, resource, namespace, count, firstSeen, lastSeen, days, via } : { verb, apiGroup, resource, namespace, count, firstSeen, lastSeen, days };
  if (name) return via ? { verb, apiGroup, resource, name, count, firstSeen, lastSeen, days, via } : { verb, apiGroup, resource, name, count, firstSeen, lastSeen, days };
  return via ? { verb, apiGroup, resource, count, firstSeen, lastSeen, days, via } : { verb, apiGroup, resource, count, firstSeen, lastSeen, days };
}

/**
 * Counts come from a Float64Array, and a field that holds such numbers keeps each in a box of its own (16 bytes
 * and one more object for the collector, per permission); an integer below 2^30 is stored in the field itself.
 */
function asSmall(count: number): number {
  return count <= 0x3fffffff ? count | 0 : count;
}

/** Evidence in one order whatever order the usage came in, so reports diff cleanly between runs. */
export function permissionUses(permissions: readonly PermissionUsage[]): PermissionUse[] {
  // Stable, as Array#sort is: permissions equal in every field keep the order the usage gave them.
  return [...permissions].sort(byEvidenceOrder).map(permissionUse);
}

export function requestCount(permissions: readonly PermissionUsage[]): number {
  let sum = 0;
  for (const p of permissions) sum += p.count;
  return sum;
}

export function notAttributableEntry(u: NotAttributableUsage): NotAttributable {
  return { user: u.user, reason: u.reason, requests: requestCount(u.permissions), permissions: permissionUses(u.permissions) };
}

export function notAttributableEntries(usage: readonly NotAttributableUsage[]): NotAttributable[] {
  return usage.map(notAttributableEntry).sort((a, b) => compareTuples([a.user, a.reason], [b.user, b.reason]));
}
