/**
 * Random audit events for the property tests of the readers: every field sometimes of the wrong type or full of
 * characters that break naive readers, bodies that reuse the event's key names, optional members left out.
 */
import fc from "fast-check";

/** Strings that break naive readers: quotes, backslashes, braces, key names, control and non-ASCII characters. */
export const nasty = fc.array(fc.oneof(
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

export const auditEvent = fc.record({
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
