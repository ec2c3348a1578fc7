/** Turns one request of the demo's traffic into the audit events a kube-apiserver writes for it. */
import type { Random } from "./random.ts";

export interface Identity {
  username: string;
  groups: string[];
  uid?: string;
  extra?: Record<string, string[]>;
}

export interface Target {
  group: string;
  version: string;
  resource: string;
  subresource?: string;
  namespace?: string;
  name?: string;
}

export interface RequestSpec {
  time: number;
  user: Identity;
  impersonatedUser?: Identity;
  verb: string;
  target?: Target;
  /** Non-resource URL (with query string, as requestURI carries it). */
  path?: string;
  query?: string;
  code: number;
  /** authorization.k8s.io/reason for allowed requests; "" when RBAC did not decide. */
  reason: string;
  userAgent: string;
  sourceIP: string;
}

export type AuditEvent = Record<string, unknown>;

function requestURI(spec: RequestSpec): string {
  if (spec.path !== undefined) return spec.path;
  const t = spec.target!;
  const base = t.group === "" ? `/api/${t.version}` : `/apis/${t.group}/${t.version}`;
  const ns = t.namespace ? `/namespaces/${t.namespace}` : "";
  // create posts to the collection, so the URI has no name even though objectRef does.
  const name = t.name && spec.verb !== "create" ? `/${t.name}` : "";
  const sub = t.subresource ? (name ? `/${t.subresource}` : `/${t.name}/${t.subresource}`) : "";
  const query = spec.query ? `?${spec.query}` : "";
  return `${base}${ns}/${t.resource}${name}${sub}${query}`;
}

function objectRef(t: Target): Record<string, string> {
  return {
    resource: t.resource,
    ...(t.namespace ? { namespace: t.namespace } : {}),
    ...(t.name ? { name: t.name } : {}),
    ...(t.group ? { apiGroup: t.group } : {}),
    apiVersion: t.version,
    ...(t.subresource ? { subresource: t.subresource } : {}),
  };
}

function responseStatus(spec: RequestSpec): Record<string, unknown> {
  if (spec.code < 400) return { metadata: {}, code: spec.code };
  if (spec.code === 409) {
    const name = spec.target?.name ?? "";
    return { metadata: {}, status: "Failure", message: `${spec.target?.resource} "${name}" already exists`, reason: "AlreadyExists", details: { name, kind: spec.target?.resource }, code: 409 };
  }
  const who = spec.impersonatedUser ?? spec.user;
  const what = spec.target ? `${spec.target.resource}${spec.target.group ? `.${spec.target.group}` : ""}` : spec.path;
  const where = spec.target?.namespace ? ` in the namespace "${spec.target.namespace}"` : spec.target ? " at the cluster scope" : "";
  return {
    metadata: {},
    status: "Failure",
    message: `${what} is forbidden: User "${who.username}" cannot ${spec.verb} resource "${spec.target?.resource ?? spec.path}"${where}`,
    reason: "Forbidden",
    details: spec.target ? { kind: spec.target.resource, ...(spec.target.name ? { name: spec.target.name } : {}) } : {},
    code: spec.code,
  };
}

/** RFC 3339 with microseconds, as the API server writes them. */
const stamp = (micros: number): string =>
  `${new Date(Math.floor(micros / 1_000_000) * 1000).toISOString().slice(0, 19)}.${String(micros % 1_000_000).padStart(6, "0")}Z`;

/**
 * The events of one request: always ResponseComplete; for some a RequestReceived first (audit policies that do
 * not omit that stage) and, for watch and exec, ResponseStarted; the analysis must count the request once.
 */
export function auditEvents(spec: RequestSpec, random: Random, withAnnotations: boolean): AuditEvent[] {
  const auditID = random.uuid();
  const start = spec.time * 1000 + random.int(1000);
  const received = stamp(start);
  // Watches stay open for minutes; everything else completes within milliseconds.
  const finished = stamp(start + (spec.verb === "watch" ? 300_000_000 + random.int(240_000_000) : 800 + random.int(40_000)));
  const common: AuditEvent = {
    kind: "Event",
    apiVersion: "audit.k8s.io/v1",
    level: "Metadata",
    auditID,
    stage: "ResponseComplete",
    requestURI: requestURI(spec),
    verb: spec.verb,
    user: spec.user,
    ...(spec.impersonatedUser ? { impersonatedUser: spec.impersonatedUser } : {}),
    sourceIPs: [spec.sourceIP],
    userAgent: spec.userAgent,
    ...(spec.target ? { objectRef: objectRef(spec.target) } : {}),
  };
  const annotations = withAnnotations
    ? { annotations: { "authorization.k8s.io/decision": spec.code === 403 ? "forbid" : "allow", "authorization.k8s.io/reason": spec.code === 403 ? "" : spec.reason } }
    : {};
  const events: AuditEvent[] = [];
  if (random.chance(0.3)) events.push({ ...common, stage: "RequestReceived", requestReceivedTimestamp: received, stageTimestamp: received });
  if (spec.verb === "watch" || spec.code === 101) {
    events.push({ ...common, stage: "ResponseStarted", responseStatus: { metadata: {}, code: spec.code }, requestReceivedTimestamp: received, stageTimestamp: received, ...annotations });
  }
  events.push({ ...common, responseStatus: responseStatus(spec), requestReceivedTimestamp: received, stageTimestamp: finished, ...annotations });
  return events;
}
