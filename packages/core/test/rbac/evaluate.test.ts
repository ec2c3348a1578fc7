import { describe, expect, it } from "vitest";
import { appliesTo, createAuthorizer } from "../../src/rbac/evaluate.ts";
import { emptySnapshot, type RbacSnapshot } from "../../src/rbac/model.ts";
import { buildSnapshot } from "../../src/rbac/schema.ts";
import {
  clusterRole,
  clusterRoleBinding,
  Group,
  nonResource,
  request,
  role,
  roleBinding,
  ServiceAccount,
  User,
  user,
} from "./build.ts";

const readPods = { verbs: ["get", "list"], apiGroups: [""], resources: ["pods"] };
const readSecrets = { verbs: ["get"], apiGroups: [""], resources: ["secrets"] };

function snapshot(parts: Partial<RbacSnapshot>): RbacSnapshot {
  return { ...emptySnapshot(), ...parts };
}

describe("appliesTo", () => {
  const alice = user("alice", ["devs", "system:authenticated"]);
  const sa = user("system:serviceaccount:shop:api", ["system:serviceaccounts", "system:serviceaccounts:shop"]);
  it.each([
    { name: "User by name", subject: User("alice"), who: alice, ns: "", want: true },
    { name: "User of another name", subject: User("bob"), who: alice, ns: "", want: false },
    { name: "Group the user is in", subject: Group("devs"), who: alice, ns: "", want: true },
    { name: "Group the user is not in", subject: Group("ops"), who: alice, ns: "", want: false },
    { name: "User named like a group", subject: User("devs"), who: alice, ns: "", want: false },
    { name: "ServiceAccount with namespace", subject: ServiceAccount("api", "shop"), who: sa, ns: "", want: true },
    { name: "ServiceAccount in another namespace", subject: ServiceAccount("api", "other"), who: sa, ns: "shop", want: false },
    { name: "ServiceAccount defaults to the RoleBinding's namespace", subject: ServiceAccount("api"), who: sa, ns: "shop", want: true },
    { name: "...and only to it", subject: ServiceAccount("api"), who: sa, ns: "other", want: false },
    { name: "ServiceAccount without namespace in a ClusterRoleBinding", subject: ServiceAccount("api"), who: sa, ns: "", want: false },
    { name: "User subject with the service account's username", subject: User("system:serviceaccount:shop:api"), who: sa, ns: "", want: true },
    { name: "implicit service-account group", subject: Group("system:serviceaccounts:shop"), who: sa, ns: "", want: true },
  ])("$name", ({ subject, who, ns, want }) => {
    expect(appliesTo(subject, who, ns)).toBe(want);
  });
});

describe("createAuthorizer", () => {
  it("a RoleBinding to a Role grants in its namespace only", () => {
    const authz = createAuthorizer(
      snapshot({
        roles: [role("shop", "reader", [readPods])],
        roleBindings: [roleBinding("shop", "alice-reads", { kind: "Role", name: "reader" }, [User("alice")])],
      }),
    );
    expect(authz.allows(user("alice"), request("list", "pods", { namespace: "shop" }))).toBe(true);
    expect(authz.allows(user("alice"), request("list", "pods", { namespace: "bank" }))).toBe(false);
    expect(authz.allows(user("alice"), request("list", "pods"))).toBe(false);
    expect(authz.allows(user("bob"), request("list", "pods", { namespace: "shop" }))).toBe(false);
  });

  it("a RoleBinding finds its Role in its own namespace, not a same-named Role elsewhere", () => {
    const authz = createAuthorizer(
      snapshot({
        roles: [role("bank", "reader", [readPods])],
        roleBindings: [roleBinding("shop", "alice-reads", { kind: "Role", name: "reader" }, [User("alice")])],
      }),
    );
    expect(authz.allows(user("alice"), request("list", "pods", { namespace: "shop" }))).toBe(false);
  });

  it("a RoleBinding to a ClusterRole grants only in the binding's namespace", () => {
    const authz = createAuthorizer(
      snapshot({
        clusterRoles: [clusterRole("pod-reader", [readPods])],
        roleBindings: [roleBinding("shop", "alice-reads", { kind: "ClusterRole", name: "pod-reader" }, [User("alice")])],
      }),
    );
    expect(authz.allows(user("alice"), request("get", "pods", { namespace: "shop", name: "p" }))).toBe(true);
    expect(authz.allows(user("alice"), request("get", "pods", { namespace: "bank", name: "p" }))).toBe(false);
    expect(authz.allows(user("alice"), request("list", "pods"))).toBe(false);
  });

  it("a ClusterRoleBinding grants in every namespace and cluster-wide", () => {
    const authz = createAuthorizer(
      snapshot({
        clusterRoles: [clusterRole("pod-reader", [readPods])],
        clusterRoleBindings: [clusterRoleBinding("alice-reads", "pod-reader", [User("alice")])],
      }),
    );
    for (const namespace of ["shop", "bank", ""]) {
      expect(authz.allows(user("alice"), request("list", "pods", { namespace }))).toBe(true);
    }
  });

  it("a binding to a missing role grants nothing", () => {
    const authz = createAuthorizer(
      snapshot({
        clusterRoleBindings: [clusterRoleBinding("ghost", "does-not-exist", [User("alice")])],
        roleBindings: [roleBinding("shop", "ghost", { kind: "Role", name: "does-not-exist" }, [User("alice")])],
      }),
    );
    expect(authz.grants(user("alice"), request("list", "pods", { namespace: "shop" }))).toEqual([]);
    expect(authz.rulesFor(user("alice"), "shop")).toEqual([]);
  });

  it("service accounts: named with and without namespace, and through their implicit groups", () => {
    const authz = createAuthorizer(
      snapshot({
        clusterRoles: [clusterRole("pod-reader", [readPods]), clusterRole("secret-reader", [readSecrets])],
        roleBindings: [
          roleBinding("shop", "by-default-ns", { kind: "ClusterRole", name: "pod-reader" }, [ServiceAccount("api")]),
        ],
        clusterRoleBindings: [
          clusterRoleBinding("all-shop-sas", "secret-reader", [Group("system:serviceaccounts:shop")]),
          clusterRoleBinding("unqualified", "pod-reader", [ServiceAccount("worker")]),
        ],
      }),
    );
    const api = user("system:serviceaccount:shop:api", ["system:serviceaccounts", "system:serviceaccounts:shop", "system:authenticated"]);
    const other = user("system:serviceaccount:bank:api", ["system:serviceaccounts", "system:serviceaccounts:bank", "system:authenticated"]);
    const worker = user("system:serviceaccount:shop:worker", ["system:serviceaccounts", "system:serviceaccounts:shop"]);

    expect(authz.allows(api, request("list", "pods", { namespace: "shop" }))).toBe(true);
    expect(authz.allows(other, request("list", "pods", { namespace: "shop" }))).toBe(false);
    expect(authz.allows(api, request("get", "secrets", { namespace: "bank", name: "s" }))).toBe(true);
    expect(authz.allows(other, request("get", "secrets", { namespace: "bank", name: "s" }))).toBe(false);
    // An unqualified ServiceAccount subject in a ClusterRoleBinding names no one.
    expect(authz.allows(worker, request("list", "pods", { namespace: "shop" }))).toBe(false);
  });

  it("a binding to system:authenticated grants every authenticated user", () => {
    const authz = createAuthorizer(buildSnapshot([
      clusterRole("pod-reader", [readPods]),
      clusterRoleBinding("everyone", "pod-reader", [Group("system:authenticated")]),
    ]));
    expect(authz.allows(user("anyone", ["system:authenticated"]), request("list", "pods"))).toBe(true);
    expect(authz.allows(user("system:anonymous", ["system:unauthenticated"]), request("list", "pods"))).toBe(false);
  });

  it("an aggregated ClusterRole chain grants what its sources declare", () => {
    const authz = createAuthorizer(
      buildSnapshot([
        clusterRole("admin", [], { selectors: [{ matchLabels: { "aggregate-to-admin": "true" } }] }),
        clusterRole("edit", [], { labels: { "aggregate-to-admin": "true" }, selectors: [{ matchLabels: { "aggregate-to-edit": "true" } }] }),
        clusterRole("view-pods", [readPods], { labels: { "aggregate-to-edit": "true" } }),
        roleBinding("shop", "alice-admin", { kind: "ClusterRole", name: "admin" }, [User("alice")]),
      ]),
    );
    expect(authz.allows(user("alice"), request("list", "pods", { namespace: "shop" }))).toBe(true);
  });

  it("non-resource URLs are granted through ClusterRoleBindings only", () => {
    const health = { verbs: ["get"], nonResourceURLs: ["/healthz", "/metrics/*"] };
    const authz = createAuthorizer(
      snapshot({
        clusterRoles: [clusterRole("health", [health])],
        clusterRoleBindings: [clusterRoleBinding("ops-health", "health", [Group("ops")])],
        roleBindings: [roleBinding("shop", "dev-health", { kind: "ClusterRole", name: "health" }, [Group("devs")])],
      }),
    );
    expect(authz.allows(user("o", ["ops"]), nonResource("get", "/metrics/cadvisor"))).toBe(true);
    expect(authz.allows(user("o", ["ops"]), nonResource("get", "/metrics"))).toBe(false);
    expect(authz.allows(user("d", ["devs"]), nonResource("get", "/healthz"))).toBe(false);
    expect(authz.allows(user("d", ["devs"]), { ...nonResource("get", "/healthz"), namespace: "shop" })).toBe(false);
  });

  it("resourceNames: [] allows any name; a listed name only that object", () => {
    const authz = createAuthorizer(
      snapshot({
        clusterRoles: [
          clusterRole("any", [{ verbs: ["get"], apiGroups: [""], resources: ["configmaps"], resourceNames: [] }]),
          clusterRole("one", [{ verbs: ["get"], apiGroups: [""], resources: ["secrets"], resourceNames: ["tls"] }]),
        ],
        clusterRoleBindings: [clusterRoleBinding("a", "any", [User("alice")]), clusterRoleBinding("o", "one", [User("alice")])],
      }),
    );
    expect(authz.allows(user("alice"), request("get", "configmaps", { namespace: "x", name: "whatever" }))).toBe(true);
    expect(authz.allows(user("alice"), request("get", "secrets", { namespace: "x", name: "tls" }))).toBe(true);
    expect(authz.allows(user("alice"), request("get", "secrets", { namespace: "x", name: "db" }))).toBe(false);
  });

  it("grants() lists every grant: ClusterRoleBindings first, then RoleBindings, with the matching subject", () => {
    const bootstrap = { "kubernetes.io/bootstrapping": "rbac-defaults" };
    const authz = createAuthorizer(
      snapshot({
        roles: [role("shop", "pods", [readPods])],
        clusterRoles: [clusterRole("view", [readSecrets, readPods])],
        roleBindings: [
          roleBinding("shop", "alice-pods", { kind: "Role", name: "pods" }, [User("bob"), Group("devs"), User("alice")]),
          roleBinding("bank", "alice-pods", { kind: "Role", name: "pods" }, [User("alice")]),
        ],
        clusterRoleBindings: [
          clusterRoleBinding("unrelated", "view", [User("bob")]),
          clusterRoleBinding("devs-view", "view", [Group("devs")], bootstrap),
        ],
      }),
    );
    const grants = authz.grants(user("alice", ["devs"]), request("get", "pods", { namespace: "shop", name: "p" }));
    expect(grants).toEqual([
      {
        binding: { kind: "ClusterRoleBinding", name: "devs-view" },
        role: { apiGroup: "rbac.authorization.k8s.io", kind: "ClusterRole", name: "view" },
        rule: readPods,
        subject: Group("devs"),
        bootstrap: true,
      },
      {
        binding: { kind: "RoleBinding", name: "alice-pods", namespace: "shop" },
        role: { apiGroup: "rbac.authorization.k8s.io", kind: "Role", name: "pods" },
        rule: readPods,
        // Kubernetes names the first subject that applies, here the group listed before the user.
        subject: Group("devs"),
        bootstrap: false,
      },
    ]);
    // Into a caller's list, emptied first: the same grants, the same objects.
    const into = [grants[1]!, grants[1]!, grants[1]!];
    expect(authz.grants(user("alice", ["devs"]), request("get", "pods", { namespace: "shop", name: "p" }), into)).toBe(into);
    expect(into).toEqual([...grants]);
    expect(authz.grants(user("carol"), request("get", "pods", { namespace: "shop" }), into)).toBe(into);
    expect(into).toEqual([]);
  });

  it("rulesFor() gives cluster-wide rules, plus a namespace's RoleBinding rules when asked", () => {
    const authz = createAuthorizer(
      snapshot({
        roles: [role("shop", "pods", [readPods])],
        clusterRoles: [clusterRole("secrets", [readSecrets])],
        roleBindings: [roleBinding("shop", "b", { kind: "Role", name: "pods" }, [User("alice")])],
        clusterRoleBindings: [clusterRoleBinding("c", "secrets", [User("alice")])],
      }),
    );
    expect(authz.rulesFor(user("alice"), "")).toEqual([readSecrets]);
    expect(authz.rulesFor(user("alice"), "shop")).toEqual([readSecrets, readPods]);
  });

  it("answers the same for a user seen again (cached) as the first time", () => {
    const authz = createAuthorizer(
      snapshot({
        clusterRoles: [clusterRole("pod-reader", [readPods])],
        roleBindings: [roleBinding("shop", "b", { kind: "ClusterRole", name: "pod-reader" }, [Group("devs")])],
      }),
    );
    const inShop = request("list", "pods", { namespace: "shop" });
    expect(authz.allows(user("alice", ["devs"]), inShop)).toBe(true);
    expect(authz.allows(user("alice", []), inShop)).toBe(false);
    expect(authz.allows(user("alice", ["devs"]), inShop)).toBe(true);
  });
});
