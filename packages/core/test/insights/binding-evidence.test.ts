import { describe, expect, it } from "vitest";
import { bindingEvidence } from "../../src/insights/binding-evidence.ts";
import { KnownResources } from "../../src/insights/known-resources.ts";
import { clusterRole, crb, rb, snapshot, use } from "./fixtures.ts";

const SA = { kind: "ServiceAccount" as const, namespace: "shop", name: "api" };
const saSubject = [{ kind: "ServiceAccount" as const, name: "api", namespace: "shop" }];
const window = { from: Date.parse("2024-05-01T00:00:00Z") };

describe("bindingEvidence", () => {
  const admin = clusterRole("cluster-admin", [{ apiGroups: ["*"], resources: ["*"], verbs: ["*"] }], { "kubernetes.io/bootstrapping": "rbac-defaults" });
  const reader = clusterRole("shop-reader", [
    { apiGroups: [""], resources: ["configmaps"], verbs: ["get", "list"] },
    { apiGroups: [""], resources: ["secrets"], verbs: ["get"] },
  ]);
  const snap = snapshot({
    clusterRoles: [admin, reader],
    clusterRoleBindings: [crb("api-admin", "cluster-admin", saSubject, "2023-01-01T00:00:00Z"), crb("other", "cluster-admin", [{ kind: "User", name: "x" }])],
    roleBindings: [rb("shop", "api-reader", { kind: "ClusterRole", name: "shop-reader" }, [{ kind: "ServiceAccount", name: "api" }])],
  });
  const viaAdmin = { kind: "ClusterRoleBinding" as const, name: "api-admin" };
  const viaReader = { kind: "RoleBinding" as const, name: "api-reader", namespace: "shop" };
  const known = new KnownResources();
  const evidence = bindingEvidence(snap, SA, [use({ verb: "get" }, 7, viaReader), use({ verb: "list", namespace: "shop" }, 3, viaAdmin)], window, known);

  it("lists exactly the bindings that name the subject, incl. a ServiceAccount subject without namespace in a RoleBinding", () => {
    expect(evidence.map((e) => e.binding.name)).toEqual(["api-admin", "api-reader"]);
  });

  it("counts requests per binding and per rule, and leaves unused rules at zero", () => {
    const reading = evidence.find((e) => e.binding.name === "api-reader")!;
    expect(reading.requests).toBe(7);
    expect(reading.rules.map((r) => r.requests)).toEqual([7, 0]);
    expect(reading.rules[1]?.risks.map((r) => `${r.check}:${r.severity}`)).toEqual(["secrets-read:HIGH"]);
  });

  it("measures granted against used atoms: cluster-admin grants far more than one list", () => {
    const adminEvidence = evidence.find((e) => e.binding.name === "api-admin")!;
    expect(adminEvidence.usedAtoms).toEqual(["/configmaps:list"]);
    // every standard verb on every known resource
    expect(adminEvidence.grantedAtoms).toHaveLength(known.size * 8);
    expect(evidence.find((e) => e.binding.name === "api-reader")!.grantedAtoms).toEqual(["/configmaps:get", "/configmaps:list", "/secrets:get"]);
    expect(adminEvidence.rules[0]?.risks.some((r) => r.check === "cluster-admin" && r.severity === "CRITICAL")).toBe(true);
    expect(adminEvidence.namespacesUsed).toEqual(["shop"]);
  });

  it("knows which roles may be edited: not bootstrap defaults, not shared", () => {
    expect(evidence.map((e) => e.roleExclusive)).toEqual([false, true]);
  });

  it("judges a binding younger than the window only since its creation", () => {
    const young = snapshot({ clusterRoles: [reader], clusterRoleBindings: [crb("new", "shop-reader", saSubject, "2024-05-02T12:00:00Z")] });
    const [e] = bindingEvidence(young, SA, [], window, new KnownResources());
    expect(e).toMatchObject({ young: true, observedFrom: Date.parse("2024-05-02T12:00:00Z"), requests: 0 });
  });
});
