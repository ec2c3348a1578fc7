import { describe, expect, it } from "vitest";
import { createAuthorizer } from "../../src/rbac/evaluate.ts";
import { generatedName, recommendationId } from "../../src/recommend/naming.ts";
import { recommend } from "../../src/recommend/recommend.ts";
import { RecommendationSchema } from "../../src/recommend/schema.ts";
import type { SubjectRef } from "../../src/subject.ts";
import { clusterRole, clusterRoleBinding, DAY, sa, snapshotOf, T0, used, WINDOW } from "./fixtures.ts";

const API: SubjectRef = { kind: "ServiceAccount", namespace: "shop", name: "api" };
const EVERYTHING = clusterRole("everything", [{ apiGroups: ["*"], resources: ["*"], verbs: ["*"] }]);

describe("recommendation ids", () => {
  it.each([
    [API, /^sa-shop-api-[0-9a-f]{8}$/],
    [{ kind: "User", name: "alice@example.com" }, /^user-alice-example-com-[0-9a-f]{8}$/],
    [{ kind: "Group", name: "devs" }, /^group-devs-[0-9a-f]{8}$/],
  ] as [SubjectRef, RegExp][])("%o gets a readable id", (subject, pattern) => {
    expect(recommendationId(subject)).toMatch(pattern);
  });

  it("is stable, distinct for a user and a group of the same name, and short enough to be a label value", () => {
    expect(recommendationId(API)).toBe(recommendationId({ ...API }));
    expect(recommendationId({ kind: "User", name: "devs" }).slice(-8)).not.toBe(recommendationId({ kind: "Group", name: "devs" }).slice(-8));
    const long = recommendationId({ kind: "User", name: `https://issuer.example.com/#${"x".repeat(200)}` });
    expect(long.length).toBeLessThanOrEqual(63);
    expect(long).toMatch(/^[a-z0-9][a-z0-9-]*[a-z0-9]$/);
  });
});

describe("generated names", () => {
  it("name the subject readably", () => {
    expect(generatedName(API)).toBe("rbac-recommender:sa:shop:api");
    expect(generatedName({ kind: "User", name: "alice@example.com" })).toBe("rbac-recommender:user:alice@example.com");
  });

  it("are valid path segments, and a hash keeps subjects apart when characters had to be replaced", () => {
    const slash = generatedName({ kind: "User", name: "corp/alice" });
    const dash = generatedName({ kind: "User", name: "corp-alice" });
    expect(slash).not.toMatch(/[/%]/);
    expect(slash).not.toBe(dash);
    expect(generatedName({ kind: "User", name: "100%" })).not.toContain("%");
  });

  it("are truncated with a hash when long", () => {
    const a = generatedName({ kind: "User", name: "a".repeat(300) });
    const b = generatedName({ kind: "User", name: `${"a".repeat(299)}b` });
    expect(a.length).toBeLessThanOrEqual(253);
    expect(a).not.toBe(b);
  });
});

describe("provenance and evidence", () => {
  const snapshot = snapshotOf(EVERYTHING, clusterRoleBinding("shop-admin", "everything", [sa("shop", "api")]));
  const allowed = [
    used({ verb: "get", name: "web-1" }, { count: 5, firstSeen: T0 + DAY, lastSeen: T0 + 3 * DAY, days: 3, via: { kind: "ClusterRoleBinding", name: "shop-admin" } }),
    used({ verb: "list" }, { count: 2, via: { kind: "ClusterRoleBinding", name: "shop-admin" } }),
  ];
  const { recommendations, notAttributable } = recommend(
    {
      subjects: [{ subject: API, allowed, denied: [] }],
      notAttributable: [{ user: "system:kube-scheduler", reason: "system-user", permissions: [used({ verb: "watch", resource: "nodes", namespace: "" })] }],
    },
    { snapshot, authorizer: createAuthorizer(snapshot), window: WINDOW, generator: "rbac-recommender 9.9.9" },
  );
  const rec = recommendations[0]!;

  it("labels and annotates every generated object with where it came from", () => {
    for (const object of rec.apply) {
      expect(object.metadata.labels).toEqual({ "app.kubernetes.io/managed-by": "rbac-recommender", "rbac-recommender.io/recommendation": rec.id });
      expect(object.metadata.annotations).toEqual({
        "rbac-recommender.io/subject": "ServiceAccount shop/api",
        "rbac-recommender.io/window": "2026-11-01T00:00:00.000Z/2026-12-01T00:00:00.000Z",
        "rbac-recommender.io/requests": "7",
        "rbac-recommender.io/generator": "rbac-recommender 9.9.9",
      });
    }
  });

  it("keeps the evidence of every permission with ISO times, days and the binding it came through", () => {
    expect(rec.usage.requests).toBe(7);
    expect(rec.usage.permissions[0]).toEqual({
      verb: "get",
      apiGroup: "",
      resource: "pods",
      namespace: "shop",
      name: "web-1",
      count: 5,
      firstSeen: "2026-11-02T00:00:00.000Z",
      lastSeen: "2026-11-04T00:00:00.000Z",
      days: 3,
      via: { kind: "ClusterRoleBinding", name: "shop-admin" },
    });
    expect(rec.summary).toBe("Replace 1 binding of ServiceAccount shop/api with 1 Role built from 7 requests in the window.");
    expect(rec.window).toEqual({ from: "2026-11-01T00:00:00.000Z", to: "2026-12-01T00:00:00.000Z" });
  });

  it("validates against the report schema", () => {
    expect(RecommendationSchema.safeParse(rec).success).toBe(true);
  });

  it("reports usage no RBAC change can reduce", () => {
    expect(notAttributable).toEqual([
      {
        user: "system:kube-scheduler",
        reason: "system-user",
        requests: 3,
        permissions: [{ verb: "watch", apiGroup: "", resource: "nodes", count: 3, firstSeen: "2026-11-02T00:00:00.000Z", lastSeen: "2026-11-03T00:00:00.000Z", days: 2 }],
      },
    ]);
  });

  it("writes the RoleBinding namespace into its via", () => {
    const viaRb = recommend(
      { subjects: [{ subject: API, allowed: [used({}, { via: { kind: "RoleBinding", name: "rb", namespace: "shop" } })], denied: [] }], notAttributable: [] },
      { window: WINDOW },
    );
    expect(viaRb.recommendations[0]!.usage.permissions[0]!.via).toEqual({ kind: "RoleBinding", name: "rb", namespace: "shop" });
  });
});
