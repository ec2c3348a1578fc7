/** Audit events as the API server writes them, and a way to run text through the decoder. */
import { AuditDecoder, type DecoderOptions } from "../../src/audit/decoder.ts";
import type { AuditRequest, DecodeStats } from "../../src/audit/request.ts";

export type Json = Record<string, unknown>;

let nextId = 0;

/** A final-stage, allowed, Metadata-level v1 event; `overrides` replace or add top-level fields (undefined removes). */
export function auditEvent(overrides: Json = {}): Json {
  const event: Json = {
    kind: "Event",
    apiVersion: "audit.k8s.io/v1",
    level: "Metadata",
    auditID: `00000000-0000-4000-8000-${String(++nextId).padStart(12, "0")}`,
    stage: "ResponseComplete",
    requestURI: "/api/v1/namespaces/dev/pods/web-1",
    verb: "get",
    user: { username: "alice", groups: ["devs", "system:authenticated"] },
    sourceIPs: ["10.0.0.1"],
    userAgent: "kubectl/v1.29.2",
    objectRef: { resource: "pods", namespace: "dev", name: "web-1", apiVersion: "v1" },
    responseStatus: { metadata: {}, code: 200 },
    requestReceivedTimestamp: "2024-05-01T10:00:00.123456Z",
    stageTimestamp: "2024-05-01T10:00:00.223456Z",
    annotations: { "authorization.k8s.io/decision": "allow", "authorization.k8s.io/reason": "RBAC: allowed by RoleBinding \"dev\"" },
  };
  for (const [k, v] of Object.entries(overrides)) {
    if (v === undefined) delete event[k];
    else event[k] = v;
  }
  return event;
}

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

/** JSON lines of the events. */
export function jsonLines(events: readonly unknown[]): string {
  return events.map((e) => JSON.stringify(e)).join("\n") + "\n";
}

/** Decodes one event and returns its request, or the reason it was skipped. */
export function decodeOne(event: unknown): AuditRequest | string {
  const { requests, stats } = decode(JSON.stringify(event) + "\n");
  if (requests.length === 1) return requests[0]!;
  const reasons = Object.keys(stats.skipped);
  return reasons.length === 1 ? reasons[0]! : `unexpected: ${JSON.stringify(stats)}`;
}
