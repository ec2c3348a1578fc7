import { describe, expect, it } from "vitest";
import { aggregateClusterRoles, aggregationOrigins, ruleOrigin } from "../../src/rbac/aggregate.ts";
import { requirementMatches, selectorMatches } from "../../src/rbac/label-selector.ts";
import type { ClusterRole, LabelSelectorRequirement, PolicyRule } from "../../src/rbac/model.ts";
import { clusterRole } from "./build.ts";

const rule = (resource: string, verbs = ["get"]): PolicyRule => ({ verbs, apiGroups: [""], resources: [resource] });
const rulesOf = (roles: ClusterRole[], name: string) => roles.find((r) => r.metadata.name === name)?.rules;

describe("label selectors", () => {
  const labels = { tier: "web", env: "prod" };
  it.each<{ req: LabelSelectorRequirement; want: boolean }>([
    { req: { key: "tier", operator: "In", values: ["web", "api"] }, want: true },
    { req: { key: "tier", operator: "In", values: ["api"] }, want: false },
    { req: { key: "team", operator: "In", values: ["web"] }, want: false },
    { req: { key: "tier", operator: "NotIn", values: ["api"] }, want: true },
    { req: { key: "tier", operator: "NotIn", values: ["web"] }, want: false },
    { req: { key: "team", operator: "NotIn", values: ["web"] }, want: true },
    { req: { key: "env", operator: "Exists" }, want: true },
    { req: { key: "team", operator: "Exists" }, want: false },
    { req: { key: "team", operator: "DoesNotExist" }, want: true },
    { req: { key: "env", operator: "DoesNotExist" }, want: false },
  ])("$req.key $req.operator $req.values: $want", ({ req, want }) => {
    expect(requirementMatches(req, labels)).toBe(want);
  });

  it("needs every matchLabel and every expression; an empty selector matches everything", () => {
    expect(selectorMatches({ matchLabels: { tier: "web", env: "prod" } }, labels)).toBe(true);
    expect(selectorMatches({ matchLabels: { tier: "web", env: "dev" } }, labels)).toBe(false);
    expect(selectorMatches({ matchLabels: { tier: "web" }, matchExpressions: [{ key: "env", operator: "DoesNotExist" }] }, labels)).toBe(false);
    expect(selectorMatches({}, undefined)).toBe(true);
    expect(selectorMatches({ matchLabels: { tier: "web" } }, undefined)).toBe(false);
  });
});

describe("aggregateClusterRoles", () => {
  const toAdmin = { labels: { "aggregate-to-admin": "true" } };

  it("collects the de-duplicated rules of matching roles in name order, not its own", () => {
    const { clusterRoles } = aggregateClusterRoles([
      clusterRole("admin", [rule("stale")], { ...toAdmin, selectors: [{ matchLabels: toAdmin.labels }] }),
      clusterRole("zeta", [rule("secrets"), rule("pods")], toAdmin),
      clusterRole("alpha", [rule("pods"), rule("configmaps")], toAdmin),
      clusterRole("unlabelled", [rule("nodes")]),
    ]);
    expect(rulesOf(clusterRoles, "admin")).toEqual([rule("pods"), rule("configmaps"), rule("secrets")]);
  });

  it("treats absent and empty lists as the same rule when de-duplicating", () => {
    const { clusterRoles } = aggregateClusterRoles([
      clusterRole("agg", [], { selectors: [{ matchLabels: { a: "1" } }] }),
      clusterRole("one", [{ verbs: ["get"], resources: ["pods"] }], { labels: { a: "1" } }),
      clusterRole("two", [{ verbs: ["get"], resources: ["pods"], apiGroups: [], resourceNames: [] }], { labels: { a: "1" } }),
    ]);
    expect(rulesOf(clusterRoles, "agg")).toHaveLength(1);
  });

  it("follows selector order first, then names", () => {
    const { clusterRoles } = aggregateClusterRoles([
      clusterRole("agg", [], { selectors: [{ matchLabels: { second: "yes" } }, { matchLabels: { first: "yes" } }] }),
      clusterRole("a", [rule("a")], { labels: { first: "yes" } }),
      clusterRole("b", [rule("b")], { labels: { second: "yes" } }),
    ]);
    expect(rulesOf(clusterRoles, "agg")).toEqual([rule("b"), rule("a")]);
  });

  it("resolves view → edit → admin chains whatever order the roles come in", () => {
    const roles = [
      clusterRole("admin", [], { selectors: [{ matchLabels: { "to-admin": "true" } }] }),
      clusterRole("edit", [], { labels: { "to-admin": "true" }, selectors: [{ matchLabels: { "to-edit": "true" } }] }),
      clusterRole("view", [], { labels: { "to-edit": "true" }, selectors: [{ matchLabels: { "to-view": "true" } }] }),
      clusterRole("system:aggregate-to-edit", [rule("pods", ["create"])], { labels: { "to-edit": "true" } }),
      clusterRole("system:aggregate-to-view", [rule("pods")], { labels: { "to-view": "true" } }),
    ];
    for (const order of [roles, [...roles].reverse()]) {
      const { clusterRoles } = aggregateClusterRoles(order);
      expect(rulesOf(clusterRoles, "view")).toEqual([rule("pods")]);
      expect(rulesOf(clusterRoles, "edit")).toEqual([rule("pods", ["create"]), rule("pods")]);
      expect(rulesOf(clusterRoles, "admin")).toEqual([rule("pods", ["create"]), rule("pods")]);
    }
  });

  it("records where each aggregated rule came from, through the chain", () => {
    const { clusterRoles, origins } = aggregateClusterRoles([
      clusterRole("admin", [], { selectors: [{ matchLabels: { "to-admin": "true" } }] }),
      clusterRole("edit", [], { labels: { "to-admin": "true" }, selectors: [{ matchLabels: { "to-edit": "true" } }] }),
      clusterRole("system:aggregate-to-admin", [rule("roles", ["create"])], { labels: { "to-admin": "true" } }),
      clusterRole("system:aggregate-to-edit", [rule("pods", ["create"])], { labels: { "to-edit": "true" } }),
    ]);
    expect(origins.get("admin")?.sources).toEqual(["edit", "system:aggregate-to-admin"]);
    expect(ruleOrigin(origins, "admin", rule("pods", ["create"]))).toEqual(["admin", "edit", "system:aggregate-to-edit"]);
    expect(ruleOrigin(origins, "admin", rule("roles", ["create"]))).toEqual(["admin", "system:aggregate-to-admin"]);
    expect(ruleOrigin(origins, "system:aggregate-to-edit", rule("pods", ["create"]))).toEqual(["system:aggregate-to-edit"]);
    // The snapshot keeps resolved roles only; origins can be recovered from them.
    expect(aggregationOrigins(clusterRoles)).toEqual(origins);
  });

  it("terminates on selector cycles, each role holding the other's sources", () => {
    const { clusterRoles, origins } = aggregateClusterRoles([
      clusterRole("a", [], { labels: { group: "x" }, selectors: [{ matchLabels: { group: "x" } }] }),
      clusterRole("b", [], { labels: { group: "x" }, selectors: [{ matchLabels: { group: "x" } }] }),
      clusterRole("leaf", [rule("pods")], { labels: { group: "x" } }),
    ]);
    expect(rulesOf(clusterRoles, "a")).toEqual([rule("pods")]);
    expect(rulesOf(clusterRoles, "b")).toEqual([rule("pods")]);
    expect(ruleOrigin(origins, "a", rule("pods"))).toEqual(["a", "leaf"]);
  });

  it("keeps the rules as read when the selectors match nothing (a partial export)", () => {
    const { clusterRoles } = aggregateClusterRoles([
      clusterRole("admin", [rule("pods")], { selectors: [{ matchLabels: { "to-admin": "true" } }] }),
    ]);
    expect(rulesOf(clusterRoles, "admin")).toEqual([rule("pods")]);
  });

  it("leaves the input untouched", () => {
    const input = [
      clusterRole("agg", [], { selectors: [{ matchLabels: { a: "1" } }] }),
      clusterRole("src", [rule("pods")], { labels: { a: "1" } }),
    ];
    const copy = structuredClone(input);
    aggregateClusterRoles(input);
    expect(input).toEqual(copy);
  });
});
