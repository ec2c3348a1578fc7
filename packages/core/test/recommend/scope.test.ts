import { describe, expect, it } from "vitest";
import { createAuthorizer } from "../../src/rbac/evaluate.ts";
import type { RbacSnapshot, Role, RoleBinding } from "../../src/rbac/model.ts";
import { recommend, type RecommendContext } from "../../src/recommend/recommend.ts";
import type { SubjectRef } from "../../src/subject.ts";
import type { PermissionUsage } from "../../src/usage/subject-usage.ts";
import { clusterRole, clusterRoleBinding, rulesIn, sa, snapshotOf, urlAttrs, used, WINDOW } from "./fixtures.ts";

const API: SubjectRef = { kind: "ServiceAccount", namespace: "shop", name: "api" };
/** A cluster where shop/api may do anything: scope and shape of the output then come from usage alone. */
const ADMIN = snapshotOf(
  clusterRole("admin-ish", [{ apiGroups: ["*"], resources: ["*"], verbs: ["*"] }, { nonResourceURLs: ["*"], verbs: ["*"] }]),
  clusterRoleBinding("shop-admin", "admin-ish", [sa("shop", "api")]),
);

function recommendFor(allowed: PermissionUsage[], snapshot: RbacSnapshot = ADMIN, extra: Partial<RecommendContext> = {}) {
  const result = recommend(
    { subjects: [{ subject: API, allowed, denied: [] }], notAttributable: [] },
    { snapshot, authorizer: createAuthorizer(snapshot), window: WINDOW, ...extra },
  );
  return result.recommendations[0]!;
}

describe("namespace-strict scope", () => {
  it("gives each namespace used its own Role and RoleBinding, and no ClusterRole", () => {
    const rec = recommendFor([used({ namespace: "shop", verb: "get", name: "web-1" }), used({ namespace: "web", verb: "list", resource: "configmaps" })]);
    expect(rec.apply.map((o) => `${o.kind} ${o.metadata.namespace ?? ""}`)).toEqual(["Role shop", "RoleBinding shop", "Role web", "RoleBinding web"]);
    expect(rulesIn(rec, "Role", "shop")).toEqual([{ apiGroups: [""], resources: ["pods"], resourceNames: ["web-1"], verbs: ["get"] }]);
    expect(rulesIn(rec, "Role", "web")).toEqual([{ apiGroups: [""], resources: ["configmaps"], verbs: ["list"] }]);
  });

  it("puts cluster-scoped resources, all-namespace requests and non-resource URLs into one ClusterRole", () => {
    const rec = recommendFor([
      { ...used({ namespace: "", verb: "get", resource: "nodes", name: "n1" }) },
      { ...used({ namespace: "", verb: "list", resource: "pods" }) },
      { ...used({}), attrs: urlAttrs("get", "/metrics") },
    ]);
    expect(rec.apply.map((o) => o.kind)).toEqual(["ClusterRole", "ClusterRoleBinding"]);
    expect(rulesIn(rec, "ClusterRole")).toEqual([
      { apiGroups: [""], resources: ["nodes"], resourceNames: ["n1"], verbs: ["get"] },
      { apiGroups: [""], resources: ["pods"], verbs: ["list"] },
      { nonResourceURLs: ["/metrics"], verbs: ["get"] },
    ]);
  });

  it("binds the Role to the subject under the same name as the Role", () => {
    const rec = recommendFor([used({ namespace: "shop" })]);
    const [role, binding] = rec.apply as unknown as [Role, RoleBinding];
    expect(binding.roleRef).toEqual({ apiGroup: "rbac.authorization.k8s.io", kind: "Role", name: role.metadata.name });
    expect(binding.metadata.name).toBe(role.metadata.name);
    expect(binding.subjects).toEqual([{ kind: "ServiceAccount", name: "api", namespace: "shop" }]);
  });
});

describe("rule shape", () => {
  it("restricts name-restrictable verbs to the objects used", () => {
    const rec = recommendFor([used({ resource: "secrets", verb: "get", name: "db" }), used({ resource: "secrets", verb: "update", name: "db" })]);
    expect(rulesIn(rec, "Role", "shop")).toEqual([{ apiGroups: [""], resources: ["secrets"], resourceNames: ["db"], verbs: ["get", "update"] }]);
  });

  it.each(["create", "list", "watch", "deletecollection"])("never restricts %s by name, even when the usage carries one", (verb) => {
    const rec = recommendFor([used({ resource: "secrets", verb, name: "db" })]);
    expect(rulesIn(rec, "Role", "shop")).toEqual([{ apiGroups: [""], resources: ["secrets"], verbs: [verb] }]);
  });

  it("drops the name restriction above maxResourceNames when the unrestricted rule is held today", () => {
    const names = Array.from({ length: 11 }, (_, i) => `s${String(i).padStart(2, "0")}`);
    const rec = recommendFor(names.map((name) => used({ resource: "secrets", name })));
    expect(rulesIn(rec, "Role", "shop")).toEqual([{ apiGroups: [""], resources: ["secrets"], verbs: ["get"] }]);
    const atLimit = recommendFor(names.slice(1).map((name) => used({ resource: "secrets", name })));
    expect(rulesIn(atLimit, "Role", "shop")![0]!.resourceNames).toHaveLength(10);
  });

  it("keeps the names above maxResourceNames when only those objects are held", () => {
    const names = ["a", "b", "c"];
    const snapshot = snapshotOf(
      clusterRole("some-secrets", [{ apiGroups: [""], resources: ["secrets"], resourceNames: names, verbs: ["get"] }]),
      clusterRoleBinding("shop-secrets", "some-secrets", [sa("shop", "api")]),
    );
    const rec = recommendFor(names.map((name) => used({ resource: "secrets", name })), snapshot, { maxResourceNames: 2 });
    expect(rulesIn(rec, "Role", "shop")).toEqual([{ apiGroups: [""], resources: ["secrets"], resourceNames: names, verbs: ["get"] }]);
  });

  it("writes subresources as resource/subresource", () => {
    const rec = recommendFor([used({ subresource: "exec", verb: "create", name: "" }), used({ subresource: "log", name: "web-1" })]);
    expect(rulesIn(rec, "Role", "shop")).toEqual([
      { apiGroups: [""], resources: ["pods/exec"], verbs: ["create"] },
      { apiGroups: [""], resources: ["pods/log"], resourceNames: ["web-1"], verbs: ["get"] },
    ]);
  });

  it("never writes a wildcard, even when the subject holds only wildcards", () => {
    const rec = recommendFor([used({ apiGroup: "apps", resource: "deployments", verb: "patch", name: "web" }), { ...used({}), attrs: urlAttrs("get", "/healthz") }]);
    const rules = [...(rulesIn(rec, "Role", "shop") ?? []), ...(rulesIn(rec, "ClusterRole") ?? [])];
    expect(JSON.stringify(rules)).not.toContain("*");
  });

  it("emits bind, escalate and impersonate only when they were used", () => {
    const plain = recommendFor([used({ verb: "get", name: "web-1" })]);
    expect(JSON.stringify(plain.apply)).not.toMatch(/bind|escalate|impersonate/);
    const rec = recommendFor([used({ namespace: "", apiGroup: "", resource: "users", verb: "impersonate", name: "bob" })]);
    expect(rulesIn(rec, "ClusterRole")).toEqual([{ apiGroups: [""], resources: ["users"], resourceNames: ["bob"], verbs: ["impersonate"] }]);
  });

  it("writes no rule for permissions the bootstrap defaults already allow", () => {
    const rec = recommendFor([used({ verb: "get", name: "web-1" }), { ...used({}), attrs: urlAttrs("get", "/version"), coveredByDefaults: true }]);
    expect(rulesIn(rec, "ClusterRole")).toBeUndefined();
    expect(rec.usage.permissions.map((p) => p.path ?? p.resource)).toEqual(["/version", "pods"]);
  });
});

describe("compaction", () => {
  it("merges verbs on one resource, then resources with the same verbs, and never more", () => {
    const rec = recommendFor([
      used({ verb: "list", resource: "pods" }),
      used({ verb: "watch", resource: "pods" }),
      used({ verb: "list", resource: "services" }),
      used({ verb: "watch", resource: "services" }),
      used({ verb: "list", resource: "configmaps" }),
      used({ verb: "list", apiGroup: "apps", resource: "deployments" }),
    ]);
    expect(rulesIn(rec, "Role", "shop")).toEqual([
      { apiGroups: [""], resources: ["configmaps"], verbs: ["list"] },
      { apiGroups: [""], resources: ["pods", "services"], verbs: ["list", "watch"] },
      { apiGroups: ["apps"], resources: ["deployments"], verbs: ["list"] },
    ]);
  });

  it("keeps an unrestricted use and a by-name use of the same verb as one unrestricted rule", () => {
    const rec = recommendFor([used({ verb: "get", name: "" }), used({ verb: "get", name: "web-1" })]);
    expect(rulesIn(rec, "Role", "shop")).toEqual([{ apiGroups: [""], resources: ["pods"], verbs: ["get"] }]);
  });
});
