import { describe, expect, it } from "vitest";
import { ExceptionListSchema, exceptsBinding, exceptsSubject, isInForce } from "../../src/insights/exceptions.ts";

describe("exceptions", () => {
  it("accepts an exception for a subject or a binding, with owner, reason and expiry", () => {
    const list = ExceptionListSchema.parse({
      exceptions: [
        { subject: { kind: "ServiceAccount", namespace: "ci", name: "deployer" }, owner: "platform", reason: "release train", expires: "2024-06-01T00:00:00Z" },
        { binding: { kind: "ClusterRoleBinding", name: "break-glass" }, owner: "sre", reason: "emergency access" },
      ],
    });
    const [sa, glass] = list.exceptions;
    expect(exceptsSubject(sa!, { kind: "ServiceAccount", namespace: "ci", name: "deployer" })).toBe(true);
    expect(exceptsSubject(sa!, { kind: "ServiceAccount", namespace: "cd", name: "deployer" })).toBe(false);
    expect(exceptsBinding(glass!, { kind: "ClusterRoleBinding", name: "break-glass" })).toBe(true);
    expect(isInForce(sa!, Date.parse("2024-05-31T00:00:00Z"))).toBe(true);
    expect(isInForce(sa!, Date.parse("2024-06-02T00:00:00Z"))).toBe(false);
    expect(isInForce(glass!, Date.parse("2030-01-01T00:00:00Z"))).toBe(true);
  });

  it.each([
    [{ owner: "a", reason: "b" }, /exactly one/],
    [{ subject: { kind: "User", name: "x" }, binding: { kind: "ClusterRoleBinding", name: "y" }, owner: "a", reason: "b" }, /exactly one/],
    [{ subject: { kind: "User", name: "x" }, reason: "b" }, /owner/],
    [{ subject: { kind: "User", name: "x" }, owner: "a", reason: "b", expires: "next week" }, /expires/],
  ])("rejects %j", (entry, message) => {
    const result = ExceptionListSchema.safeParse({ exceptions: [entry] });
    expect(result.success).toBe(false);
    expect(JSON.stringify(result.error?.issues)).toMatch(message);
  });
});
