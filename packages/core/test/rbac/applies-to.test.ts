import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { appliesTo } from "../../src/rbac/applies-to.ts";
import { isServiceAccountUsername, serviceAccountUsername } from "../../src/subject.ts";

describe("a ServiceAccount subject names the user", () => {
  const user = (name: string) => ({ name, groups: [] });

  it.each([
    ["its own namespace", { kind: "ServiceAccount", name: "shop", namespace: "api" }, "", "system:serviceaccount:api:shop", true],
    ["the binding's namespace when it has none", { kind: "ServiceAccount", name: "shop" }, "api", "system:serviceaccount:api:shop", true],
    ["no namespace at all (a ClusterRoleBinding's)", { kind: "ServiceAccount", name: "shop" }, "", "system:serviceaccount::shop", false],
    ["another account's name", { kind: "ServiceAccount", name: "shop", namespace: "api" }, "", "system:serviceaccount:api:shops", false],
    ["a user of that name", { kind: "ServiceAccount", name: "shop", namespace: "api" }, "", "shop", false],
  ] as const)("%s", (_, subject, bindingNamespace, username, applies) => {
    expect(appliesTo(subject, user(username), bindingNamespace)).toBe(applies);
  });

  it("as the username built from namespace and name, whatever characters they hold", () => {
    const text = fc.string({ unit: fc.constantFrom("a", "b", ":", "s", "y", "-") , maxLength: 6 });
    const username = fc.oneof(text, fc.tuple(text, text).map(([ns, name]) => serviceAccountUsername(ns, name)), text.map((t) => `system:serviceaccount:${t}`));
    fc.assert(fc.property(username, text, text, (name, ns, account) => {
      expect(isServiceAccountUsername(name, ns, account)).toBe(name === serviceAccountUsername(ns, account));
    }), { numRuns: 5000 });
  });
});
