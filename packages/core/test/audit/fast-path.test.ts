import { describe, expect, it } from "vitest";
import { auditEvent, decode, decodeOne, jsonLines } from "./events.ts";

describe("only top-level fields are read", () => {
  it("request and response bodies that reuse the event's key names change nothing", () => {
    const decoy = {
      kind: "Event", verb: "delete", stage: "Panic", user: { username: "mallory", groups: ["system:masters"] },
      impersonatedUser: { username: "eve" }, objectRef: { resource: "secrets", name: "all" }, requestURI: "/api/v1/secrets",
      annotations: { "authorization.k8s.io/decision": "forbid", "authorization.k8s.io/reason": "decoy" },
      responseStatus: { code: 401 }, requestReceivedTimestamp: "1999-01-01T00:00:00Z", auditID: "decoy",
    };
    const plain = decodeOne(auditEvent());
    const withBodies = decodeOne(auditEvent({ level: "RequestResponse", requestObject: decoy, responseObject: { items: [decoy], nested: { deeper: decoy } } }));
    expect(withBodies).toEqual(plain);
  });

  it("a body before the event's own fields does not hide them", () => {
    const bodyFirst = { requestObject: { verb: "delete", user: { username: "mallory" } }, ...auditEvent() };
    expect(Object.keys(bodyFirst)[0]).toBe("requestObject");
    expect(decodeOne(bodyFirst)).toMatchObject({ verb: "get", user: { name: "alice" } });
  });

  it("annotations other than RBAC's are ignored", () => {
    const annotations = { "pod-security.kubernetes.io/enforce-policy": "restricted", "authorization.k8s.io/decision": "forbid" };
    expect(decodeOne(auditEvent({ annotations }))).toMatchObject({ outcome: "forbid" });
  });
});

describe("as log shippers write JSON", () => {
  it("keys in any order", () => {
    const event = auditEvent();
    const reversed = Object.fromEntries(Object.entries(event).reverse());
    expect(decodeOne(reversed)).toEqual(decodeOne(event));
  });

  it("keys written with \\u escapes", () => {
    const line = JSON.stringify(auditEvent()).replace('"verb":"get"', '"\\u0076erb":"\\u0067et"').replace('"user":', '"\\u0075ser":');
    expect(decode(line).requests[0]).toMatchObject({ verb: "get", user: { name: "alice" } });
  });

  it("strings with escaped quotes, braces and non-ASCII text", () => {
    const username = 'J\u00fcrgen "the {admin}" \\ \u65e5\u672c \ud83d\ude00';
    const reason = 'RBAC: allowed by RoleBinding "a}{b" of Role "c\\"d"';
    const r = decodeOne(auditEvent({ user: { username, groups: ["\u00e9quipe"] },
      annotations: { "authorization.k8s.io/reason": reason } }));
    expect(r).toMatchObject({ user: { name: username, groups: ["\u00e9quipe"] }, reason });
  });

  it("the same text escaped differently is the same request", () => {
    const a = '{"kind":"Event","apiVersion":"audit.k8s.io/v1","auditID":"1","stage":"ResponseComplete","verb":"get",' +
      '"requestURI":"/healthz","user":{"username":"caf\u00e9"},"stageTimestamp":"2024-05-01T10:00:00Z"}';
    const b = a.replace("caf\u00e9", "caf\\u00e9").replace('"auditID":"1"', '"auditID":"2"');
    const { requests } = decode(`${a}\n${b}\n`);
    expect(requests.map((r) => r.user.name)).toEqual(["caf\u00e9", "caf\u00e9"]);
  });

  it("fields of the wrong type count as absent", () => {
    expect(decodeOne(auditEvent({ verb: 7 }))).toBe("missing-fields");
    expect(decodeOne(auditEvent({ objectRef: null, requestURI: "/healthz" }))).toMatchObject({ resourceRequest: false, path: "/healthz" });
    expect(decodeOne(auditEvent({ user: { username: "bob", groups: "devs" } }))).toMatchObject({ user: { name: "bob", groups: [] } });
  });

  it("requests share one identity object per user and groups", () => {
    const { requests } = decode(jsonLines([auditEvent(), auditEvent()]));
    expect(requests[0]!.user).toBe(requests[1]!.user);
  });
});
