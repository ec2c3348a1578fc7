import { describe, expect, it } from "vitest";
import { defaultBootstrapObjects } from "../../src/rbac/defaults.ts";
import { createAuthorizer } from "../../src/rbac/evaluate.ts";
import { buildSnapshot } from "../../src/rbac/schema.ts";
import { nonResource, request, user } from "./build.ts";

describe("defaultBootstrapObjects", () => {
  const authz = createAuthorizer(buildSnapshot(defaultBootstrapObjects()));
  const authenticated = user("alice", ["system:authenticated"]);
  const anonymous = user("system:anonymous", ["system:unauthenticated"]);

  it.each([
    { who: authenticated, attrs: nonResource("get", "/apis/apps/v1"), want: true },
    { who: authenticated, attrs: nonResource("get", "/api"), want: true },
    { who: authenticated, attrs: nonResource("get", "/openapi/v3"), want: true },
    { who: authenticated, attrs: nonResource("get", "/version"), want: true },
    { who: authenticated, attrs: nonResource("get", "/readyz"), want: true },
    { who: authenticated, attrs: nonResource("get", "/metrics"), want: false },
    { who: authenticated, attrs: nonResource("post", "/api"), want: false },
    { who: authenticated, attrs: request("create", "selfsubjectaccessreviews", { apiGroup: "authorization.k8s.io" }), want: true },
    { who: authenticated, attrs: request("create", "selfsubjectrulesreviews", { apiGroup: "authorization.k8s.io" }), want: true },
    { who: authenticated, attrs: request("create", "selfsubjectreviews", { apiGroup: "authentication.k8s.io" }), want: true },
    { who: authenticated, attrs: request("list", "pods", { namespace: "default" }), want: false },
    { who: anonymous, attrs: nonResource("get", "/healthz"), want: true },
    { who: anonymous, attrs: nonResource("get", "/version/"), want: true },
    { who: anonymous, attrs: nonResource("get", "/apis"), want: false },
    { who: anonymous, attrs: request("create", "selfsubjectaccessreviews", { apiGroup: "authorization.k8s.io" }), want: false },
  ])("$who.name: $attrs.verb $attrs.path$attrs.resource → $want", ({ who, attrs, want }) => {
    expect(authz.allows(who, attrs)).toBe(want);
  });

  it("marks what it grants as bootstrap defaults", () => {
    const grants = authz.grants(authenticated, nonResource("get", "/version"));
    expect(grants.map((g) => [g.binding.name, g.bootstrap])).toEqual([
      ["system:discovery", true],
      ["system:public-info-viewer", true],
    ]);
  });
});
