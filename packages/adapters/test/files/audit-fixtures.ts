/** Audit events and RBAC objects for tests, written by the tests themselves (shape of a real kube-apiserver log). */
import { randomUUID } from "node:crypto";
import { gzipSync } from "node:zlib";

export interface EventSpec {
  user: string;
  groups?: string[];
  verb: string;
  resource?: string;
  apiGroup?: string;
  namespace?: string;
  name?: string;
  subresource?: string;
  /** A non-resource URL instead of a resource. */
  path?: string;
  code?: number;
  /** ms since the epoch, or an ISO time. */
  time: number | string;
  /** `authorization.k8s.io/reason`; without it the event has no annotations (as older API servers write). */
  reason?: string;
  stage?: string;
  auditID?: string;
}

export function serviceAccountGroups(namespace: string): string[] {
  return ["system:serviceaccounts", `system:serviceaccounts:${namespace}`, "system:authenticated"];
}

export function auditEvent(spec: EventSpec): Record<string, unknown> {
  const time = new Date(spec.time).toISOString();
  const code = spec.code ?? 200;
  const objectRef = spec.resource
    ? {
        resource: spec.resource,
        ...(spec.namespace ? { namespace: spec.namespace } : {}),
        ...(spec.name ? { name: spec.name } : {}),
        ...(spec.apiGroup ? { apiGroup: spec.apiGroup } : {}),
        apiVersion: "v1",
        ...(spec.subresource ? { subresource: spec.subresource } : {}),
      }
    : undefined;
  return {
    kind: "Event",
    apiVersion: "audit.k8s.io/v1",
    level: "Metadata",
    auditID: spec.auditID ?? randomUUID(),
    stage: spec.stage ?? "ResponseComplete",
    requestURI: spec.path ?? requestURI(spec),
    verb: spec.verb,
    user: { username: spec.user, groups: spec.groups ?? ["system:authenticated"] },
    sourceIPs: ["10.0.0.7"],
    userAgent: "kubectl/v1.31.2 (linux/amd64) kubernetes/5864a46",
    ...(objectRef ? { objectRef } : {}),
    responseStatus: { metadata: {}, code },
    requestReceivedTimestamp: time,
    stageTimestamp: time,
    ...(spec.reason === undefined
      ? {}
      : { annotations: { "authorization.k8s.io/decision": code === 403 ? "forbid" : "allow", "authorization.k8s.io/reason": spec.reason } }),
  };
}

function requestURI(spec: EventSpec): string {
  const base = spec.apiGroup ? `/apis/${spec.apiGroup}/v1` : "/api/v1";
  const ns = spec.namespace ? `/namespaces/${spec.namespace}` : "";
  const name = spec.name ? `/${spec.name}` : "";
  const sub = spec.subresource ? `/${spec.subresource}` : "";
  return `${base}${ns}/${spec.resource}${name}${sub}`;
}

export const jsonLines = (events: object[]): string => events.map((e) => `${JSON.stringify(e)}\n`).join("");

export const eventList = (events: object[]): string => JSON.stringify({ kind: "EventList", apiVersion: "audit.k8s.io/v1", metadata: {}, items: events });

/** A Firehose S3 object from a CloudWatch Logs subscription: gzipped envelopes concatenated, health check first. */
export function firehoseObject(events: Array<Record<string, unknown>>): Buffer {
  const control = { messageType: "CONTROL_MESSAGE", owner: "CloudwatchLogs", logGroup: "", logStream: "", subscriptionFilters: [], logEvents: [{ id: "", timestamp: 0, message: "CWL CONTROL MESSAGE: Checking health of destination Firehose." }] };
  const data = {
    messageType: "DATA_MESSAGE",
    owner: "123456789012",
    logGroup: "/aws/eks/test/cluster",
    logStream: "kube-apiserver-audit-0123456789abcdef",
    subscriptionFilters: ["audit"],
    logEvents: events.map((event, i) => ({ id: String(i).padStart(56, "3"), timestamp: Date.parse(String(event.stageTimestamp)), message: JSON.stringify(event) })),
  };
  return Buffer.concat([gzipSync(JSON.stringify(control)), gzipSync(JSON.stringify(data))]);
}

/** Names of pods/configmaps etc. that make each event distinct, so counts are easy to check. */
export function configmapReads(count: number, from: number, namespace = "shop"): Array<Record<string, unknown>> {
  return Array.from({ length: count }, (_, i) =>
    auditEvent({
      user: `system:serviceaccount:${namespace}:app`, groups: serviceAccountGroups(namespace), verb: "get", resource: "configmaps", namespace, name: `config-${i}`,
      time: from + i * 1000, reason: `RBAC: allowed by RoleBinding "app/${namespace}" of ClusterRole "edit" to ServiceAccount "app/${namespace}"`,
    }),
  );
}
