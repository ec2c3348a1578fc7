import { describe, expect, it } from "vitest";
import { event, expectSafe, jsonLines, mainFor, runScenario, yamlDocs, type EventSpec } from "./harness.ts";

/** What the analysis cannot change, stated instead of silently dropped; and a recommendation that resolves itself. */
const CARL_VIEW = `apiVersion: rbac.authorization.k8s.io/v1
kind: RoleBinding
metadata: { name: carl-view, namespace: shop, creationTimestamp: "2025-01-01T00:00:00Z" }
roleRef: { apiGroup: rbac.authorization.k8s.io, kind: ClusterRole, name: view }
subjects:
- { kind: User, apiGroup: rbac.authorization.k8s.io, name: carl }`;
const CARL_SECRETS = `apiVersion: rbac.authorization.k8s.io/v1
kind: RoleBinding
metadata: { name: carl-edit, namespace: shop, creationTimestamp: "2025-01-01T00:00:00Z" }
roleRef: { apiGroup: rbac.authorization.k8s.io, kind: ClusterRole, name: edit }
subjects:
- { kind: User, apiGroup: rbac.authorization.k8s.io, name: carl }`;

const MASTERS: EventSpec[] = [
  { user: "kubernetes-admin", groups: ["system:masters", "system:authenticated"], verb: "create", resource: "namespaces", at: "2026-11-16T10:00:00Z", decision: "allow" },
  { user: "kubernetes-admin", groups: ["system:masters", "system:authenticated"], verb: "list", resource: "pods", namespace: "kube-system", at: "2026-11-17T10:00:00Z", decision: "allow" },
];
const MALLORY: EventSpec[] = [
  { user: "mallory", verb: "list", resource: "secrets", namespace: "shop", at: "2026-11-16T11:00:00Z", code: 403 },
  { user: "mallory", verb: "list", resource: "secrets", namespace: "shop", at: "2026-11-18T11:00:00Z", code: 403 },
];

describe("honest gaps", () => {
  const scenario = runScenario(jsonLines([...MASTERS, ...MALLORY].map(event)), yamlDocs(CARL_VIEW));
  const { report } = scenario;

  it("lists system:masters usage as not attributable, with what it did", () => {
    expect(report.notAttributable).toEqual([
      {
        user: "kubernetes-admin",
        reason: "system-masters",
        requests: 2,
        permissions: [
          expect.objectContaining({ verb: "create", resource: "namespaces", count: 1 }),
          expect.objectContaining({ verb: "list", resource: "pods", namespace: "kube-system", count: 1 }),
        ],
      },
    ]);
    expect(report.recommendations.some((r) => r.subject.name === "kubernetes-admin" || r.subject.name === "system:masters")).toBe(false);
  });

  it("states in the report what it does not evaluate", () => {
    expect(report.limits?.some((l) => l.includes("not evaluated") && l.includes("Node authorizer"))).toBe(true);
    expect(report.limits?.some((l) => l.includes("system:masters"))).toBe(true);
  });

  it("shows a user who was only denied as unchanged, with the denials, and recommends nothing for her", () => {
    expect(report.recommendations.some((r) => r.subject.name === "mallory")).toBe(false);
    expect(report.unchanged).toEqual([
      {
        subject: { kind: "User", name: "mallory" },
        requests: 0,
        denied: [{ verb: "list", apiGroup: "", resource: "secrets", namespace: "shop", count: 2, firstSeen: "2026-11-16T11:00:00.000Z", lastSeen: "2026-11-18T11:00:00.000Z", days: 2 }],
      },
    ]);
  });

  it("is safe", () => {
    expectSafe(scenario);
  });
});

describe("unchanged subjects, listed in one order on every machine", () => {
  // Code-unit order, as every other list of the report: a locale's collation would put alice before Bob.
  const denied = (user: string): EventSpec => ({ user, verb: "get", resource: "pods", namespace: "shop", at: "2026-11-16T11:00:00Z", code: 403 });
  const { report } = runScenario(jsonLines(["alice", "zed", "Bob"].map((user) => event(denied(user)))), yamlDocs(CARL_VIEW));

  it("orders them by the characters' codes, capitals first", () => {
    expect(report.unchanged?.map((u) => u.subject.name)).toEqual(["Bob", "alice", "zed"]);
  });
});

describe("access RBAC did not grant", () => {
  const RBAC_GONE: EventSpec[] = [
    // pat's old binding was deleted since: the annotation names it, today's RBAC no longer has it
    { user: "pat", verb: "get", resource: "secrets", namespace: "shop", name: "db", at: "2026-11-16T09:00:00Z", decision: "allow", reason: 'RBAC: allowed by RoleBinding "pat-secrets/shop" of Role "secrets" to User "pat"' },
    { user: "pat", verb: "list", resource: "pods", namespace: "shop", at: "2026-11-17T09:00:00Z", decision: "allow", reason: 'RBAC: allowed by RoleBinding "pat-view/shop" of ClusterRole "view" to User "pat"' },
    // an EKS access entry: allowed, by an authorizer other than RBAC
    { user: "arn:aws:iam::111122223333:role/ops", verb: "list", resource: "nodes", at: "2026-11-17T10:00:00Z", decision: "allow", reason: "" },
  ];
  const PAT_VIEW = CARL_VIEW.replaceAll("carl", "pat");
  const scenario = runScenario(jsonLines(RBAC_GONE.map(event)), yamlDocs(PAT_VIEW));
  const pat = mainFor(scenario.report, "User pat");

  it("reports what a subject used but does not hold today, and never emits it", () => {
    expect(pat.notGranted).toEqual([
      { verb: "get", apiGroup: "", resource: "secrets", namespace: "shop", name: "db", count: 1, firstSeen: "2026-11-16T09:00:00.000Z", lastSeen: "2026-11-16T09:00:00.000Z", days: 1 },
    ]);
    expect(JSON.stringify(pat.apply)).not.toContain("secrets");
    // still part of what pat used, but through no binding of today
    expect(pat.usage.permissions.map((p) => `${p.verb} ${p.resource} via ${p.via?.name ?? "-"}`)).toEqual(["list pods via pat-view", "get secrets via -"]);
  });

  it("lists usage another authorizer allowed as not attributable", () => {
    expect(scenario.report.notAttributable).toEqual([
      expect.objectContaining({ user: "arn:aws:iam::111122223333:role/ops", reason: "non-rbac-authorizer", requests: 1 }),
    ]);
    expect(scenario.report.recommendations.some((r) => r.subject.name.startsWith("arn:"))).toBe(false);
  });

  it("is safe", () => {
    expectSafe(scenario);
  });
});

describe("auto-resolve: the next run sees the binding used", () => {
  const before = [...MASTERS];
  const carlUses: EventSpec[] = [{ user: "carl", verb: "list", resource: "pods", namespace: "shop", at: "2026-11-18T09:00:00Z" }];

  it("turns REMOVE_BINDING into REPLACE_ROLE for the same id once the binding is used", () => {
    const first = mainFor(runScenario(jsonLines(before.map(event)), yamlDocs(CARL_VIEW)).report, "User carl");
    expect(first).toMatchObject({ kind: "REMOVE_BINDING", remove: [{ name: "carl-view" }] });
    const scenario = runScenario(jsonLines([...before, ...carlUses].map(event)), yamlDocs(CARL_VIEW));
    const second = mainFor(scenario.report, "User carl");
    expect(second.id).toBe(first.id);
    expect(second.kind).toBe("REPLACE_ROLE");
    expect(scenario.report.recommendations.filter((r) => r.subject.name === "carl" && r.kind === "REMOVE_BINDING")).toEqual([]);
    expectSafe(scenario);
  });

  it("keeps the used binding out of a removal: only the unused one is offered for removal alone", () => {
    const scenario = runScenario(jsonLines([...before, ...carlUses].map(event)), yamlDocs(CARL_VIEW, CARL_SECRETS));
    const main = mainFor(scenario.report, "User carl");
    const onlyUnused = scenario.report.recommendations.find((r) => r.subject.name === "carl" && r.kind === "REMOVE_BINDING");
    expect(main.kind).toBe("REPLACE_ROLE");
    // list pods in shop: view and edit both allow it; evaluation attributes it to one of them, the other is unused
    const used = main.insight!.bindings.filter((b) => b.requests > 0).map((b) => b.binding.name);
    expect(used).toHaveLength(1);
    expect(onlyUnused?.remove.map((b) => b.name)).toEqual(main.insight!.bindings.filter((b) => b.requests === 0).map((b) => b.binding.name));
    expectSafe(scenario);
  });
});
