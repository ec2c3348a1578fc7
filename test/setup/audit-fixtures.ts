import { gzipSync } from "node:zlib";

/** A request as the tests describe it; `auditEvent` turns it into what the API server writes. */
export interface TestRequest {
  auditID: string;
  user: string;
  groups?: string[];
  verb: string;
  resource: string;
  namespace?: string;
  name?: string;
  apiGroup?: string;
  time: number;
  /** The RBAC reason annotation, e.g. `RBAC: allowed by RoleBinding "x/ns" of ClusterRole "y" to ...`. */
  reason?: string;
}

/** A ResponseComplete audit.k8s.io/v1 Event at Metadata level, as kube-apiserver (and EKS) log it. */
export function auditEvent(r: TestRequest): Record<string, unknown> {
  const group = r.apiGroup ?? "";
  const base = group ? `/apis/${group}/v1` : "/api/v1";
  const ns = r.namespace ? `/namespaces/${r.namespace}` : "";
  const at = new Date(r.time).toISOString().replace("Z", "000Z");
  return {
    kind: "Event",
    apiVersion: "audit.k8s.io/v1",
    level: "Metadata",
    auditID: r.auditID,
    stage: "ResponseComplete",
    requestURI: `${base}${ns}/${r.resource}${r.name ? `/${r.name}` : ""}`,
    verb: r.verb,
    user: { username: r.user, groups: r.groups ?? ["system:authenticated"] },
    sourceIPs: ["10.0.12.7"],
    userAgent: "test/1.0",
    objectRef: {
      resource: r.resource,
      ...(r.namespace ? { namespace: r.namespace } : {}),
      ...(r.name ? { name: r.name } : {}),
      ...(group ? { apiGroup: group } : {}),
      apiVersion: "v1",
    },
    responseStatus: { metadata: {}, code: 200 },
    requestReceivedTimestamp: at,
    stageTimestamp: at,
    annotations: {
      "authorization.k8s.io/decision": "allow",
      "authorization.k8s.io/reason": r.reason ?? "",
    },
  };
}

export const jsonLines = (requests: TestRequest[]) => requests.map((r) => JSON.stringify(auditEvent(r))).join("\n") + "\n";

export const eventList = (requests: TestRequest[]) =>
  JSON.stringify({ kind: "EventList", apiVersion: "audit.k8s.io/v1", metadata: {}, items: requests.map(auditEvent) });

/** A CloudWatch Logs subscription record as Firehose delivers EKS control-plane logs to S3. */
export const cloudWatchEnvelope = (requests: TestRequest[]) =>
  JSON.stringify({
    messageType: "DATA_MESSAGE",
    owner: "123456789012",
    logGroup: "/aws/eks/prod/cluster",
    logStream: "kube-apiserver-audit-0123456789abcdef",
    subscriptionFilters: ["audit-to-s3"],
    logEvents: requests.map((r, i) => ({ id: String(i), timestamp: r.time, message: JSON.stringify(auditEvent(r)) })),
  });

export const gzip = (text: string) => gzipSync(Buffer.from(text, "utf8"));

/** `count` requests of one service account, numbered from `from` so that audit IDs never collide. */
export function serviceAccountRequests(
  namespace: string,
  name: string,
  count: number,
  from: number,
  time: number,
  shape: Pick<TestRequest, "verb" | "resource" | "name" | "reason">,
): TestRequest[] {
  return Array.from({ length: count }, (_, i) => ({
    auditID: `${namespace}-${name}-${from + i}`,
    user: `system:serviceaccount:${namespace}:${name}`,
    groups: ["system:serviceaccounts", `system:serviceaccounts:${namespace}`, "system:authenticated"],
    namespace,
    time: time + i * 1000,
    ...shape,
  }));
}
