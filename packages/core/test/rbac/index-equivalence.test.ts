import fc from "fast-check";
import { describe, expect, it } from "vitest";
import type { RequestAttributes, UserInfo } from "../../src/audit/request.ts";
import type { Grant } from "../../src/rbac/authorizer.ts";
import { appliesTo, createAuthorizer, ruleAllows } from "../../src/rbac/evaluate.ts";
import { bindingRefOf, isBootstrapDefault, type Binding, type BindingSubject, type RbacSnapshot } from "../../src/rbac/model.ts";
import { clusterRole, clusterRoleBinding, role, roleBinding } from "./build.ts";

/**
 * VisitRulesFor from registry/rbac/validation/rule.go, transcribed without any index or cache: the indexed
 * authorizer must give the same grants, in the same order, for any snapshot and request.
 */
function referenceGrants(s: RbacSnapshot, user: UserInfo, attrs: RequestAttributes): Grant[] {
  const namespace = attrs.resourceRequest ? attrs.namespace : "";
  const visit = (bindings: Binding[], ns: string) =>
    bindings.flatMap((b) => {
      const subject = b.subjects?.find((x) => appliesTo(x, user, ns));
      if (!subject) return [];
      const rules =
        b.roleRef.kind === "ClusterRole"
          ? s.clusterRoles.find((r) => r.metadata.name === b.roleRef.name)?.rules
          : s.roles.find((r) => ns !== "" && r.metadata.namespace === ns && r.metadata.name === b.roleRef.name)?.rules;
      return (rules ?? [])
        .filter((rule) => ruleAllows(attrs, rule))
        .map((rule) => ({ binding: bindingRefOf(b), role: b.roleRef, rule, subject, bootstrap: isBootstrapDefault(b.metadata) }));
    });
  return [...visit(s.clusterRoleBindings, ""), ...(namespace ? visit(s.roleBindings.filter((b) => b.metadata.namespace === namespace), namespace) : [])];
}

const namespaces = ["a", "b"];
const ns = fc.constantFrom(...namespaces);
const usernames = ["alice", "bob", "system:serviceaccount:a:sa", "system:serviceaccount:b:sa"];
const groups = ["devs", "ops", "system:serviceaccounts:a"];
const verbs = fc.constantFrom("get", "list", "delete", "*");
const resources = fc.constantFrom("pods", "secrets", "pods/log", "*/log", "*");
const rule = fc.record({
  verbs: fc.uniqueArray(verbs, { minLength: 1, maxLength: 2 }),
  apiGroups: fc.uniqueArray(fc.constantFrom("", "apps", "*"), { minLength: 1, maxLength: 2 }),
  resources: fc.uniqueArray(resources, { minLength: 1, maxLength: 2 }),
  resourceNames: fc.constantFrom<string[] | undefined>(undefined, [], ["x"]),
});
const roleName = fc.constantFrom("r1", "r2", "missing");
const subject: fc.Arbitrary<BindingSubject> = fc.oneof(
  fc.constantFrom("alice", "bob").map((name) => ({ kind: "User" as const, name })),
  fc.constantFrom(...groups).map((name) => ({ kind: "Group" as const, name })),
  fc.record({ name: fc.constant("sa"), namespace: fc.constantFrom(undefined, "a", "b") }).map(({ name, namespace }) =>
    namespace === undefined ? { kind: "ServiceAccount" as const, name } : { kind: "ServiceAccount" as const, name, namespace },
  ),
);
const subjects = fc.array(subject, { maxLength: 3 });
const label = fc.constantFrom<Record<string, string> | undefined>(undefined, { "kubernetes.io/bootstrapping": "rbac-defaults" });
const named = <T,>(items: T[]) => items.map((item, i) => [item, `b${i}`] as const);

/**
 * Names are unique per kind (and namespace), as in a cluster; buildSnapshot guarantees the same. `maxRules`
 * per role: with many, users hold more rules than the authorizer checks one by one, so its per-verb and
 * per-group lists are used.
 */
const snapshotWith = (maxRules: number): fc.Arbitrary<RbacSnapshot> => fc.record({
  roles: fc
    .uniqueArray(fc.tuple(ns, roleName, fc.array(rule, { maxLength: maxRules })), { selector: ([n, r]) => `${n}/${r}`, maxLength: 4 })
    .map((list) => list.map(([n, r, rules]) => role(n, r, rules))),
  clusterRoles: fc
    .uniqueArray(fc.tuple(roleName, fc.array(rule, { maxLength: maxRules })), { selector: ([r]) => r, maxLength: 3 })
    .map((list) => list.map(([r, rules]) => clusterRole(r, rules))),
  roleBindings: fc
    .array(fc.tuple(ns, fc.constantFrom<"Role" | "ClusterRole">("Role", "ClusterRole"), roleName, subjects, label), { maxLength: 6 })
    .map((list) => named(list).map(([[n, kind, r, subs, l], name]) => roleBinding(n, name, { kind, name: r }, subs, l))),
  clusterRoleBindings: fc
    .array(fc.tuple(roleName, subjects, label), { maxLength: 4 })
    .map((list) => named(list).map(([[r, subs, l], name]) => clusterRoleBinding(name, r, subs, l))),
  serviceAccounts: fc.constant([]),
  namespaces: fc.constant([]),
});

const request: fc.Arbitrary<RequestAttributes> = fc
  .record({
    verb: fc.constantFrom("get", "list", "delete"),
    apiGroup: fc.constantFrom("", "apps"),
    combined: fc.constantFrom("pods", "secrets", "pods/log"),
    namespace: fc.constantFrom("", ...namespaces),
    name: fc.constantFrom("", "x", "y"),
  })
  .map(({ verb, apiGroup, combined, namespace, name }) => {
    const [resource = "", subresource = ""] = combined.split("/");
    return { verb, resourceRequest: true, apiGroup, resource, subresource, namespace, name, path: "" };
  });

const userInfo: fc.Arbitrary<UserInfo> = fc.record({
  name: fc.constantFrom(...usernames),
  groups: fc.subarray(groups),
});

describe("createAuthorizer", () => {
  it.each([
    ["a few rules per role", 3],
    ["many rules per role", 10],
  ])("gives the same grants, in the same order, as an unindexed transcription of VisitRulesFor (%s)", (_, maxRules) => {
    fc.assert(
      fc.property(snapshotWith(maxRules), fc.array(fc.tuple(userInfo, request), { minLength: 1, maxLength: 8 }), (s, asks) => {
        const authz = createAuthorizer(s);
        for (const [user, attrs] of asks) {
          const want = referenceGrants(s, user, attrs);
          expect(authz.grants(user, attrs)).toEqual(want);
          expect(authz.allows(user, attrs)).toBe(want.length > 0);
        }
      }),
      { numRuns: 300 },
    );
  });
});
