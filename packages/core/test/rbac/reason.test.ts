import { describe, expect, it } from "vitest";
import { parseAuthorizationReason } from "../../src/rbac/reason.ts";

describe("parseAuthorizationReason", () => {
  it.each([
    {
      reason: 'RBAC: allowed by ClusterRoleBinding "crb" of ClusterRole "view" to Group "devs"',
      want: {
        binding: { kind: "ClusterRoleBinding", name: "crb" },
        role: { kind: "ClusterRole", name: "view" },
        subject: { kind: "Group", name: "devs" },
      },
    },
    {
      reason: 'RBAC: allowed by RoleBinding "shop/app" of Role "app" to ServiceAccount "api/app"',
      want: {
        binding: { kind: "RoleBinding", name: "shop", namespace: "app" },
        role: { kind: "Role", name: "app" },
        subject: { kind: "ServiceAccount", name: "api", namespace: "app" },
      },
    },
    {
      reason: 'RBAC: allowed by RoleBinding "edit/shop" of ClusterRole "edit" to User "alice@example.com"',
      want: {
        binding: { kind: "RoleBinding", name: "edit", namespace: "shop" },
        role: { kind: "ClusterRole", name: "edit" },
        subject: { kind: "User", name: "alice@example.com" },
      },
    },
    {
      reason: 'RBAC: allowed by ClusterRoleBinding "system:basic-user" of ClusterRole "system:basic-user" to Group "system:authenticated"',
      want: {
        binding: { kind: "ClusterRoleBinding", name: "system:basic-user" },
        role: { kind: "ClusterRole", name: "system:basic-user" },
        subject: { kind: "Group", name: "system:authenticated" },
      },
    },
    {
      // Go's %q escapes quotes, backslashes and control characters; user and group names may hold any of them.
      reason: 'RBAC: allowed by ClusterRoleBinding "crb" of ClusterRole "view" to User "CN=\\"Ops\\", O=a\\\\b\\tc\\u00e9\\xc3\\xa9"',
      want: {
        binding: { kind: "ClusterRoleBinding", name: "crb" },
        role: { kind: "ClusterRole", name: "view" },
        subject: { kind: "User", name: 'CN="Ops", O=a\\b\tcéé' },
      },
    },
    {
      reason: 'RBAC: allowed by ClusterRoleBinding "crb" of ClusterRole "view" to Group "ünïcode 日本"',
      want: {
        binding: { kind: "ClusterRoleBinding", name: "crb" },
        role: { kind: "ClusterRole", name: "view" },
        subject: { kind: "Group", name: "ünïcode 日本" },
      },
    },
  ])("$reason", ({ reason, want }) => {
    expect(parseAuthorizationReason(reason)).toEqual(want);
  });

  it.each([
    { name: "absent", reason: undefined },
    { name: "empty (system:masters, Node authorizer)", reason: "" },
    { name: "another authorizer", reason: "allowed by webhook" },
    { name: "RBAC resolution errors on a denial", reason: 'RBAC: clusterrole.rbac.authorization.k8s.io "gone" not found' },
    { name: "unknown subject kind", reason: 'RBAC: allowed by ClusterRoleBinding "crb" of ClusterRole "view" to Robot "r"' },
    { name: "RoleBinding without namespace", reason: 'RBAC: allowed by RoleBinding "rb" of Role "r" to User "u"' },
    { name: "ServiceAccount without namespace", reason: 'RBAC: allowed by ClusterRoleBinding "c" of ClusterRole "r" to ServiceAccount "sa"' },
    { name: "unterminated quote", reason: 'RBAC: allowed by ClusterRoleBinding "crb" of ClusterRole "view" to User "alice' },
    { name: "trailing text", reason: 'RBAC: allowed by ClusterRoleBinding "c" of ClusterRole "r" to User "u" and more' },
    { name: "bad escape", reason: 'RBAC: allowed by ClusterRoleBinding "c" of ClusterRole "r" to User "\\q"' },
  ])("$name → undefined", ({ reason }) => {
    expect(parseAuthorizationReason(reason)).toBeUndefined();
  });
});
