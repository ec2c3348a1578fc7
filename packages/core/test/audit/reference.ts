/**
 * The slow, obviously right reader the fast one is compared with: JSON.parse the whole event, then take
 * the same fields.
 */
import { KEY_WORDS } from "../../src/audit/audit-id-key.ts";
import type { EventFields, ObjectRefFields, UserFields } from "../../src/audit/event-fields.ts";
import { parseTimestampText } from "../../src/audit/timestamp.ts";

type Obj = Record<string, unknown>;

const isObject = (v: unknown): v is Obj => typeof v === "object" && v !== null && !Array.isArray(v);
const text = (v: unknown): string | undefined => (typeof v === "string" ? v : undefined);
const time = (v: unknown): number => (typeof v === "string" ? parseTimestampText(v) : NaN);

function user(v: unknown): UserFields | undefined {
  if (!isObject(v)) return undefined;
  return { username: text(v.username), groups: Array.isArray(v.groups) ? v.groups.filter((g): g is string => typeof g === "string") : [] };
}

function objectRef(v: unknown): ObjectRefFields | undefined {
  if (!isObject(v)) return undefined;
  return { apiGroup: text(v.apiGroup), resource: text(v.resource), subresource: text(v.subresource), namespace: text(v.namespace),
    name: text(v.name) };
}

export function referenceFields(json: string): EventFields | undefined {
  const e: unknown = JSON.parse(json);
  if (!isObject(e)) return undefined;
  const annotations = isObject(e.annotations) ? e.annotations : {};
  const status = isObject(e.responseStatus) ? e.responseStatus : {};
  return {
    kind: text(e.kind), apiVersion: text(e.apiVersion), auditID: text(e.auditID), auditIDPacked: false, auditKey: new Int32Array(KEY_WORDS),
    stage: text(e.stage), verb: text(e.verb),
    requestURI: text(e.requestURI), user: user(e.user), impersonatedUser: user(e.impersonatedUser), objectRef: objectRef(e.objectRef),
    decision: text(annotations["authorization.k8s.io/decision"]), reason: text(annotations["authorization.k8s.io/reason"]),
    code: typeof status.code === "number" ? status.code : undefined,
    requestReceivedTimestamp: time(e.requestReceivedTimestamp), stageTimestamp: time(e.stageTimestamp), timestamp: time(e.timestamp),
  };
}
