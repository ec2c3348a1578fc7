/**
 * Audit events as the API server writes them, for every test that needs a log (core, adapters, CLI, end to end):
 * a request described in a few fields, the files and envelopes log backends deliver it in, and a way to run text
 * through the decoder.
 */
import { gzipSync } from "node:zlib";
import { AuditDecoder, type DecoderOptions } from "../../src/audit/decoder.ts";
import type { AuditRequest, DecodeStats } from "../../src/audit/request.ts";

export type Json = Record<string, unknown>;

/** A request as a test describes it; `event` writes it as kube-apiserver logs it. */
export interface EventSpec {
  /** username; `sa:ns:name` is shorthand for a service account (with its groups). */
  user: string;
  groups?: string[];
  verb: string;
  /** `resource` or `resource/subresource`; omit with `path` for a non-resource URL. */
  resource?: string;
  apiGroup?: string;
  namespace?: string;
  name?: string;
  path?: string;
  /** requestReceivedTimestamp: ms since the epoch, or an ISO time written as given. */
  at: number | string;
  code?: number;
  stage?: string;
  auditID?: string;
  /** Impersonated username (the request runs as it). */
  as?: string;
  asGroups?: string[];
  /**
   * The authorization annotations, written when either is given: the decision then follows `code` unless given,
   * the reason is "" unless given. Without them (as older API servers write) attribution evaluates RBAC.
   */
  decision?: "allow" | "forbid";
  reason?: string;
}

let serial = 0;
const nextAuditID = () => `00000000-0000-4000-8000-${String(++serial).padStart(12, "0")}`;

export function serviceAccountGroups(namespace: string): string[] {
  return ["system:serviceaccounts", `system:serviceaccounts:${namespace}`, "system:authenticated"];
}

function userOf(name: string, groups?: string[]): { username: string; groups: string[] } {
  if (name.startsWith("sa:")) {
    const [, ns, sa] = name.split(":") as [string, string, string];
    return { username: `system:serviceaccount:${ns}:${sa}`, groups: groups ?? serviceAccountGroups(ns) };
  }
  return { username: name, groups: groups ?? ["system:authenticated"] };
}

/** One audit event of the request: final stage, Metadata level, audit.k8s.io/v1. */
export function event(spec: EventSpec): Json {
  const [resource = "", subresource] = (spec.resource ?? "").split("/");
  const group = spec.apiGroup ?? "";
  const base = group === "" ? "/api/v1" : `/apis/${group}/v1`;
  const uri = spec.path
    ? spec.path
    : `${base}${spec.namespace ? `/namespaces/${spec.namespace}` : ""}/${resource}${spec.name ? `/${spec.name}` : ""}${subresource ? `/${subresource}` : ""}`;
  const code = spec.code ?? 200;
  // kube-apiserver writes microseconds.
  const at = typeof spec.at === "number" ? new Date(spec.at).toISOString().replace("Z", "000Z") : spec.at;
  const objectRef = spec.path
    ? undefined
    : {
        resource,
        ...(subresource ? { subresource } : {}),
        ...(spec.namespace ? { namespace: spec.namespace } : {}),
        ...(spec.name ? { name: spec.name } : {}),
        ...(group ? { apiGroup: group } : {}),
        apiVersion: group ? `${group}/v1` : "v1",
      };
  const annotated = spec.decision !== undefined || spec.reason !== undefined;
  return {
    kind: "Event",
    apiVersion: "audit.k8s.io/v1",
    level: "Metadata",
    auditID: spec.auditID ?? nextAuditID(),
    stage: spec.stage ?? "ResponseComplete",
    requestURI: uri,
    verb: spec.verb,
    user: userOf(spec.user, spec.groups),
    ...(spec.as ? { impersonatedUser: userOf(spec.as, spec.asGroups) } : {}),
    sourceIPs: ["10.0.0.1"],
    userAgent: "kubectl/v1.31.2",
    ...(objectRef ? { objectRef } : {}),
    responseStatus: { metadata: {}, code },
    requestReceivedTimestamp: at,
    stageTimestamp: at,
    ...(annotated
      ? { annotations: { "authorization.k8s.io/decision": spec.decision ?? (code === 403 ? "forbid" : "allow"), "authorization.k8s.io/reason": spec.reason ?? "" } }
      : {}),
  };
}

/**
 * An allowed get of pod dev/web-1 by alice, answered 100 ms after it was received; `overrides` replace or add
 * top-level fields (undefined removes).
 */
export function auditEvent(overrides: Json = {}): Json {
  const sample: Json = {
    ...event({
      user: "alice", groups: ["devs", "system:authenticated"], verb: "get", resource: "pods", namespace: "dev", name: "web-1",
      at: "2024-05-01T10:00:00.123456Z", reason: 'RBAC: allowed by RoleBinding "dev"',
    }),
    stageTimestamp: "2024-05-01T10:00:00.223456Z",
    ...overrides,
  };
  for (const [k, v] of Object.entries(sample)) if (v === undefined) delete sample[k];
  return sample;
}

/** The same request as RequestReceived then ResponseComplete (the log backend writes both). */
export function withReceived(spec: EventSpec): Json[] {
  const id = spec.auditID ?? nextAuditID();
  return [event({ ...spec, auditID: id, stage: "RequestReceived" }), event({ ...spec, auditID: id })];
}

/** Many identical requests at the given times. */
export function repeated(spec: Omit<EventSpec, "at">, times: readonly string[]): Json[] {
  return times.map((at) => event({ ...spec, at }));
}

/** `count` allowed requests of one service account, audit IDs numbered from `from` so that they never collide. */
export function serviceAccountRequests(
  namespace: string,
  name: string,
  count: number,
  from: number,
  time: number,
  shape: Pick<EventSpec, "verb" | "resource" | "name" | "reason">,
): Json[] {
  return Array.from({ length: count }, (_, i) =>
    event({ user: `sa:${namespace}:${name}`, namespace, at: time + i * 1000, auditID: `${namespace}-${name}-${from + i}`, decision: "allow", ...shape }),
  );
}

/** Reads of configmaps config-0, config-1, … by `namespace`/app, a second apart: each is distinct, so counts are easy to check. */
export function configmapReads(count: number, from: number, namespace = "shop"): Json[] {
  return Array.from({ length: count }, (_, i) =>
    event({
      user: `sa:${namespace}:app`, verb: "get", resource: "configmaps", namespace, name: `config-${i}`,
      at: from + i * 1000, reason: `RBAC: allowed by RoleBinding "app/${namespace}" of ClusterRole "edit" to ServiceAccount "app/${namespace}"`,
    }),
  );
}

/** JSON lines of the events (the log backend). */
export function jsonLines(events: readonly unknown[]): string {
  return events.map((e) => JSON.stringify(e)).join("\n") + "\n";
}

/** An EventList (the webhook backend). */
export const eventList = (events: readonly unknown[]): string => JSON.stringify({ kind: "EventList", apiVersion: "audit.k8s.io/v1", metadata: {}, items: events });

/** A CloudWatch Logs subscription record, as Firehose delivers EKS control-plane logs to S3. */
export function cloudWatchEnvelope(events: readonly Json[]): string {
  return JSON.stringify({
    messageType: "DATA_MESSAGE",
    owner: "123456789012",
    logGroup: "/aws/eks/prod/cluster",
    logStream: "kube-apiserver-audit-0123456789abcdef",
    subscriptionFilters: ["audit-to-s3"],
    logEvents: events.map((e, i) => ({ id: String(i).padStart(56, "3"), timestamp: Date.parse(String(e.requestReceivedTimestamp)), message: JSON.stringify(e) })),
  });
}

/** A Firehose S3 object from a CloudWatch Logs subscription: gzipped records concatenated, health check first. */
export function firehoseObject(events: readonly Json[]): Buffer {
  const control = { messageType: "CONTROL_MESSAGE", owner: "CloudwatchLogs", logGroup: "", logStream: "", subscriptionFilters: [], logEvents: [{ id: "", timestamp: 0, message: "CWL CONTROL MESSAGE: Checking health of destination Firehose." }] };
  return Buffer.concat([gzip(JSON.stringify(control)), gzip(cloudWatchEnvelope(events))]);
}

export const gzip = (text: string): Buffer => gzipSync(Buffer.from(text, "utf8"));

export interface Decoded {
  requests: AuditRequest[];
  stats: DecodeStats;
}

/** Decodes `input` pushed as the given chunks (byte offsets where to cut). */
export function decode(input: string | Uint8Array, cuts: number[] = [], options?: DecoderOptions): Decoded {
  const bytes = typeof input === "string" ? new TextEncoder().encode(input) : input;
  const requests: AuditRequest[] = [];
  const decoder = new AuditDecoder((r) => requests.push(r), options);
  let from = 0;
  for (const cut of [...cuts, bytes.length]) {
    decoder.push(bytes.subarray(from, cut));
    from = cut;
  }
  decoder.end();
  return { requests, stats: decoder.stats };
}

/** Decodes one event and returns its request, or the reason it was skipped. */
export function decodeOne(event: unknown): AuditRequest | string {
  const { requests, stats } = decode(JSON.stringify(event) + "\n");
  if (requests.length === 1) return requests[0]!;
  const reasons = Object.keys(stats.skipped);
  return reasons.length === 1 ? reasons[0]! : `unexpected: ${JSON.stringify(stats)}`;
}
