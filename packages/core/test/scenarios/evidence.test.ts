import { describe, expect, it } from "vitest";
import { event, expectSafe, jsonLines, mainFor, runScenario, withReceived, yamlDocs } from "./harness.ts";

/**
 * Every number in the evidence, computed by hand from these lines:
 *
 *  A 11-16 08:00  get configmaps/settings   RequestReceived + ResponseComplete (counts once)
 *  B 11-16 20:00  get configmaps/settings
 *  C 11-17 09:00  get configmaps/settings   RequestReceived + ResponseComplete (counts once)
 *  D 11-17 09:05  list configmaps
 *  E 11-17 10:00  create pods               403: denied, never granted
 *  F 11-18 07:00  get configmaps/settings   erin impersonating the service account
 *  G 11-18 07:30  delete pods/web-1
 *
 * All by ServiceAccount shop/api in namespace shop, through RoleBinding api-binding (Role api-role: configmaps
 * get+list, secrets get, pods delete). No authorization annotations: attribution evaluates RBAC.
 */
const API = "sa:shop:api";
const LOG = jsonLines([
  ...withReceived({ user: API, verb: "get", resource: "configmaps", namespace: "shop", name: "settings", at: "2026-11-16T08:00:00Z" }),
  event({ user: API, verb: "get", resource: "configmaps", namespace: "shop", name: "settings", at: "2026-11-16T20:00:00Z" }),
  ...withReceived({ user: API, verb: "get", resource: "configmaps", namespace: "shop", name: "settings", at: "2026-11-17T09:00:00Z" }),
  event({ user: API, verb: "list", resource: "configmaps", namespace: "shop", at: "2026-11-17T09:05:00Z" }),
  event({ user: API, verb: "create", resource: "pods", namespace: "shop", at: "2026-11-17T10:00:00Z", code: 403 }),
  event({ user: "erin", groups: ["system:authenticated"], as: API, verb: "get", resource: "configmaps", namespace: "shop", name: "settings", at: "2026-11-18T07:00:00Z" }),
  event({ user: API, verb: "delete", resource: "pods", namespace: "shop", name: "web-1", at: "2026-11-18T07:30:00Z" }),
]);

const RBAC = yamlDocs(
  `apiVersion: rbac.authorization.k8s.io/v1
kind: Role
metadata: { name: api-role, namespace: shop }
rules:
- apiGroups: [""]
  resources: ["configmaps"]
  verbs: ["get", "list"]
- apiGroups: [""]
  resources: ["secrets"]
  verbs: ["get"]
- apiGroups: [""]
  resources: ["pods"]
  verbs: ["delete"]`,
  `apiVersion: rbac.authorization.k8s.io/v1
kind: RoleBinding
metadata: { name: api-binding, namespace: shop, creationTimestamp: "2025-01-01T00:00:00Z" }
roleRef: { apiGroup: rbac.authorization.k8s.io, kind: Role, name: api-role }
subjects:
- { kind: ServiceAccount, name: api, namespace: shop }`,
  `apiVersion: rbac.authorization.k8s.io/v1
kind: ClusterRole
metadata: { name: sa-impersonator }
rules:
- apiGroups: [""]
  resources: ["serviceaccounts"]
  verbs: ["impersonate"]`,
  `apiVersion: rbac.authorization.k8s.io/v1
kind: ClusterRoleBinding
metadata: { name: erin-impersonates, creationTimestamp: "2025-01-01T00:00:00Z" }
roleRef: { apiGroup: rbac.authorization.k8s.io, kind: ClusterRole, name: sa-impersonator }
subjects:
- { kind: User, apiGroup: rbac.authorization.k8s.io, name: erin }`,
);

const VIA = { kind: "RoleBinding", name: "api-binding", namespace: "shop" };

describe("evidence numbers are exact against the fixture log", () => {
  const scenario = runScenario(LOG, RBAC);
  const { report } = scenario;
  const rec = mainFor(report, "ServiceAccount shop/api");

  it("counts events, requests and the skipped early stages", () => {
    expect(report.input).toEqual({ files: 1, events: 9, requests: 7, skipped: { "not-final-stage": 2 } });
    expect(report.window).toEqual({ from: "2026-11-16T08:00:00.000Z", to: "2026-11-18T07:30:00.000Z" });
  });

  it("lists each allowed permission with count, first and last seen, days and the binding", () => {
    expect(rec.usage.requests).toBe(6);
    expect(rec.usage.permissions).toEqual([
      { verb: "get", apiGroup: "", resource: "configmaps", namespace: "shop", name: "settings", count: 4, firstSeen: "2026-11-16T08:00:00.000Z", lastSeen: "2026-11-18T07:00:00.000Z", days: 3, via: VIA },
      { verb: "list", apiGroup: "", resource: "configmaps", namespace: "shop", count: 1, firstSeen: "2026-11-17T09:05:00.000Z", lastSeen: "2026-11-17T09:05:00.000Z", days: 1, via: VIA },
      { verb: "delete", apiGroup: "", resource: "pods", namespace: "shop", name: "web-1", count: 1, firstSeen: "2026-11-18T07:30:00.000Z", lastSeen: "2026-11-18T07:30:00.000Z", days: 1, via: VIA },
    ]);
  });

  it("lists the 403 as denied, and does not grant it", () => {
    expect(rec.denied).toEqual([
      { verb: "create", apiGroup: "", resource: "pods", namespace: "shop", count: 1, firstSeen: "2026-11-17T10:00:00.000Z", lastSeen: "2026-11-17T10:00:00.000Z", days: 1 },
    ]);
    expect(JSON.stringify(rec.apply)).not.toContain('"create"');
  });

  it("gives the binding's requests and last use, and each rule's", () => {
    const [binding, ...others] = rec.insight!.bindings;
    expect(others).toEqual([]);
    expect(binding).toMatchObject({
      binding: VIA,
      role: { kind: "Role", name: "api-role" },
      bootstrap: false,
      createdAt: "2025-01-01T00:00:00.000Z",
      observedFrom: "2026-11-16T08:00:00.000Z",
      young: false,
      requests: 6,
      lastUsed: "2026-11-18T07:30:00.000Z",
      namespacesUsed: ["shop"],
    });
    expect(binding!.rules.map((r) => ({ resources: r.rule.resources, requests: r.requests, lastSeen: r.lastSeen }))).toEqual([
      { resources: ["configmaps"], requests: 5, lastSeen: "2026-11-18T07:00:00.000Z" },
      { resources: ["secrets"], requests: 0, lastSeen: undefined },
      { resources: ["pods"], requests: 1, lastSeen: "2026-11-18T07:30:00.000Z" },
    ]);
  });

  it("measures the excess: 4 atoms granted (configmaps get/list, secrets get, pods delete), 3 used", () => {
    expect(rec.insight).toMatchObject({ granted: 4, used: 3, unused: 1, excessRatio: 0.25 });
    expect(rec.insight!.bindings[0]).toMatchObject({ granted: 4, used: 3 });
  });

  it("counts erin's impersonation as her use of impersonate on that service account", () => {
    const erin = mainFor(report, "User erin");
    expect(erin.usage.permissions).toEqual([
      {
        verb: "impersonate",
        apiGroup: "",
        resource: "serviceaccounts",
        namespace: "shop",
        name: "api",
        count: 1,
        firstSeen: "2026-11-18T07:00:00.000Z",
        lastSeen: "2026-11-18T07:00:00.000Z",
        days: 1,
        via: { kind: "ClusterRoleBinding", name: "erin-impersonates" },
      },
    ]);
  });

  it("is safe: every observed request stays allowed, the impersonation included, and nothing is new", () => {
    expectSafe(scenario);
  });
});

describe("evidence inside a shorter window", () => {
  // 1d back from the newest request (11-18 07:30), in whole UTC days: from 11-17 00:00. A and B fall out.
  const scenario = runScenario(LOG, RBAC, { window: { durationMs: 86_400_000 } });
  const rec = mainFor(scenario.report, "ServiceAccount shop/api");

  it("counts only what happened in the window", () => {
    expect(scenario.report.window).toEqual({ from: "2026-11-17T00:00:00.000Z", to: "2026-11-18T07:30:00.000Z" });
    expect(rec.usage.requests).toBe(4);
    expect(rec.usage.permissions[0]).toEqual({
      verb: "get", apiGroup: "", resource: "configmaps", namespace: "shop", name: "settings", count: 2, firstSeen: "2026-11-17T09:00:00.000Z", lastSeen: "2026-11-18T07:00:00.000Z", days: 2, via: VIA,
    });
    expect(rec.insight!.bindings[0]).toMatchObject({ requests: 4, observedFrom: "2026-11-17T00:00:00.000Z" });
    expect(rec.insight!.bindings[0]!.rules.map((r) => r.requests)).toEqual([3, 0, 1]);
    expect(rec.denied.map((d) => d.count)).toEqual([1]);
  });
});
