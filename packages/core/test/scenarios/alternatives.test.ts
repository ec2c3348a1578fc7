import { describe, expect, it } from "vitest";
import { alternativesFor, event, expectSafe, jsonLines, mainFor, rulesOf, runScenario, yamlDocs, type EventSpec } from "./harness.ts";

const crb = (name: string, role: string, subject: string) => `apiVersion: rbac.authorization.k8s.io/v1
kind: ClusterRoleBinding
metadata: { name: ${name}, creationTimestamp: "2025-01-01T00:00:00Z" }
roleRef: { apiGroup: rbac.authorization.k8s.io, kind: ClusterRole, name: ${role} }
subjects:
- ${subject}`;
const rb = (ns: string, name: string, kind: "Role" | "ClusterRole", role: string, ...subjects: string[]) => `apiVersion: rbac.authorization.k8s.io/v1
kind: RoleBinding
metadata: { name: ${name}, namespace: ${ns}, creationTimestamp: "2025-01-01T00:00:00Z" }
roleRef: { apiGroup: rbac.authorization.k8s.io, kind: ${kind}, name: ${role} }
subjects:
${subjects.map((s) => `- ${s}`).join("\n")}`;
const SA_DEPLOYER = "{ kind: ServiceAccount, name: deployer, namespace: ci }";
const log = (...specs: EventSpec[]) => jsonLines(specs.map(event));

describe("SCOPE_DOWN: ClusterRoleBinding to edit used in two namespaces", () => {
  const DEPLOYER = [
    { user: "sa:ci:deployer", verb: "get", resource: "configmaps", namespace: "shop", name: "app-config", at: "2026-11-16T09:00:00Z" },
    { user: "sa:ci:deployer", verb: "get", resource: "deployments", apiGroup: "apps", namespace: "shop", name: "web", at: "2026-11-16T09:00:30Z" },
    { user: "sa:ci:deployer", verb: "patch", resource: "deployments", apiGroup: "apps", namespace: "shop", name: "web", at: "2026-11-16T09:01:00Z" },
    { user: "sa:ci:deployer", verb: "list", resource: "pods", namespace: "payments", at: "2026-11-17T09:00:00Z" },
  ] satisfies EventSpec[];
  const RBAC = yamlDocs(crb("ci-edit", "edit", SA_DEPLOYER));
  const scenario = runScenario(log(...DEPLOYER), RBAC);
  const main = mainFor(scenario.report, "ServiceAccount ci/deployer");
  const [scopeDown, ...others] = alternativesFor(scenario.report, "ServiceAccount ci/deployer");

  it("replaces the binding with one generated Role per namespace, with exactly the rules used", () => {
    expect(main.kind).toBe("REPLACE_ROLE");
    expect(main.remove).toEqual([{ kind: "ClusterRoleBinding", name: "ci-edit" }]);
    const roles = main.apply.filter((o) => o.kind === "Role").map((o) => ({ ns: o.metadata.namespace, rules: (o as { rules?: unknown }).rules }));
    expect(roles).toEqual([
      { ns: "payments", rules: [{ apiGroups: [""], resources: ["pods"], verbs: ["list"] }] },
      {
        ns: "shop",
        rules: [
          { apiGroups: [""], resources: ["configmaps"], resourceNames: ["app-config"], verbs: ["get"] },
          { apiGroups: ["apps"], resources: ["deployments"], resourceNames: ["web"], verbs: ["get", "patch"] },
        ],
      },
    ]);
    expect(main.apply.filter((o) => o.kind === "RoleBinding").map((o) => o.metadata.namespace)).toEqual(["payments", "shop"]);
    expect(main.apply.some((o) => o.kind === "ClusterRole" || o.kind === "ClusterRoleBinding")).toBe(false);
  });

  it("offers RoleBindings to the same ClusterRole in exactly those namespaces, in the main recommendation's xor group", () => {
    expect(others).toEqual([]);
    expect(scopeDown?.kind).toBe("SCOPE_DOWN");
    expect(scopeDown?.remove).toEqual([{ kind: "ClusterRoleBinding", name: "ci-edit" }]);
    const bindings = scopeDown!.apply.map((o) => ({ kind: o.kind, ns: o.metadata.namespace, roleRef: (o as { roleRef?: unknown }).roleRef, subjects: (o as { subjects?: unknown }).subjects }));
    expect(bindings).toEqual(
      ["payments", "shop"].map((ns) => ({
        kind: "RoleBinding",
        ns,
        roleRef: { apiGroup: "rbac.authorization.k8s.io", kind: "ClusterRole", name: "edit" },
        subjects: [{ kind: "ServiceAccount", name: "deployer", namespace: "ci" }],
      })),
    );
    expect(main.xorGroupId).toBe(main.id);
    expect(scopeDown?.xorGroupId).toBe(main.id);
    expect(scopeDown?.alternativeTo).toBe(main.id);
    expect(scopeDown?.summary).toContain("only in 2 namespace(s) (payments, shop)");
  });

  it("is safe, for the main change and for the alternative", () => {
    expectSafe(scenario);
  });

  it.each([
    ["a list across all namespaces", { user: "sa:ci:deployer", verb: "list", resource: "pods", at: "2026-11-17T10:00:00Z" }],
    ["a cluster-scoped resource", { user: "sa:ci:deployer", verb: "list", resource: "namespaces", at: "2026-11-17T10:00:00Z" }],
  ] satisfies Array<[string, EventSpec]>)("is not offered when the usage includes %s", (_, extra) => {
    const s = runScenario(log(...DEPLOYER, extra), RBAC);
    expect(mainFor(s.report, "ServiceAccount ci/deployer").kind).toBe("REPLACE_ROLE");
    expect(alternativesFor(s.report, "ServiceAccount ci/deployer").map((r) => r.kind)).toEqual([]);
    expectSafe(s);
  });
});

describe("REPLACE_ROLE with the built-in view as alternative", () => {
  const READER_PLUS = (resources: string) => `apiVersion: rbac.authorization.k8s.io/v1
kind: ClusterRole
metadata: { name: reader-plus }
rules:
- apiGroups: [""]
  resources: [${resources}]
  verbs: ["get", "list", "watch"]
- apiGroups: ["apps"]
  resources: ["deployments", "replicasets"]
  verbs: ["get", "list", "watch"]
- apiGroups: [""]
  resources: ["secrets"]
  verbs: ["get"]`;
  const ALL_OF_VIEW = `"pods", "pods/log", "configmaps", "services", "endpoints", "namespaces"`;
  const DANA = "{ kind: User, apiGroup: rbac.authorization.k8s.io, name: dana }";
  const READS: EventSpec[] = [
    { user: "dana", verb: "list", resource: "pods", namespace: "payments", at: "2026-11-16T10:00:00Z" },
    { user: "dana", verb: "get", resource: "configmaps", namespace: "payments", name: "cfg", at: "2026-11-17T10:00:00Z" },
  ];
  const rbac = (resources: string) => yamlDocs(READER_PLUS(resources), rb("payments", "dana-reader", "ClusterRole", "reader-plus", DANA));

  const scenario = runScenario(log(...READS), rbac(ALL_OF_VIEW));
  const main = mainFor(scenario.report, "User dana");
  const viewAlternatives = (r: typeof scenario.report) => alternativesFor(r, "User dana").filter((a) => a.kind === "REPLACE_ROLE");
  const alternatives = viewAlternatives(scenario.report);

  it("generates a Role with exactly the two reads, and removes the secrets read: P2", () => {
    expect(main.kind).toBe("REPLACE_ROLE");
    expect(main.apply.find((o) => o.kind === "Role")).toMatchObject({
      metadata: { namespace: "payments" },
      rules: [
        { apiGroups: [""], resources: ["configmaps"], resourceNames: ["cfg"], verbs: ["get"] },
        { apiGroups: [""], resources: ["pods"], verbs: ["list"] },
      ],
    });
    expect(rulesOf(main.apply.find((o) => o.kind === "Role"))).toHaveLength(2);
    expect(main.priority).toBe("P2");
    expect(main.insight?.removedRisks.map((r) => `${r.check}:${r.severity}`)).toEqual(["secrets-read:HIGH", "pods-log:LOW"]);
  });

  it("offers a RoleBinding to view in payments when she holds all of view there", () => {
    expect(alternatives).toHaveLength(1);
    const [view] = alternatives;
    expect(view?.apply).toHaveLength(1);
    expect(view?.apply[0]).toMatchObject({ kind: "RoleBinding", metadata: { namespace: "payments" }, roleRef: { kind: "ClusterRole", name: "view" } });
    expect(view?.remove).toEqual([{ kind: "RoleBinding", name: "dana-reader", namespace: "payments" }]);
    expect(view?.xorGroupId).toBe(main.id);
    expectSafe(scenario);
  });

  it("does not offer view when it would be new access (she lacks endpoints)", () => {
    const s = runScenario(log(...READS), rbac(`"pods", "pods/log", "configmaps", "services", "namespaces"`));
    expect(mainFor(s.report, "User dana").kind).toBe("REPLACE_ROLE");
    expect(viewAlternatives(s.report)).toEqual([]);
    expectSafe(s);
  });

  it("does not offer view to a subject who holds it through a binding to view already", () => {
    const s = runScenario(log(...READS), yamlDocs(rb("payments", "dana-view", "ClusterRole", "view", DANA)));
    expect(mainFor(s.report, "User dana").kind).toBe("REPLACE_ROLE");
    expect(viewAlternatives(s.report)).toEqual([]);
  });

  it("does not offer view when she also read something view does not cover (a secret)", () => {
    const write = { user: "dana", verb: "get", resource: "secrets", namespace: "payments", name: "s1", at: "2026-11-17T11:00:00Z" };
    const s = runScenario(log(...READS, write), rbac(ALL_OF_VIEW));
    expect(viewAlternatives(s.report)).toEqual([]);
    expect(alternativesFor(s.report, "User dana").map((a) => a.kind)).toEqual(["DROP_RULES"]);
  });
});

describe("DROP_RULES: a custom Role used by one binding only", () => {
  const ROLE = `apiVersion: rbac.authorization.k8s.io/v1
kind: Role
metadata: { name: api-role, namespace: shop, labels: { owner: shop-team } }
rules:
- apiGroups: [""]
  resources: ["configmaps"]
  verbs: ["get"]
- apiGroups: [""]
  resources: ["secrets"]
  verbs: ["get", "list"]
- apiGroups: ["apps"]
  resources: ["deployments"]
  verbs: ["patch"]`;
  const API = "{ kind: ServiceAccount, name: api, namespace: shop }";
  const OTHER = "{ kind: ServiceAccount, name: other, namespace: shop }";
  const USES = log(
    { user: "sa:shop:api", verb: "get", resource: "configmaps", namespace: "shop", name: "settings", at: "2026-11-16T10:00:00Z" },
    { user: "sa:shop:api", verb: "get", resource: "configmaps", namespace: "shop", name: "flags", at: "2026-11-17T10:00:00Z" },
  );
  const scenario = runScenario(USES, yamlDocs(ROLE, rb("shop", "api-binding", "Role", "api-role", API)));
  const main = mainFor(scenario.report, "ServiceAccount shop/api");
  const drops = alternativesFor(scenario.report, "ServiceAccount shop/api").filter((r) => r.kind === "DROP_RULES");

  it("keeps exactly the used rule, edits the Role in place and removes no binding", () => {
    expect(drops).toHaveLength(1);
    const [drop] = drops;
    expect(drop?.remove).toEqual([]);
    expect(drop?.apply).toHaveLength(1);
    expect(drop?.apply[0]).toMatchObject({ kind: "Role", metadata: { name: "api-role", namespace: "shop", labels: { owner: "shop-team" } } });
    expect(rulesOf(drop?.apply[0])).toEqual([{ apiGroups: [""], resources: ["configmaps"], verbs: ["get"] }]);
    expect(drop?.summary).toBe('Keep Role "api-role" but drop 2 of 3 rules never used through RoleBinding "shop/api-binding".');
    expect(drop?.xorGroupId).toBe(main.id);
  });

  it("rolls back to the Role with its three rules", () => {
    const [drop] = drops;
    expect(drop?.rollback).toHaveLength(1);
    expect(rulesOf(drop?.rollback[0])).toHaveLength(3);
    expect(drop?.rollback[0]).toMatchObject({ kind: "Role", metadata: { name: "api-role", namespace: "shop" } });
  });

  it("is safe", () => {
    expectSafe(scenario);
  });

  it("is not offered for a Role shared by two bindings", () => {
    const s = runScenario(USES, yamlDocs(ROLE, rb("shop", "api-binding", "Role", "api-role", API), rb("shop", "other-binding", "Role", "api-role", OTHER)));
    expect(mainFor(s.report, "ServiceAccount shop/api").kind).toBe("REPLACE_ROLE");
    expect(alternativesFor(s.report, "ServiceAccount shop/api").filter((r) => r.kind === "DROP_RULES")).toEqual([]);
    expectSafe(s);
  });

  it("is not offered for a bootstrap role, even one only this binding uses", () => {
    const s = runScenario(USES, yamlDocs(rb("shop", "api-edit", "ClusterRole", "edit", API)));
    expect(alternativesFor(s.report, "ServiceAccount shop/api").filter((r) => r.kind === "DROP_RULES")).toEqual([]);
    expectSafe(s);
  });
});
