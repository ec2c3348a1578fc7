import type { RequestAttributes } from "../audit/request.ts";
import type { BindingRef } from "../rbac/model.ts";
import type { PermissionUsage } from "../usage/subject-usage.ts";
import { hasFixedWidthText, isoTime } from "./iso-time.ts";
import { compareText } from "./order.ts";

/**
 * The order evidence is listed in: by what its use shows (namespace, API group, resource, path, verb, name,
 * binding, count, first and last seen, days), as the tuple [use.namespace ?? "", …, use.days] of its report
 * form orders under `compareTuples`.
 *
 * Compared on the permissions themselves, before any report form exists: every attributes object of a Usage
 * has one shape and shares its strings with all equal ones, where report forms come in ten shapes, and no
 * tuple or text is built per comparison. Evidence lists run to ~10^5 entries.
 */
export function byEvidenceOrder(p: PermissionUsage, q: PermissionUsage): number {
  return (
    (p.attrs === q.attrs ? 0 : compareShown(p.attrs, q.attrs)) ||
    (p.via === q.via ? 0 : compareText(viaOrder(p.via), viaOrder(q.via))) ||
    Math.sign(p.count - q.count) ||
    compareTimes(p.firstSeen, q.firstSeen) ||
    compareTimes(p.lastSeen, q.lastSeen) ||
    Math.sign(p.days - q.days)
  );
}

/** The attribute texts a use shows: a non-resource request shows only verb and path. */
function compareShown(a: RequestAttributes, b: RequestAttributes): number {
  const ra = a.resourceRequest;
  const rb = b.resourceRequest;
  return (
    compareText(ra ? a.namespace : "", rb ? b.namespace : "") ||
    compareText(ra ? a.apiGroup : "", rb ? b.apiGroup : "") ||
    compareResources(a, b) ||
    compareText(ra ? "" : a.path, rb ? "" : b.path) ||
    compareText(a.verb, b.verb) ||
    compareText(ra ? a.name : "", rb ? b.name : "")
  );
}

/**
 * The resource a use shows (`resource` or `resource/subresource`, none for a non-resource request) against
 * the other's, without building either: those texts order differently from the pairs (`pods/log` sorts
 * after `pods-x`, `pods` before it).
 */
function compareResources(a: RequestAttributes, b: RequestAttributes): number {
  if (a.resourceRequest && b.resourceRequest && a.subresource === "" && b.subresource === "") return compareText(a.resource, b.resource);
  const length = Math.min(shownLength(a), shownLength(b));
  for (let i = 0; i < length; i++) {
    const c = shownChar(a, i) - shownChar(b, i);
    if (c !== 0) return Math.sign(c);
  }
  return Math.sign(shownLength(a) - shownLength(b));
}

function shownLength(a: RequestAttributes): number {
  if (!a.resourceRequest) return 0;
  return a.subresource === "" ? a.resource.length : a.resource.length + 1 + a.subresource.length;
}

const SLASH = 47;

function shownChar(a: RequestAttributes, i: number): number {
  if (i < a.resource.length) return a.resource.charCodeAt(i);
  return i === a.resource.length ? SLASH : a.subresource.charCodeAt(i - a.resource.length - 1);
}

/** As their ISO texts order: chronologically wherever those have one width. */
function compareTimes(a: number, b: number): number {
  return hasFixedWidthText(a) && hasFixedWidthText(b) ? Math.sign(a - b) : compareText(isoTime(a), isoTime(b));
}

/** A binding as its report form orders: `JSON.stringify(use.via ?? null)`, made once per binding. */
const orders = new WeakMap<BindingRef, string>();

function viaOrder(via: BindingRef | undefined): string {
  if (via === undefined) return "null";
  let order = orders.get(via);
  if (order === undefined) orders.set(via, (order = JSON.stringify(bindingRefJson(via))));
  return order;
}

/** A binding as the report names it: a namespace only on a RoleBinding. */
export function bindingRefJson(via: BindingRef): { kind: BindingRef["kind"]; name: string; namespace?: string } {
  return { kind: via.kind, name: via.name, ...(via.kind === "RoleBinding" && via.namespace ? { namespace: via.namespace } : {}) };
}
