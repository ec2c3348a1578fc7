import { describe, expect, it } from "vitest";
import type { AuditRequest } from "../../src/audit/request.ts";
import { auditEvent, decode, decodeOne, jsonLines, type Json } from "./events.ts";

function request(overrides: Json): AuditRequest {
  const r = decodeOne(auditEvent(overrides));
  if (typeof r === "string") throw new Error(`skipped: ${r}`);
  return r;
}

describe("which events become requests", () => {
  it.each([
    ["ResponseComplete", "request"],
    ["Panic", "request"],
    ["RequestReceived", "not-final-stage"],
    ["ResponseStarted", "not-final-stage"],
  ])("stage %s → %s", (stage, want) => {
    const r = decodeOne(auditEvent({ stage }));
    expect(typeof r === "string" ? r : "request").toBe(want);
  });

  it.each<[string, Json, string]>([
    ["audit.k8s.io/v1 Event", {}, "request"],
    ["audit.k8s.io/v1beta1 Event", { apiVersion: "audit.k8s.io/v1beta1" }, "request"],
    ["falco trace without apiVersion", { apiVersion: undefined }, "request"],
    ["EventList item without kind and apiVersion", { kind: undefined, apiVersion: undefined }, "request"],
    ["core v1 Event without auditID", { apiVersion: "v1", auditID: undefined }, "not-audit-event"],
    ["no kind and no stage", { kind: undefined, stage: undefined }, "not-audit-event"],
  ])("%s → %s", (_, overrides, want) => {
    const r = decodeOne(auditEvent(overrides));
    expect(typeof r === "string" ? r : "request").toBe(want);
  });

  it("drops an audit ID seen before, but not the RequestReceived copy of the same request", () => {
    const first = auditEvent();
    const lines = jsonLines([{ ...first, stage: "RequestReceived" }, first, first]);
    const { requests, stats } = decode(lines);
    expect(requests).toHaveLength(1);
    expect(stats.skipped).toEqual({ "not-final-stage": 1, "duplicate-audit-id": 1 });
  });

  it("remembers at least the last dedupeWindow audit IDs, and forgets IDs more than twice that far back", () => {
    const [a, b, c, d, e] = [auditEvent(), auditEvent(), auditEvent(), auditEvent(), auditEvent()];
    expect(decode(jsonLines([a, b, a]), [], { dedupeWindow: 2 }).requests).toHaveLength(2);
    expect(decode(jsonLines([a, b, c, d, e, a]), [], { dedupeWindow: 2 }).requests).toHaveLength(6);
  });

  it.each<[string, Json]>([
    ["username", { user: { groups: ["devs"] } }],
    ["user", { user: undefined }],
    ["verb", { verb: undefined }],
    ["every timestamp", { requestReceivedTimestamp: undefined, stageTimestamp: undefined }],
    ["objectRef and requestURI", { objectRef: undefined, requestURI: undefined }],
  ])("missing %s → missing-fields", (_, overrides) => {
    expect(decodeOne(auditEvent(overrides))).toBe("missing-fields");
  });
});

describe("subject", () => {
  it("is the user, with groups", () => {
    expect(request({}).user).toEqual({ name: "alice", groups: ["devs", "system:authenticated"] });
    expect(request({}).impersonator).toBeUndefined();
  });

  it("defaults groups to none", () => {
    expect(request({ user: { username: "bob" } }).user).toEqual({ name: "bob", groups: [] });
  });

  it("is the impersonated user when impersonation succeeded, with the impersonator kept", () => {
    const r = request({ user: { username: "admin", groups: ["system:masters"] }, impersonatedUser: { username: "bob", groups: ["qa"] } });
    expect(r.user).toEqual({ name: "bob", groups: ["qa"] });
    expect(r.impersonator).toEqual({ name: "admin", groups: ["system:masters"] });
  });
});

describe("request attributes from objectRef", () => {
  it.each<[string, Json, Partial<AuditRequest>]>([
    ["core group is empty", { resource: "pods", namespace: "dev", name: "web-1", apiVersion: "v1" },
      { apiGroup: "", resource: "pods", subresource: "", namespace: "dev", name: "web-1" }],
    ["named group and subresource", { apiGroup: "apps", resource: "deployments", subresource: "scale", namespace: "dev", name: "web" },
      { apiGroup: "apps", resource: "deployments", subresource: "scale", namespace: "dev", name: "web" }],
    ["cluster-scoped", { apiGroup: "rbac.authorization.k8s.io", resource: "clusterroles", name: "view" },
      { apiGroup: "rbac.authorization.k8s.io", resource: "clusterroles", namespace: "", name: "view" }],
  ])("%s", (_, objectRef, want) => {
    expect(request({ objectRef })).toMatchObject({ resourceRequest: true, path: "", ...want });
  });

  it("wins over the request URI", () => {
    expect(request({ requestURI: "/x?y=1" })).toMatchObject({ resourceRequest: true, resource: "pods", name: "web-1" });
  });
});

describe("request attributes from the URI when there is no objectRef", () => {
  it.each<[string, Partial<AuditRequest>]>([
    ["/api/v1/namespaces/dev/pods/web-1/log?container=app",
      { resourceRequest: true, apiGroup: "", resource: "pods", namespace: "dev", name: "web-1", subresource: "log" }],
    ["/apis/apps/v1/deployments", { resourceRequest: true, apiGroup: "apps", resource: "deployments", namespace: "" }],
    ["/healthz?timeout=32s", { resourceRequest: false, path: "/healthz", resource: "" }],
    ["/apis/apps/v1", { resourceRequest: false, path: "/apis/apps/v1" }],
  ])("%s", (requestURI, want) => {
    expect(request({ objectRef: undefined, requestURI })).toMatchObject(want);
  });
});

describe("object names RBAC cannot restrict are dropped", () => {
  it.each([
    ["create", ""],
    ["list", ""],
    ["watch", ""],
    ["deletecollection", ""],
    ["get", "web-1"],
    ["update", "web-1"],
    ["patch", "web-1"],
    ["delete", "web-1"],
  ])("%s → name %j", (verb, name) => {
    expect(request({ verb }).name).toBe(name);
  });

  it("also when the name comes from the URI", () => {
    expect(request({ verb: "watch", objectRef: undefined, requestURI: "/api/v1/namespaces/dev/pods/web-1?watch=true" }).name).toBe("");
  });
});

describe("outcome", () => {
  const annotations = (decision: string) => ({ "authorization.k8s.io/decision": decision, "authorization.k8s.io/reason": "" });
  it.each<[string, Json, string]>([
    ["decision allow", { annotations: annotations("allow"), responseStatus: { code: 403 } }, "allow"],
    ["decision forbid", { annotations: annotations("forbid"), responseStatus: { code: 200 } }, "forbid"],
    ["403 without decision", { annotations: undefined, responseStatus: { code: 403 } }, "forbid"],
    ["200", { annotations: undefined, responseStatus: { code: 200 } }, "allow"],
    ["201", { annotations: undefined, responseStatus: { code: 201 } }, "allow"],
    ["404: passed authorization", { annotations: undefined, responseStatus: { code: 404 } }, "allow"],
    ["409", { annotations: undefined, responseStatus: { code: 409 } }, "allow"],
    ["500", { annotations: undefined, responseStatus: { code: 500 } }, "allow"],
    ["no response status", { annotations: undefined, responseStatus: undefined }, "allow"],
    ["401", { annotations: undefined, responseStatus: { code: 401 } }, "unauthenticated"],
  ])("%s → %s", (_, overrides, want) => {
    const r = decodeOne(auditEvent(overrides));
    expect(typeof r === "string" ? r : r.outcome).toBe(want);
  });
});

describe("reason", () => {
  it.each<[string, Json | undefined, string | undefined]>([
    ["RBAC's reason", { "authorization.k8s.io/reason": "RBAC: allowed by ClusterRoleBinding \"x\"" }, "RBAC: allowed by ClusterRoleBinding \"x\""],
    ["present but empty", { "authorization.k8s.io/reason": "" }, ""],
    ["annotations without a reason", { "authorization.k8s.io/decision": "allow" }, undefined],
    ["no annotations", undefined, undefined],
  ])("%s", (_, annotations, want) => {
    expect(request({ annotations }).reason).toBe(want);
  });
});

describe("time", () => {
  it.each<[string, Json, string]>([
    ["requestReceivedTimestamp first", {}, "2024-05-01T10:00:00.123Z"],
    ["else stageTimestamp", { requestReceivedTimestamp: undefined }, "2024-05-01T10:00:00.223Z"],
    ["else v1beta1 timestamp", { requestReceivedTimestamp: undefined, stageTimestamp: undefined, timestamp: "2017-09-11T19:55:05Z" },
      "2017-09-11T19:55:05.000Z"],
    ["nanoseconds truncated", { requestReceivedTimestamp: "2024-05-01T10:00:00.999999999Z" }, "2024-05-01T10:00:00.999Z"],
    ["an offset", { requestReceivedTimestamp: "2024-05-01T12:00:00+02:00" }, "2024-05-01T10:00:00.000Z"],
  ])("%s", (_, overrides, want) => {
    expect(new Date(request(overrides).time).toISOString()).toBe(want);
  });
});
