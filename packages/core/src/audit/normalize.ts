/**
 * From the fields of one recognised audit event to the request the analysis counts, or the reason it
 * does not count.
 */
import type { EventFields, ObjectRefFields } from "./event-fields.ts";
import type { RecentIds } from "./recent-ids.ts";
import type { AuditRequest, Outcome, RequestAttributes, SkipReason } from "./request.ts";
import { pathOfUri, resourceOfUri } from "./request-uri.ts";
import type { UserInfos } from "./user-infos.ts";

/** Earlier stages repeat the request of the final one; only the final one knows the response. */
export function isFinalStage(stage: string | undefined): boolean {
  return stage === "ResponseComplete" || stage === "Panic";
}

/** RBAC cannot restrict these verbs by object name, so a name would only make a rule look narrower than it is. */
const VERBS_WITHOUT_NAME = new Set(["create", "list", "watch", "deletecollection"]);

export function nameForRbac(verb: string, name: string): string {
  return VERBS_WITHOUT_NAME.has(verb) ? "" : name;
}

/** The authorizer's decision annotation when recorded, else what the response code implies; undefined for 401. */
export function outcomeOf(decision: string | undefined, code: number | undefined): Outcome | undefined {
  if (decision === "allow" || decision === "forbid") return decision;
  if (code === 401) return undefined;
  // 404, 409, 500...: the request got past authorization
  return code === 403 ? "forbid" : "allow";
}

/** requestReceivedTimestamp, else stageTimestamp, else v1beta1's timestamp. */
export function timeOf(f: EventFields): number {
  if (!Number.isNaN(f.requestReceivedTimestamp)) return f.requestReceivedTimestamp;
  return Number.isNaN(f.stageTimestamp) ? f.timestamp : f.stageTimestamp;
}

/** Attributes from objectRef when it names a resource, else from the request URI; undefined when neither is there. */
export function attributesOf(verb: string, objectRef: ObjectRefFields | undefined, requestURI: string | undefined):
  RequestAttributes | undefined {
  if (objectRef?.resource) {
    return { verb, resourceRequest: true, apiGroup: objectRef.apiGroup ?? "", resource: objectRef.resource,
      subresource: objectRef.subresource ?? "", namespace: objectRef.namespace ?? "", name: nameForRbac(verb, objectRef.name ?? ""), path: "" };
  }
  if (requestURI === undefined) return undefined;
  const r = resourceOfUri(requestURI);
  if (r === undefined) {
    return { verb, resourceRequest: false, apiGroup: "", resource: "", subresource: "", namespace: "", name: "", path: pathOfUri(requestURI) };
  }
  return { verb, resourceRequest: true, apiGroup: r.apiGroup, resource: r.resource, subresource: r.subresource,
    namespace: r.namespace, name: nameForRbac(verb, r.name), path: "" };
}

/** Whether the event's ID is among the recent ones (else it is remembered now); an empty ID is never a repeat. */
function isRepeat(f: EventFields, recent: RecentIds): boolean {
  if (f.auditIDPacked) return !recent.addKey(f.auditKey, 0);
  return f.auditID !== undefined && f.auditID !== "" && !recent.add(f.auditID);
}

/** The request of an audit event (already recognised as one), or why it is skipped. */
export function normalize(f: EventFields, recent: RecentIds, users: UserInfos): AuditRequest | SkipReason {
  if (!isFinalStage(f.stage)) return "not-final-stage";
  if (isRepeat(f, recent)) return "duplicate-audit-id";
  const outcome = outcomeOf(f.decision, f.code);
  if (outcome === undefined) return "unauthenticated";
  // Who the request ran as: the impersonated user when impersonation succeeded.
  const user = f.impersonatedUser ?? f.user;
  const impersonator = f.impersonatedUser ? f.user : undefined;
  const time = timeOf(f);
  const verb = f.verb;
  if (user?.username === undefined || verb === undefined || Number.isNaN(time)) return "missing-fields";
  const ref = f.objectRef;
  // The usual case, objectRef naming the resource, makes no intermediate attributes object.
  const a = ref?.resource ? undefined : attributesOf(verb, undefined, f.requestURI);
  if (a === undefined && !ref?.resource) return "missing-fields";
  // Spelled out rather than spread: every request gets the same object shape, which keeps consumers fast.
  return {
    verb,
    resourceRequest: a === undefined ? true : a.resourceRequest,
    apiGroup: a === undefined ? ref!.apiGroup ?? "" : a.apiGroup,
    resource: a === undefined ? ref!.resource! : a.resource,
    subresource: a === undefined ? ref!.subresource ?? "" : a.subresource,
    namespace: a === undefined ? ref!.namespace ?? "" : a.namespace,
    name: a === undefined ? nameForRbac(verb, ref!.name ?? "") : a.name,
    path: a === undefined ? "" : a.path,
    time,
    user: users.of(user.username, user.groups),
    impersonator: impersonator?.username === undefined ? undefined : users.of(impersonator.username, impersonator.groups),
    outcome,
    reason: f.reason,
  };
}
