import type { RequestAttributes } from "../../src/audit/request.ts";
import type { BindingRef, ClusterRole, ClusterRoleBinding, PolicyRule, RbacSnapshot, Role, RoleBinding } from "../../src/rbac/model.ts";
import { emptySnapshot } from "../../src/rbac/model.ts";
import type { PermissionUsage } from "../../src/usage/subject-usage.ts";

const RBAC = "rbac.authorization.k8s.io/v1" as const;

export function clusterRole(name: string, rules: PolicyRule[], labels?: Record<string, string>): ClusterRole {
  return { apiVersion: RBAC, kind: "ClusterRole", metadata: { name, ...(labels ? { labels } : {}) }, rules };
}
export function role(namespace: string, name: string, rules: PolicyRule[]): Role {
  return { apiVersion: RBAC, kind: "Role", metadata: { name, namespace }, rules };
}
export function crb(name: string, roleName: string, subjects: ClusterRoleBinding["subjects"], created?: string): ClusterRoleBinding {
  return {
    apiVersion: RBAC,
    kind: "ClusterRoleBinding",
    metadata: { name, ...(created ? { creationTimestamp: created } : {}) },
    roleRef: { apiGroup: "rbac.authorization.k8s.io", kind: "ClusterRole", name: roleName },
    subjects,
  };
}
export function rb(namespace: string, name: string, roleRef: RoleBinding["roleRef"], subjects: RoleBinding["subjects"]): RoleBinding {
  return { apiVersion: RBAC, kind: "RoleBinding", metadata: { name, namespace }, roleRef, subjects };
}
export function snapshot(parts: Partial<RbacSnapshot>): RbacSnapshot {
  return { ...emptySnapshot(), ...parts };
}
export function use(attrs: Partial<RequestAttributes>, count: number, via?: BindingRef, lastSeen = Date.parse("2024-05-03T00:00:00Z")): PermissionUsage {
  return {
    attrs: { verb: "get", resourceRequest: true, apiGroup: "", resource: "configmaps", subresource: "", namespace: "shop", name: "", path: "", ...attrs },
    count,
    firstSeen: Date.parse("2024-05-01T00:00:00Z"),
    lastSeen,
    days: 1,
    coveredByDefaults: false,
    ...(via ? { via } : {}),
  };
}
