import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { createAuthorizer } from "../../src/rbac/evaluate.ts";
import type { RbacSnapshot } from "../../src/rbac/model.ts";
import { recommend } from "../../src/recommend/recommend.ts";
import { renderBundle } from "../../src/render/manifests.ts";
import type { SubjectUsage } from "../../src/usage/subject-usage.ts";
import { clusterRole, clusterRoleBinding, group, roleBinding, sa, snapshotOf, urlAttrs, used, user, WINDOW } from "./fixtures.ts";

const SNAPSHOT = snapshotOf(
  clusterRole("everything", [{ apiGroups: ["*"], resources: ["*"], verbs: ["*"] }, { nonResourceURLs: ["*"], verbs: ["*"] }]),
  clusterRoleBinding("admins", "everything", [user("alice"), group("devs"), sa("shop", "api"), user("bob")]),
  roleBinding("shop", "shop-admin", { kind: "ClusterRole", name: "everything" }, [sa("shop", "api"), user("carol")]),
  roleBinding("web", "web-admin", { kind: "ClusterRole", name: "everything" }, [group("devs")]),
  clusterRoleBinding("viewers", "everything", [group("devs"), user("alice"), sa("shop", "api")]),
  roleBinding("shop", "another", { kind: "ClusterRole", name: "everything" }, [sa("shop", "api"), group("devs")]),
);

const USAGE: SubjectUsage[] = [
  {
    subject: { kind: "ServiceAccount", namespace: "shop", name: "api" },
    allowed: [
      used({ verb: "get", resource: "secrets", name: "db" }),
      used({ verb: "get", resource: "secrets", name: "api-key" }),
      used({ verb: "list", resource: "pods" }),
      used({ verb: "watch", resource: "pods" }),
      used({ verb: "update", apiGroup: "apps", resource: "deployments", name: "web", namespace: "web" }),
      { ...used({}), attrs: urlAttrs("get", "/metrics") },
      used({ verb: "get", resource: "nodes", namespace: "", name: "n1" }, { count: 9 }),
    ],
    denied: [used({ verb: "delete", name: "web-1" }), used({ verb: "create", resource: "configmaps" })],
  },
  { subject: { kind: "User", name: "alice" }, allowed: [used({ verb: "get", name: "web-1" }), used({ verb: "get", name: "web-2" })], denied: [] },
  { subject: { kind: "Group", name: "devs" }, allowed: [used({ verb: "list", resource: "services", namespace: "web" })], denied: [] },
];

/** The same list in the order given by sorting random keys. */
function permute<T>(list: readonly T[], keys: readonly number[]): T[] {
  return list.map((item, i) => ({ item, key: keys[i % keys.length] ?? 0, i })).sort((a, b) => a.key - b.key || b.i - a.i).map((x) => x.item);
}

function shuffledSnapshot(s: RbacSnapshot, keys: number[]): RbacSnapshot {
  const shuffleSubjects = <B extends { subjects?: unknown[] }>(b: B): B => ({ ...b, subjects: permute(b.subjects ?? [], keys.slice(1)) });
  return {
    ...s,
    clusterRoleBindings: permute(s.clusterRoleBindings, keys).map(shuffleSubjects),
    roleBindings: permute(s.roleBindings, keys.slice(2)).map(shuffleSubjects),
  };
}

function output(subjects: SubjectUsage[], snapshot: RbacSnapshot) {
  const result = recommend({ subjects, notAttributable: [] }, { snapshot, authorizer: createAuthorizer(snapshot), window: WINDOW });
  // Rollback objects are today's bindings verbatim, subject order included: they differ when the input does.
  const withoutRollback = result.recommendations.map(({ rollback: _rollback, ...rest }) => rest);
  return { json: JSON.stringify({ ...result, recommendations: withoutRollback }), yaml: renderBundle(result.recommendations) };
}

describe("determinism", () => {
  const reference = output(USAGE, SNAPSHOT);

  it("gives byte-identical reports and manifests whatever order usage and bindings come in", () => {
    fc.assert(
      fc.property(fc.array(fc.integer(), { minLength: 8, maxLength: 8 }), (keys) => {
        const subjects = permute(USAGE, keys).map((u) => ({ ...u, allowed: permute(u.allowed, keys.slice(3)), denied: permute(u.denied, keys) }));
        const again = output(subjects, shuffledSnapshot(SNAPSHOT, keys));
        expect(again.json).toBe(reference.json);
        expect(again.yaml).toBe(reference.yaml);
      }),
      { numRuns: 100 },
    );
  });

  it("is not trivially equal: different usage gives a different report", () => {
    expect(output(USAGE.slice(1), SNAPSHOT).json).not.toBe(reference.json);
  });
});
