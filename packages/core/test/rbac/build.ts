import type { RequestAttributes, UserInfo } from "../../src/audit/request.ts";
import type {
  BindingSubject,
  ClusterRole,
  ClusterRoleBinding,
  LabelSelector,
  PolicyRule,
  Role,
  RoleBinding,
  RoleRef,
} from "../../src/rbac/model.ts";

/** Builders for the objects the RBAC tests write for themselves. */

const V1 = "rbac.authorization.k8s.io/v1" as const;
const GROUP = "rbac.authorization.k8s.io";

export function role(namespace: string, name: string, rules: PolicyRule[]): Role {
  return { apiVersion: V1, kind: "Role", metadata: { name, namespace }, rules };
}

export function clusterRole(
  name: string,
  rules: PolicyRule[],
  extra: { labels?: Record<string, string>; selectors?: LabelSelector[] } = {},
): ClusterRole {
  return {
    apiVersion: V1,
    kind: "ClusterRole",
    metadata: { name, ...(extra.labels ? { labels: extra.labels } : {}) },
    rules,
    ...(extra.selectors ? { aggregationRule: { clusterRoleSelectors: extra.selectors } } : {}),
  };
}

export function roleBinding(
  namespace: string,
  name: string,
  roleRef: Pick<RoleRef, "kind" | "name">,
  subjects: BindingSubject[],
  labels?: Record<string, string>,
): RoleBinding {
  return {
    apiVersion: V1,
    kind: "RoleBinding",
    metadata: { name, namespace, ...(labels ? { labels } : {}) },
    roleRef: { apiGroup: GROUP, ...roleRef },
    subjects,
  };
}

export function clusterRoleBinding(
  name: string,
  roleName: string,
  subjects: BindingSubject[],
  labels?: Record<string, string>,
): ClusterRoleBinding {
  return {
    apiVersion: V1,
    kind: "ClusterRoleBinding",
    metadata: { name, ...(labels ? { labels } : {}) },
    roleRef: { apiGroup: GROUP, kind: "ClusterRole", name: roleName },
    subjects,
  };
}

export const user = (name: string, groups: string[] = ["system:authenticated"]): UserInfo => ({ name, groups });
export const User = (name: string): BindingSubject => ({ kind: "User", name, apiGroup: GROUP });
export const Group = (name: string): BindingSubject => ({ kind: "Group", name, apiGroup: GROUP });
export const ServiceAccount = (name: string, namespace?: string): BindingSubject =>
  namespace === undefined ? { kind: "ServiceAccount", name } : { kind: "ServiceAccount", name, namespace };

/** A resource request; `resource` may be `resource/subresource`. */
export function request(verb: string, resource: string, more: Partial<RequestAttributes> = {}): RequestAttributes {
  const [res = "", sub = ""] = resource.split("/");
  return { verb, resourceRequest: true, apiGroup: "", resource: res, subresource: sub, namespace: "", name: "", path: "", ...more };
}

export function nonResource(verb: string, path: string): RequestAttributes {
  return { verb, resourceRequest: false, apiGroup: "", resource: "", subresource: "", namespace: "", name: "", path };
}
