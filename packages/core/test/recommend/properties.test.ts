import fc from "fast-check";
import { describe, expect, it } from "vitest";
import type { RequestAttributes, UserInfo } from "../../src/audit/request.ts";
import type { Authorizer, Grant } from "../../src/rbac/authorizer.ts";
import { createAuthorizer } from "../../src/rbac/evaluate.ts";
import type { BindingSubject, ClusterRoleBinding, PolicyRule, RbacSnapshot, Role, RoleBinding } from "../../src/rbac/model.ts";
import { recommend } from "../../src/recommend/recommend.ts";
import { RecommendationSchema, type Recommendation } from "../../src/recommend/schema.ts";
import { subjectKey, subjectOfUsername, type SubjectRef } from "../../src/subject.ts";
import type { AttributedUsage, PermissionUsage, SubjectUsage } from "../../src/usage/subject-usage.ts";
import { applyAll, BOOTSTRAP, clusterRole, clusterRoleBinding, role, roleBinding, snapshotOf, WINDOW } from "./fixtures.ts";

/**
 * Random clusters and random traffic: whatever the RBAC and the usage, applying every change set keeps what
 * was used, adds nothing, and never writes a wildcard.
 */

const NAMESPACES = ["a", "b"];
const USERS: UserInfo[] = [
  { name: "alice", groups: ["g1"] },
  { name: "bob", groups: ["g1", "g2"] },
  { name: "carol", groups: [] },
  { name: "system:serviceaccount:a:sa1", groups: ["system:serviceaccounts", "system:serviceaccounts:a"] },
  { name: "system:serviceaccount:b:sa2", groups: ["system:serviceaccounts", "system:serviceaccounts:b", "g2"] },
];
const ENTRIES: BindingSubject[] = [
  { kind: "User", name: "alice" },
  { kind: "User", name: "bob" },
  { kind: "User", name: "carol" },
  { kind: "Group", name: "g1" },
  { kind: "Group", name: "g2" },
  { kind: "Group", name: "system:serviceaccounts:b" },
  { kind: "ServiceAccount", name: "sa1", namespace: "a" },
  { kind: "ServiceAccount", name: "sa2", namespace: "b" },
  { kind: "User", name: "system:serviceaccount:a:sa1" },
  // Means "sa1 in the RoleBinding's namespace"; in a ClusterRoleBinding it names no one.
  { kind: "ServiceAccount", name: "sa1" },
];
const RESOURCES = ["pods", "secrets", "nodes", "pods/log", "deployments"];
const VERBS = ["get", "list", "create", "update", "delete", "impersonate"];
const NAMELESS = new Set(["list", "create"]);

const subset = <T>(values: readonly T[], minLength = 1) => fc.subarray([...values], { minLength });

const resourceRule: fc.Arbitrary<PolicyRule> = fc
  .record({
    apiGroups: subset(["", "apps", "*"]),
    resources: subset([...RESOURCES, "*"]),
    verbs: subset([...VERBS, "*"]),
    resourceNames: fc.option(subset(["x", "y"]), { nil: undefined }),
  })
  .map(({ resourceNames, ...rule }) => (resourceNames ? { ...rule, resourceNames } : rule));
const urlRule: fc.Arbitrary<PolicyRule> = fc.record({ nonResourceURLs: subset(["/metrics", "/healthz", "/api/*"]), verbs: subset(["get", "*"]) });
const rules = fc.array(fc.oneof({ weight: 4, arbitrary: resourceRule }, { weight: 1, arbitrary: urlRule }), { minLength: 1, maxLength: 3 });

/** A cluster as it is today, and as it was while the audit log was written: with bindings deleted since. */
interface History {
  today: RbacSnapshot;
  past: RbacSnapshot;
}

const bindingExtras = { deletedSince: fc.nat(4).map((n) => n === 0) };

const history: fc.Arbitrary<History> = fc
  .record({
    clusterRoles: fc.array(rules, { minLength: 1, maxLength: 3 }),
    roles: fc.array(fc.record({ namespace: fc.constantFrom(...NAMESPACES), rules }), { maxLength: 3 }),
    clusterBindings: fc.array(fc.record({ role: fc.nat(9), subjects: subset(ENTRIES), bootstrap: fc.boolean(), ...bindingExtras }), { maxLength: 4 }),
    roleBindings: fc.array(
      fc.record({ namespace: fc.constantFrom(...NAMESPACES), toClusterRole: fc.boolean(), role: fc.nat(9), subjects: subset(ENTRIES), ...bindingExtras }),
      { maxLength: 4 },
    ),
  })
  .map((s) => {
    const clusterRoles = s.clusterRoles.map((r, i) => clusterRole(`cr${i}`, r));
    const roles: Role[] = s.roles.map((r, i) => role(r.namespace, `r${i}`, r.rules));
    const crbs = s.clusterBindings.map((b, i) => ({
      binding: clusterRoleBinding(`crb${i}`, `cr${b.role % clusterRoles.length}`, b.subjects, b.bootstrap && i === 0 ? BOOTSTRAP : undefined),
      deletedSince: b.deletedSince && !(b.bootstrap && i === 0),
    }));
    const rbs = s.roleBindings.map((b, i) => {
      const local = roles.filter((r) => r.metadata.namespace === b.namespace);
      const ref =
        b.toClusterRole || local.length === 0
          ? { kind: "ClusterRole" as const, name: `cr${b.role % clusterRoles.length}` }
          : { kind: "Role" as const, name: local[b.role % local.length]!.metadata.name };
      return { binding: roleBinding(b.namespace, `rb${i}`, ref, b.subjects), deletedSince: b.deletedSince };
    });
    const current = <T>(list: { binding: T; deletedSince: boolean }[]) => list.filter((b) => !b.deletedSince).map((b) => b.binding);
    return {
      today: snapshotOf(...clusterRoles, ...roles, ...current<ClusterRoleBinding>(crbs), ...current<RoleBinding>(rbs)),
      past: snapshotOf(...clusterRoles, ...roles, ...crbs.map((b) => b.binding), ...rbs.map((b) => b.binding)),
    };
  });

const resourceRequest: fc.Arbitrary<RequestAttributes> = fc
  .record({
    verb: fc.constantFrom(...VERBS),
    resource: fc.constantFrom(...RESOURCES),
    apiGroup: fc.constantFrom("", "apps"),
    namespace: fc.constantFrom("", ...NAMESPACES),
    name: fc.constantFrom("x", "y", "z"),
  })
  .map((r) => {
    const [resource, subresource = ""] = r.resource.split("/") as [string, string?];
    return { ...r, resource, subresource, name: NAMELESS.has(r.verb) ? "" : r.name, resourceRequest: true, path: "" };
  });
const urlRequest: fc.Arbitrary<RequestAttributes> = fc.constantFrom("/metrics", "/healthz", "/api/v1").map((path) => ({
  verb: "get",
  resourceRequest: false,
  apiGroup: "",
  resource: "",
  subresource: "",
  namespace: "",
  name: "",
  path,
}));
const anyRequest = fc.oneof({ weight: 4, arbitrary: resourceRequest }, { weight: 1, arbitrary: urlRequest });
/** Real traffic repeats itself: the same few operations by the same users, on different objects. */
const traffic = fc
  .record({
    operations: fc.array(anyRequest, { minLength: 1, maxLength: 6 }),
    requests: fc.array(fc.record({ user: fc.nat(USERS.length - 1), operation: fc.nat(5), name: fc.constantFrom("x", "y", "z") }), { maxLength: 30 }),
  })
  .map(({ operations, requests }) =>
    requests.map(({ user, operation, name }) => {
      const attrs = operations[operation % operations.length]!;
      return { user, attrs: attrs.name === "" ? attrs : { ...attrs, name } };
    }),
  );

interface Observed {
  user: UserInfo;
  attrs: RequestAttributes;
  /** Allowed when it was made (by the past RBAC). */
  allowed: boolean;
  /** Still allowed by today's RBAC: only these must stay allowed. */
  allowedToday: boolean;
}

/** The subject a grant names: what the reason annotation would say. */
function subjectOfGrant(grant: Grant): SubjectRef {
  const s = grant.subject;
  if (s.kind === "ServiceAccount") return { kind: "ServiceAccount", name: s.name, namespace: s.namespace || grant.binding.namespace || "" };
  return s.kind === "User" ? subjectOfUsername(s.name) : { kind: "Group", name: s.name };
}

function permission(attrs: RequestAttributes, grant?: Grant): PermissionUsage {
  return { attrs, count: 1, firstSeen: WINDOW.from, lastSeen: WINDOW.from, days: 1, coveredByDefaults: grant?.bootstrap ?? false, ...(grant ? { via: grant.binding } : {}) };
}

/**
 * Each allowed request goes to the subject of the grant it came through (defaults first), denied ones to the
 * requester. A request whose binding is gone today is attributed as its reason annotation would name it.
 */
function attributed(observed: Observed[], today: Authorizer, past: Authorizer): AttributedUsage {
  const bySubject = new Map<string, SubjectUsage>();
  const entry = (subject: SubjectRef) => {
    const key = subjectKey(subject);
    if (!bySubject.has(key)) bySubject.set(key, { subject, allowed: [], denied: [] });
    return bySubject.get(key)!;
  };
  for (const o of observed) {
    if (!o.allowed) {
      entry(subjectOfUsername(o.user.name)).denied.push(permission(o.attrs));
      continue;
    }
    const grants = (o.allowedToday ? today : past).grants(o.user, o.attrs);
    const grant = grants.find((g) => g.bootstrap) ?? grants[0]!;
    entry(subjectOfGrant(grant)).allowed.push(permission(o.attrs, grant));
  }
  return { subjects: [...bySubject.values()], notAttributable: [] };
}

interface Scenario {
  before: Authorizer;
  after: Authorizer;
  observed: Observed[];
  recommendations: Recommendation[];
}

function scenario({ today, past }: History, requests: { user: number; attrs: RequestAttributes }[], maxResourceNames: number): Scenario {
  const before = createAuthorizer(today);
  const then = createAuthorizer(past);
  const observed = requests.map(({ user, attrs }) => {
    const u = USERS[user]!;
    return { user: u, attrs, allowed: then.allows(u, attrs), allowedToday: before.allows(u, attrs) };
  });
  const { recommendations } = recommend(attributed(observed, before, then), { snapshot: today, authorizer: before, window: WINDOW, maxResourceNames });
  return { before, after: createAuthorizer(applyAll(today, recommendations)), observed, recommendations };
}

const scenarios = fc
  .record({ history, requests: traffic, maxResourceNames: fc.constantFrom(1, 10) })
  .map(({ history, requests, maxResourceNames }) => scenario(history, requests, maxResourceNames));

const RUNS = { numRuns: 300 };

describe("applying every change set", () => {
  it("keeps every allowed observed request that RBAC still allows allowed for its user", () => {
    fc.assert(
      fc.property(scenarios, ({ after, observed }) => {
        for (const o of observed.filter((x) => x.allowedToday)) expect(after.allows(o.user, o.attrs), `${o.user.name} ${JSON.stringify(o.attrs)}`).toBe(true);
      }),
      RUNS,
    );
  });

  it("adds no access: whatever is allowed after was allowed before, for every user", () => {
    fc.assert(
      fc.property(scenarios, fc.array(fc.oneof(resourceRequest, urlRequest), { maxLength: 40 }), ({ before, after, observed }, probes) => {
        for (const attrs of [...probes, ...observed.map((o) => o.attrs)]) {
          for (const user of USERS) if (after.allows(user, attrs)) expect(before.allows(user, attrs), `${user.name} ${JSON.stringify(attrs)}`).toBe(true);
        }
      }),
      RUNS,
    );
  });

  it("never lets a denied request through", () => {
    fc.assert(
      fc.property(scenarios, ({ after, observed }) => {
        for (const o of observed.filter((x) => !x.allowed)) expect(after.allows(o.user, o.attrs)).toBe(false);
      }),
      RUNS,
    );
  });

  it("writes no wildcard in any generated rule, and only valid recommendations", () => {
    fc.assert(
      fc.property(scenarios, ({ recommendations }) => {
        for (const rec of recommendations) {
          expect(RecommendationSchema.safeParse(rec).success).toBe(true);
          for (const object of rec.apply) {
            const rules = (object as unknown as Role).rules ?? [];
            expect(rules.flatMap((r) => [...r.verbs, ...(r.apiGroups ?? []), ...(r.resources ?? []), ...(r.nonResourceURLs ?? []), ...(r.resourceNames ?? [])])).not.toContainEqual(
              expect.stringContaining("*"),
            );
          }
        }
      }),
      RUNS,
    );
  });

  it("exercises the interesting cases: some scenarios replace roles and remove bindings", () => {
    const samples = fc.sample(scenarios, { numRuns: 200, seed: 42 });
    expect(samples.some((s) => s.recommendations.some((r) => r.kind === "REPLACE_ROLE" && r.apply.length > 0 && r.remove.length > 0))).toBe(true);
    expect(samples.some((s) => s.recommendations.some((r) => r.kind === "REMOVE_BINDING"))).toBe(true);
    expect(samples.some((s) => s.recommendations.some((r) => r.notGranted.length > 0))).toBe(true);
  });
});
