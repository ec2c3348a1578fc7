import { describe, expect, it } from "vitest";
import type { AuditRequest } from "../../src/audit/request.ts";
import { defaultBootstrapObjects } from "../../src/rbac/defaults.ts";
import { createAuthorizer } from "../../src/rbac/evaluate.ts";
import type { RbacSnapshot } from "../../src/rbac/model.ts";
import { buildSnapshot } from "../../src/rbac/schema.ts";
import { attribute } from "../../src/usage/attribute.ts";
import { Usage } from "../../src/usage/usage.ts";
import { clusterRole, crb, rb, snapshot } from "../insights/fixtures.ts";
import { request } from "./requests.ts";

const podReader = clusterRole("pod-reader", [{ apiGroups: [""], resources: ["pods"], verbs: ["get", "list"] }]);
const rbac: RbacSnapshot = snapshot({
  clusterRoles: [podReader, ...buildSnapshot(defaultBootstrapObjects()).clusterRoles],
  clusterRoleBindings: [crb("devs-read", "pod-reader", [{ kind: "Group", name: "devs" }]), ...buildSnapshot(defaultBootstrapObjects()).clusterRoleBindings],
  roleBindings: [rb("shop", "alice-read", { kind: "ClusterRole", name: "pod-reader" }, [{ kind: "User", name: "alice" }])],
});

function attributed(requests: Array<Partial<AuditRequest>>, snap: RbacSnapshot = rbac, mode: "rbac" | "usage-only" = "rbac") {
  const usage = new Usage();
  for (const r of requests) usage.add(request(r));
  return attribute(usage, createAuthorizer(snap), mode);
}

const owner = (result: ReturnType<typeof attributed>) =>
  result.subjects.map((s) => ({
    subject: `${s.subject.kind}:${s.subject.namespace ? `${s.subject.namespace}/` : ""}${s.subject.name}`,
    allowed: s.allowed.map((p) => `${p.via ? `${p.via.kind}/${p.via.name}` : "-"}${p.coveredByDefaults ? " (defaults)" : ""}`),
    denied: s.denied.length,
  }));

describe("attribute", () => {
  it("follows the reason annotation to the group binding that allowed it", () => {
    const result = attributed([{ reason: 'RBAC: allowed by ClusterRoleBinding "devs-read" of ClusterRole "pod-reader" to Group "devs"' }]);
    expect(owner(result)).toEqual([{ subject: "Group:devs", allowed: ["ClusterRoleBinding/devs-read"], denied: 0 }]);
  });

  it("ignores a reason naming a subject the requester does not match, and evaluates instead (own binding first)", () => {
    const result = attributed([{ reason: 'RBAC: allowed by ClusterRoleBinding "x" of ClusterRole "y" to Group "z"' }]);
    expect(owner(result)).toEqual([{ subject: "User:alice", allowed: ["RoleBinding/alice-read"], denied: 0 }]);
  });

  it("does not trust a reason naming a binding that no longer grants it: evaluates against today's RBAC", () => {
    const result = attributed([{ namespace: "other", reason: 'RBAC: allowed by RoleBinding "gone/other" of Role "x" to User "alice"' }]);
    expect(owner(result)).toEqual([{ subject: "Group:devs", allowed: ["ClusterRoleBinding/devs-read"], denied: 0 }]);
  });

  it("without annotations, falls back to a group grant when the user has no own binding there", () => {
    const result = attributed([{ namespace: "other" }]);
    expect(owner(result)).toEqual([{ subject: "Group:devs", allowed: ["ClusterRoleBinding/devs-read"], denied: 0 }]);
  });

  it("gives what the bootstrap defaults allow to them, needing no rule", () => {
    const result = attributed([{ resourceRequest: false, resource: "", namespace: "", name: "", path: "/api" }]);
    expect(owner(result)).toEqual([{ subject: "Group:system:authenticated", allowed: ["ClusterRoleBinding/system:discovery (defaults)"], denied: 0 }]);
  });

  it("keeps allowed requests that no current binding grants with the requester (reported later as not held)", () => {
    const result = attributed([{ verb: "delete" }]);
    expect(owner(result)).toEqual([{ subject: "User:alice", allowed: ["-"], denied: 0 }]);
  });

  it("puts denied requests on the requester, service accounts as ServiceAccount subjects", () => {
    const result = attributed([{ outcome: "forbid", user: { name: "system:serviceaccount:shop:api", groups: ["system:serviceaccounts"] } }]);
    expect(owner(result)).toEqual([{ subject: "ServiceAccount:shop/api", allowed: [], denied: 1 }]);
  });

  it.each([
    ["an empty reason (RBAC did not decide)", { reason: "" }, "non-rbac-authorizer"],
    ["another authorizer's reason", { reason: "EKS Access Policy: allowed by ClusterRoleBinding" }, "non-rbac-authorizer"],
    ["members of system:masters", { user: { name: "admin", groups: ["system:masters"] } }, "system-masters"],
    ["nodes", { user: { name: "system:node:n1", groups: ["system:nodes"] } }, "system-user"],
    ["anonymous", { user: { name: "system:anonymous", groups: ["system:unauthenticated"] } }, "system-user"],
  ])("lists %s as not RBAC-attributable", (_, overrides, reason) => {
    const result = attributed([overrides]);
    expect(result.subjects).toEqual([]);
    expect(result.notAttributable.map((n) => n.reason)).toEqual([reason]);
  });

  it("in usage-only mode gives everything to the requester and still knows the defaults", () => {
    const result = attributed(
      [{ resourceRequest: false, resource: "", namespace: "", name: "", path: "/version" }, { verb: "list" }],
      buildSnapshot(defaultBootstrapObjects()),
      "usage-only",
    );
    expect(owner(result)).toEqual([{ subject: "User:alice", allowed: ["- (defaults)", "-"], denied: 0 }]);
  });

  it("sums the same permission over observations that differ only in groups, counting days once", () => {
    const day1 = Date.parse("2024-05-01T10:00:00Z");
    const result = attributed([
      { user: { name: "alice", groups: ["a"] }, time: day1 },
      { user: { name: "alice", groups: ["b"] }, time: day1 + 1000 },
      { user: { name: "alice", groups: ["b"] }, time: day1 + 86_400_000 },
    ]);
    expect(result.subjects[0]?.allowed).toHaveLength(1);
    expect(result.subjects[0]?.allowed[0]).toMatchObject({ count: 3, days: 2, firstSeen: day1, lastSeen: day1 + 86_400_000 });
  });
});
