import type { AuditRequest, Outcome, RequestAttributes, UserInfo } from "../audit/request.ts";

/**
 * One distinct thing that was observed: who (as the audit log recorded them), what, how it was decided.
 * Usage counts observations, not events, so its size grows with the variety of requests, not their number.
 */
export interface Observation {
  user: UserInfo;
  outcome: Outcome;
  reason: string | undefined;
  attrs: RequestAttributes;
}

const FIELD = "\u001f";
const GROUP = "\u001e";
const NO_REASON = "\u0000";

/** Separators and the no-reason marker; a field holding one of them takes the slower, escaped encoding. */
const RESERVED = /[\u0000\u001c-\u001f]/;
const ESCAPED = "\u001c";

/** Encodes an observation as a compact string key; `decodeObservation` reverses it exactly. */
export function observationKey(user: UserInfo, outcome: Outcome, reason: string | undefined, a: RequestAttributes): string {
  const groups = user.groups.join(GROUP);
  const key =
    outcome + FIELD + user.name + FIELD + groups + FIELD + (reason ?? NO_REASON) + FIELD +
    a.verb + FIELD + (a.resourceRequest ? "r" : "n") + FIELD + a.apiGroup + FIELD + a.resource + FIELD +
    a.subresource + FIELD + a.namespace + FIELD + a.name + FIELD + a.path;
  if (!RESERVED.test(user.name + groups + (reason ?? "") + a.verb + a.apiGroup + a.resource + a.subresource + a.namespace + a.name + a.path)) {
    return key;
  }
  return ESCAPED + JSON.stringify([outcome, user.name, user.groups, reason ?? null, a.verb, a.resourceRequest, a.apiGroup, a.resource, a.subresource, a.namespace, a.name, a.path]);
}

export function decodeObservation(key: string): Observation {
  if (key.startsWith(ESCAPED)) return decodeEscaped(key.slice(ESCAPED.length));
  const f = key.split(FIELD);
  if (f.length !== 12) throw new Error(`corrupt usage key with ${f.length} fields`);
  const [outcome, name, groups, reason, verb, kind, apiGroup, resource, subresource, namespace, objectName, path] = f as [
    string, string, string, string, string, string, string, string, string, string, string, string,
  ];
  return {
    user: { name, groups: groups === "" ? [] : groups.split(GROUP) },
    outcome: outcomeOf(outcome),
    reason: reason === NO_REASON ? undefined : reason,
    attrs: { verb, resourceRequest: kind === "r", apiGroup, resource, subresource, namespace, name: objectName, path },
  };
}

function decodeEscaped(json: string): Observation {
  const f = JSON.parse(json) as [string, string, string[], string | null, string, boolean, string, string, string, string, string, string];
  if (!Array.isArray(f) || f.length !== 12) throw new Error("corrupt usage key");
  const [outcome, name, groups, reason, verb, resourceRequest, apiGroup, resource, subresource, namespace, objectName, path] = f;
  return {
    user: { name, groups },
    outcome: outcomeOf(outcome),
    reason: reason ?? undefined,
    attrs: { verb, resourceRequest, apiGroup, resource, subresource, namespace, name: objectName, path },
  };
}

function outcomeOf(text: string): Outcome {
  if (text !== "allow" && text !== "forbid") throw new Error(`corrupt usage key: outcome ${text}`);
  return text;
}

/** The key of the request itself. */
export function requestKey(r: AuditRequest): string {
  return observationKey(r.user, r.outcome, r.reason, r);
}

const IMPLICIT_GROUPS = new Set(["system:authenticated", "system:serviceaccounts"]);

/**
 * What the impersonator itself used: `impersonate` on the user (or service account) and on each group it
 * asked for. Groups the API server adds on its own (system:authenticated, the service-account groups) were
 * not asked for, so they need no permission.
 */
export function impersonationKeys(r: AuditRequest): string[] {
  if (!r.impersonator) return [];
  const target = r.user.name;
  const sa = /^system:serviceaccount:([^:]+):([^:]+)$/.exec(target);
  const keys = [
    observationKey(r.impersonator, "allow", undefined, impersonateAttrs(sa ? "serviceaccounts" : "users", sa ? sa[2]! : target, sa ? sa[1]! : "")),
  ];
  const implicitSaGroup = sa ? `system:serviceaccounts:${sa[1]}` : undefined;
  for (const group of r.user.groups) {
    if (IMPLICIT_GROUPS.has(group) || group === implicitSaGroup) continue;
    keys.push(observationKey(r.impersonator, "allow", undefined, impersonateAttrs("groups", group, "")));
  }
  return keys;
}

function impersonateAttrs(resource: string, name: string, namespace: string): RequestAttributes {
  return { verb: "impersonate", resourceRequest: true, apiGroup: "", resource, subresource: "", namespace, name, path: "" };
}
