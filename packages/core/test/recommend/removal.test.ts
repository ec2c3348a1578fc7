import { describe, expect, it } from "vitest";
import { createAuthorizer } from "../../src/rbac/evaluate.ts";
import type { RbacSnapshot } from "../../src/rbac/model.ts";
import { recommend } from "../../src/recommend/recommend.ts";
import type { SubjectUsage } from "../../src/usage/subject-usage.ts";
import {
  BOOTSTRAP,
  clusterRole,
  clusterRoleBinding,
  group,
  recommendationOf,
  role,
  roleBinding,
  sa,
  snapshotOf,
  urlAttrs,
  used,
  user,
  WINDOW,
} from "./fixtures.ts";

const VIEW = clusterRole("view", [{ apiGroups: [""], resources: ["pods", "configmaps"], verbs: ["get", "list"] }]);

function run(snapshot: RbacSnapshot, subjects: SubjectUsage[] = []) {
  return recommend({ subjects, notAttributable: [] }, { snapshot, authorizer: createAuthorizer(snapshot), window: WINDOW }).recommendations;
}

const described = (recs: { subject: { kind: string; name: string; namespace?: string } }[]) =>
  recs.map((r) => `${r.subject.kind} ${r.subject.namespace ? `${r.subject.namespace}/` : ""}${r.subject.name}`);

describe("remove", () => {
  it("lists every binding that names the subject directly, in each way a binding can name a service account", () => {
    const snapshot = snapshotOf(
      VIEW,
      clusterRoleBinding("by-kind", "view", [sa("shop", "api")]),
      clusterRoleBinding("by-username", "view", [user("system:serviceaccount:shop:api")]),
      roleBinding("shop", "implicit-namespace", { kind: "ClusterRole", name: "view" }, [{ kind: "ServiceAccount", name: "api" }]),
      roleBinding("web", "other-namespace", { kind: "ClusterRole", name: "view" }, [{ kind: "ServiceAccount", name: "api" }]),
    );
    const rec = recommendationOf(run(snapshot), "ServiceAccount shop/api");
    expect(rec.remove).toEqual([
      { kind: "ClusterRoleBinding", name: "by-kind" },
      { kind: "ClusterRoleBinding", name: "by-username" },
      { kind: "RoleBinding", name: "implicit-namespace", namespace: "shop" },
    ]);
    expect(recommendationOf(run(snapshot), "ServiceAccount web/api").remove).toEqual([{ kind: "RoleBinding", name: "other-namespace", namespace: "web" }]);
  });

  it("deletes a binding only when the subject is the last one in it", () => {
    const snapshot = snapshotOf(VIEW, clusterRoleBinding("alone", "view", [user("alice")]), clusterRoleBinding("shared", "view", [user("alice"), user("bob")]));
    const rec = recommendationOf(run(snapshot), "User alice");
    expect(rec.remove.map((b) => b.name)).toEqual(["alone", "shared"]);
    expect(rec.deleteBindings).toEqual([{ kind: "ClusterRoleBinding", name: "alone" }]);
  });

  it("never touches bootstrap default bindings", () => {
    const snapshot = snapshotOf(VIEW, clusterRoleBinding("system:basic-user", "view", [group("devs")], BOOTSTRAP));
    expect(run(snapshot)).toEqual([]);
  });

  it("leaves system users other than service accounts and system:masters alone", () => {
    const snapshot = snapshotOf(VIEW, clusterRoleBinding("components", "view", [user("system:kube-scheduler"), group("system:masters"), user("system:serviceaccount:kube-system:job")]));
    expect(described(run(snapshot))).toEqual(["ServiceAccount kube-system/job"]);
  });
});

describe("recommendation kinds", () => {
  const snapshot = snapshotOf(
    VIEW,
    role("shop", "editor", [{ apiGroups: [""], resources: ["configmaps"], verbs: ["update"] }]),
    clusterRoleBinding("viewers", "view", [user("alice"), group("devs")]),
    roleBinding("shop", "editors", { kind: "Role", name: "editor" }, [user("carol")]),
  );
  const recs = run(snapshot, [{ subject: { kind: "User", name: "alice" }, allowed: [used({ verb: "list" })], denied: [] }]);

  it("REPLACE_ROLE for a subject with usage, REMOVE_BINDING for bound subjects that made no request", () => {
    expect(recs.map((r) => `${r.kind} ${described([r])[0]}`)).toEqual(["REMOVE_BINDING Group devs", "REPLACE_ROLE User alice", "REMOVE_BINDING User carol"]);
    expect(recommendationOf(recs, "User carol")).toMatchObject({ apply: [], remove: [{ kind: "RoleBinding", name: "editors", namespace: "shop" }] });
    expect(recommendationOf(recs, "Group devs").summary).toMatch(/^Remove Group devs from 1 binding: no allowed requests/);
  });

  it("gives no recommendation to a subject with nothing to apply and nothing to remove", () => {
    const covered = { ...used({}), attrs: urlAttrs("get", "/version"), coveredByDefaults: true };
    expect(run(snapshotOf(), [{ subject: { kind: "User", name: "dave" }, allowed: [covered], denied: [] }])).toEqual([]);
  });

  it("does not ask to remove the binding it re-creates on a later run", () => {
    const earlier = snapshotOf(
      role("shop", "rbac-recommender:user:alice", [{ apiGroups: [""], resources: ["pods"], verbs: ["list"] }]),
      roleBinding("shop", "rbac-recommender:user:alice", { kind: "Role", name: "rbac-recommender:user:alice" }, [user("alice")]),
    );
    const [rec] = run(earlier, [{ subject: { kind: "User", name: "alice" }, allowed: [used({ verb: "list" })], denied: [] }]);
    expect(rec!.remove).toEqual([]);
    expect(rec!.apply.map((o) => o.metadata.name)).toEqual(["rbac-recommender:user:alice", "rbac-recommender:user:alice"]);
  });
});
