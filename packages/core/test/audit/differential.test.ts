import fc from "fast-check";
import { describe, expect, it } from "vitest";
import type { AuditRequest } from "../../src/audit/request.ts";
import { RequestSink } from "../../src/audit/request-sink.ts";
import { decode } from "./events.ts";
import { JsonWriter } from "./json-writer.ts";
import { referenceFields } from "./reference.ts";

/** Strings that break naive readers: quotes, backslashes, braces, key names, control and non-ASCII characters. */
const nasty = fc.array(fc.oneof(
  fc.string({ unit: "binary", maxLength: 6 }),
  fc.constantFrom("\"", "\\", "\\\"", "{", "}", "[", "]", ",", ":", "\u0000", "\n", "\u2028", "\ud800", "\udc00", "é", "日本", "😀",
    "verb", "\"verb\":\"delete\"", "user", "}}]", "authorization.k8s.io/decision"),
), { maxLength: 5 }).map((parts) => parts.join(""));

const wrongType = fc.oneof(fc.integer(), fc.boolean(), fc.constant(null), fc.constant([]), fc.constant({}), fc.double());
const field = <T>(values: fc.Arbitrary<T>) => fc.oneof({ weight: 8, arbitrary: values }, { weight: 1, arbitrary: wrongType },
  { weight: 1, arbitrary: nasty });

const verb = field(fc.constantFrom("get", "list", "watch", "create", "update", "patch", "delete", "deletecollection"));
const timestamp = field(fc.oneof(
  fc.date({ min: new Date("1970-01-01"), max: new Date("2100-01-01"), noInvalidDate: true }).map((d) => d.toISOString()),
  fc.constantFrom("2024-05-01T10:00:01.000001Z", "2024-05-01T10:00:01.123456789Z", "2017-09-11T19:55:05Z", "2024-05-01T12:00:00+02:00"),
));
const userInfo = fc.record({ username: field(fc.constantFrom("alice", "system:serviceaccount:ns:sa", "bob@example.com")),
  groups: fc.oneof(fc.array(fc.oneof(nasty, fc.constantFrom("system:authenticated", "devs")), { maxLength: 3 }), wrongType),
  uid: nasty, extra: fc.dictionary(nasty, fc.array(nasty)) }, { requiredKeys: [] });
const objectRef = fc.record({ apiGroup: field(fc.constantFrom("", "apps", "rbac.authorization.k8s.io")),
  resource: field(fc.constantFrom("pods", "deployments", "")), subresource: field(fc.constantFrom("log", "status")),
  namespace: field(fc.constantFrom("dev", "kube-system")), name: field(fc.constantFrom("web-1", "x")), apiVersion: nasty }, { requiredKeys: [] });
const annotations = fc.record({ "authorization.k8s.io/decision": field(fc.constantFrom("allow", "forbid")),
  "authorization.k8s.io/reason": field(fc.constantFrom("", "RBAC: allowed by RoleBinding \"a/b\"",
    // Over the 64-byte intern slots, sharing a long prefix: cached by their bytes, so they must not collide.
    "RBAC: allowed by ClusterRoleBinding \"system:controller:job-controller\" of ClusterRole \"system:controller:job-controller\"",
    "RBAC: allowed by ClusterRoleBinding \"system:controller:job-controller\" of ClusterRole \"system:controller:job-controllex\"",
    "RBAC: allowed by ClusterRoleBinding \"system:controller:job-controller\" of ClusterRole \"système:controller:job-controller\"")), other: nasty }, { requiredKeys: [] });
/** A body that reuses the event's key names: none of it may leak into the request. */
const body = fc.record({ verb: fc.constant("delete"), user: userInfo, objectRef, annotations, kind: fc.constant("Secret"),
  stage: fc.constant("ResponseComplete"), data: fc.jsonValue({ maxDepth: 3 }) }, { requiredKeys: [] });

const auditEvent = fc.record({
  kind: field(fc.constantFrom("Event", "EventList", "Pod")),
  apiVersion: field(fc.constantFrom("audit.k8s.io/v1", "audit.k8s.io/v1beta1", "v1")),
  level: fc.constantFrom("Metadata", "Request", "RequestResponse"),
  auditID: field(fc.oneof(fc.uuid(), fc.constantFrom("dup-1", "dup-2"))),
  stage: field(fc.constantFrom("ResponseComplete", "Panic", "RequestReceived", "ResponseStarted")),
  requestURI: field(fc.constantFrom("/api/v1/namespaces/dev/pods/web-1/log", "/healthz?timeout=32s", "/apis/apps/v1", "/apis", "/x?y=1")),
  verb,
  user: fc.oneof({ weight: 9, arbitrary: userInfo }, { weight: 1, arbitrary: wrongType }),
  impersonatedUser: userInfo,
  objectRef: fc.oneof({ weight: 9, arbitrary: objectRef }, { weight: 1, arbitrary: wrongType }),
  annotations: fc.oneof({ weight: 9, arbitrary: annotations }, { weight: 1, arbitrary: wrongType }),
  responseStatus: fc.record({ code: field(fc.constantFrom(200, 201, 401, 403, 404, 500, 403.5, -0)), message: nasty }, { requiredKeys: [] }),
  requestReceivedTimestamp: timestamp, stageTimestamp: timestamp, timestamp,
  requestObject: body, responseObject: body, userAgent: nasty, sourceIPs: fc.array(nasty, { maxLength: 2 }),
}, { requiredKeys: ["kind", "auditID", "stage", "verb", "user"] });

/** What JSON.parse-ing each event on its own makes of them. */
function reference(texts: readonly string[]): { requests: AuditRequest[]; stats: RequestSink["stats"] } {
  const requests: AuditRequest[] = [];
  const sink = new RequestSink((r) => requests.push(r), 100_000);
  for (const t of texts) {
    const fields = referenceFields(t);
    if (fields === undefined) sink.skip("not-audit-event");
    else sink.event(fields);
  }
  return { requests, stats: sink.stats };
}

describe("the fast reader equals JSON.parse", () => {
  it("on random events, written with shuffled keys, escapes and whitespace, cut into random chunks", () => {
    fc.assert(fc.property(
      fc.array(auditEvent, { minLength: 1, maxLength: 8 }), fc.integer(), fc.array(fc.nat(), { maxLength: 6 }),
      fc.constantFrom("\n", "", " "),
      (events, seed, cutSeeds, separator) => {
        const writer = new JsonWriter(seed);
        const texts = events.map((e) => writer.write(e));
        const input = new TextEncoder().encode(texts.join(separator));
        const cuts = [...new Set(cutSeeds.map((c) => c % (input.length + 1)))].sort((a, b) => a - b);
        const fast = decode(input, cuts);
        const slow = reference(texts);
        expect(fast.requests).toEqual(slow.requests);
        expect({ ...fast.stats, bytes: 0 }).toEqual({ ...slow.stats, bytes: 0 });
      },
    ), { numRuns: 400 });
  });
});
