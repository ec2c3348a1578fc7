import { describe, expect, it } from "vitest";
import { createAuthorizer } from "../../src/rbac/evaluate.ts";
import type { RbacSnapshot } from "../../src/rbac/model.ts";
import { recommend, type RecommendContext } from "../../src/recommend/recommend.ts";
import type { SubjectUsage } from "../../src/usage/subject-usage.ts";
import { clusterRole, clusterRoleBinding, group, recommendationOf, role, roleBinding, rulesIn, snapshotOf, used, user, WINDOW } from "./fixtures.ts";

const ALICE = { kind: "User", name: "alice" } as const;
const DEVS = { kind: "Group", name: "devs" } as const;
/** alice reads pods in shop herself; the group devs may also read secrets there. */
const CLUSTER = snapshotOf(
  role("shop", "pod-reader", [{ apiGroups: [""], resources: ["pods"], verbs: ["get", "list"] }]),
  role("shop", "secret-reader", [{ apiGroups: [""], resources: ["secrets"], verbs: ["get"] }]),
  roleBinding("shop", "alice-pods", { kind: "Role", name: "pod-reader" }, [user("alice")]),
  roleBinding("shop", "devs-secrets", { kind: "Role", name: "secret-reader" }, [group("devs")]),
);

/** The recommendation for the first subject given; a null snapshot is usage-only mode. */
function run(subjects: SubjectUsage[], snapshot: RbacSnapshot | null = CLUSTER, extra: Partial<RecommendContext> = {}) {
  const rbac = snapshot ? { snapshot, authorizer: createAuthorizer(snapshot) } : {};
  const recs = recommend({ subjects, notAttributable: [] }, { ...rbac, window: WINDOW, ...extra }).recommendations;
  const s = subjects[0]!.subject;
  return [recommendationOf(recs, s.kind === "ServiceAccount" ? `${s.kind} ${s.namespace}/${s.name}` : `${s.kind} ${s.name}`)];
}

describe("no new access", () => {
  it("leaves out what the subject itself does not hold today and reports it as not granted", () => {
    // alice read a secret through devs: as a bare user she does not hold it, so her role must not either.
    const [rec] = run([{ subject: ALICE, allowed: [used({ name: "web-1" }), used({ resource: "secrets", name: "db" })], denied: [] }]);
    expect(rulesIn(rec!, "Role", "shop")).toEqual([{ apiGroups: [""], resources: ["pods"], resourceNames: ["web-1"], verbs: ["get"] }]);
    expect(rec!.notGranted).toMatchObject([{ verb: "get", resource: "secrets", name: "db" }]);
    expect(rec!.summary).toContain("not held today");
  });

  it("checks a group as the group alone", () => {
    const [rec] = run([{ subject: DEVS, allowed: [used({ resource: "secrets", name: "db" }), used({ name: "web-1" })], denied: [] }]);
    expect(rulesIn(rec!, "Role", "shop")).toEqual([{ apiGroups: [""], resources: ["secrets"], resourceNames: ["db"], verbs: ["get"] }]);
    expect(rec!.notGranted).toMatchObject([{ resource: "pods", name: "web-1" }]);
  });

  it("checks a service account by its username, whatever kind of entry bound it", () => {
    const snapshot = snapshotOf(
      clusterRole("node-reader", [{ apiGroups: [""], resources: ["nodes"], verbs: ["list"] }]),
      clusterRoleBinding("by-username", "node-reader", [user("system:serviceaccount:shop:api")]),
    );
    const api = { kind: "ServiceAccount", namespace: "shop", name: "api" } as const;
    const [rec] = run([{ subject: api, allowed: [used({ namespace: "", resource: "nodes", verb: "list" })], denied: [] }], snapshot);
    expect(rulesIn(rec!, "ClusterRole")).toEqual([{ apiGroups: [""], resources: ["nodes"], verbs: ["list"] }]);
    expect(rec!.remove).toEqual([{ kind: "ClusterRoleBinding", name: "by-username" }]);
  });

  it("does not check anything in usage-only mode, and says so", () => {
    const [rec] = run([{ subject: ALICE, allowed: [used({ resource: "secrets", name: "db" })], denied: [] }], null);
    expect(rulesIn(rec!, "Role", "shop")).toEqual([{ apiGroups: [""], resources: ["secrets"], resourceNames: ["db"], verbs: ["get"] }]);
    expect(rec!.remove).toEqual([]);
    expect(rec!.summary).toContain("usage-only");
  });
});

describe("denied requests", () => {
  const denied: SubjectUsage = { subject: ALICE, allowed: [used({ name: "web-1" })], denied: [used({ verb: "delete", name: "web-1" })] };

  it("are reported and never granted", () => {
    const [rec] = run([denied]);
    expect(rec!.denied).toMatchObject([{ verb: "delete", resource: "pods", name: "web-1" }]);
    expect(JSON.stringify(rec!.apply)).not.toContain("delete");
  });

  it("are granted with includeDenied, without the held check, and the recommendation says so", () => {
    const [rec] = run([denied], CLUSTER, { includeDenied: true });
    expect(rulesIn(rec!, "Role", "shop")).toEqual([{ apiGroups: [""], resources: ["pods"], resourceNames: ["web-1"], verbs: ["delete", "get"] }]);
    expect(rec!.summary).toContain("--include-denied");
    expect(rec!.apply[0]!.metadata.annotations).toMatchObject({ "rbac-recommender.io/includes-denied": "true" });
  });

  it("make a subject with only denied requests REPLACE_ROLE with nothing to apply when it holds bindings", () => {
    const [rec] = run([{ subject: ALICE, allowed: [], denied: [used({ verb: "delete" })] }]);
    expect(rec).toMatchObject({ kind: "REPLACE_ROLE", apply: [], remove: [{ kind: "RoleBinding", namespace: "shop", name: "alice-pods" }] });
  });
});
