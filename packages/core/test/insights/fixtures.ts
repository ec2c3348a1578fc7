import type { RequestAttributes } from "../../src/audit/request.ts";
import type { BindingRef, BindingSubject, ClusterRole, ClusterRoleBinding, PolicyRule, RbacSnapshot } from "../../src/rbac/model.ts";
import { clusterRole as buildClusterRole, clusterRoleBinding } from "../rbac/build.ts";
import { emptySnapshot } from "../../src/rbac/model.ts";
import type { PermissionUsage } from "../../src/usage/subject-usage.ts";


export { role, roleBinding as rb } from "../rbac/build.ts";

export function clusterRole(name: string, rules: PolicyRule[], labels?: Record<string, string>): ClusterRole {
  return buildClusterRole(name, rules, labels ? { labels } : {});
}

/** A ClusterRoleBinding to a ClusterRole, optionally with its creation time (binding age matters to safeguards). */
export function crb(name: string, roleName: string, subjects: BindingSubject[], created?: string): ClusterRoleBinding {
  const binding = clusterRoleBinding(name, roleName, subjects);
  return created ? { ...binding, metadata: { ...binding.metadata, creationTimestamp: created } } : binding;
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
