import { clusterRole as buildClusterRole } from "../rbac/build.ts";
import type { RequestAttributes } from "../../src/audit/request.ts";
import {
  bindingKey,
  bindingRefOf,
  emptySnapshot,
  type Binding,
  type BindingSubject,
  type ClusterRole,
  type ClusterRoleBinding,
  type PolicyRule,
  type RbacSnapshot,
  type Role,
  type RoleBinding,
} from "../../src/rbac/model.ts";
import type { Recommendation } from "../../src/recommend/schema.ts";
import type { PermissionUsage } from "../../src/usage/subject-usage.ts";

/** Builders for the RBAC objects and usage the recommend and render tests write for themselves. */

const V1 = "rbac.authorization.k8s.io/v1" as const;
const RBAC = "rbac.authorization.k8s.io";
export const BOOTSTRAP = { "kubernetes.io/bootstrapping": "rbac-defaults" };
export const DAY = 86_400_000;
export const T0 = Date.parse("2026-11-01T00:00:00Z");
export const WINDOW = { from: T0, to: T0 + 30 * DAY };

export const user = (name: string): BindingSubject => ({ kind: "User", apiGroup: RBAC, name });
export const group = (name: string): BindingSubject => ({ kind: "Group", apiGroup: RBAC, name });
export const sa = (namespace: string, name: string): BindingSubject => ({ kind: "ServiceAccount", name, namespace });

export { role, clusterRoleBinding, roleBinding } from "../rbac/build.ts";

export function clusterRole(name: string, rules: PolicyRule[], labels?: Record<string, string>): ClusterRole {
  return buildClusterRole(name, rules, labels ? { labels } : {});
}

type RbacPart = Role | ClusterRole | RoleBinding | ClusterRoleBinding;

export function snapshotOf(...objects: RbacPart[]): RbacSnapshot {
  const s = emptySnapshot();
  for (const o of objects) {
    if (o.kind === "Role") s.roles.push(o);
    else if (o.kind === "ClusterRole") s.clusterRoles.push(o);
    else if (o.kind === "RoleBinding") s.roleBindings.push(o);
    else s.clusterRoleBindings.push(o);
  }
  return s;
}

/** Request attributes of a resource request; tests override what they are about. */
export function attrs(overrides: Partial<RequestAttributes> = {}): RequestAttributes {
  return { verb: "get", resourceRequest: true, apiGroup: "", resource: "pods", subresource: "", namespace: "shop", name: "", path: "", ...overrides };
}

export function urlAttrs(verb: string, path: string): RequestAttributes {
  return { verb, resourceRequest: false, apiGroup: "", resource: "", subresource: "", namespace: "", name: "", path };
}

export function used(a: Partial<RequestAttributes>, extra: Partial<PermissionUsage> = {}): PermissionUsage {
  return { attrs: attrs(a), count: 3, firstSeen: T0 + DAY, lastSeen: T0 + 2 * DAY, days: 2, coveredByDefaults: false, ...extra };
}

/** Whether a binding entry names the recommendation's subject, written out again independently of src. */
function namesSubject(entry: BindingSubject, binding: Binding, rec: Recommendation): boolean {
  const s = rec.subject;
  if (s.kind !== "ServiceAccount") return entry.kind === s.kind && entry.name === s.name;
  const namespace = entry.namespace || (binding.kind === "RoleBinding" ? binding.metadata.namespace : "");
  return (
    (entry.kind === "ServiceAccount" && entry.name === s.name && namespace === s.namespace) ||
    (entry.kind === "User" && entry.name === `system:serviceaccount:${s.namespace}:${s.name}`)
  );
}

function withoutSubject(binding: Binding, rec: Recommendation): Binding {
  return { ...binding, subjects: (binding.subjects ?? []).filter((e) => !namesSubject(e, binding, rec)) } as Binding;
}

/**
 * What a cluster looks like after a reviewer applies a change set: the subject is taken out of every binding
 * in `remove`, bindings left without subjects go, and the generated objects are created or replaced.
 */
export function applyChangeSet(snapshot: RbacSnapshot, rec: Recommendation): RbacSnapshot {
  const removing = new Set(rec.remove.map((r) => bindingKey({ kind: r.kind, name: r.name, namespace: r.namespace ?? "" })));
  const edit = <B extends Binding>(bindings: B[]): B[] =>
    bindings
      .map((b) => (removing.has(bindingKey(bindingRefOf(b))) ? (withoutSubject(b, rec) as B) : b))
      .filter((b) => !removing.has(bindingKey(bindingRefOf(b))) || (b.subjects ?? []).length > 0);
  const next: RbacSnapshot = { ...snapshot, roleBindings: edit(snapshot.roleBindings), clusterRoleBindings: edit(snapshot.clusterRoleBindings) };
  return rec.apply.reduce((s, o) => withObject(s, o as unknown as RbacPart), next);
}

function sameObject(a: RbacPart, b: RbacPart): boolean {
  return a.kind === b.kind && a.metadata.name === b.metadata.name && (a.metadata.namespace ?? "") === (b.metadata.namespace ?? "");
}

function withObject(s: RbacSnapshot, o: RbacPart): RbacSnapshot {
  const replace = <T extends RbacPart>(list: T[]): T[] => [...list.filter((x) => !sameObject(x, o)), o as T];
  if (o.kind === "Role") return { ...s, roles: replace(s.roles) };
  if (o.kind === "ClusterRole") return { ...s, clusterRoles: replace(s.clusterRoles) };
  if (o.kind === "RoleBinding") return { ...s, roleBindings: replace(s.roleBindings) };
  return { ...s, clusterRoleBindings: replace(s.clusterRoleBindings) };
}

export function applyAll(snapshot: RbacSnapshot, recs: readonly Recommendation[]): RbacSnapshot {
  return recs.reduce(applyChangeSet, snapshot);
}

/** Rules of one generated object, by kind and namespace ("" for the ClusterRole). */
export function rulesIn(rec: Recommendation, kind: "Role" | "ClusterRole", namespace = ""): PolicyRule[] | undefined {
  const o = rec.apply.find((x) => x.kind === kind && (x.metadata.namespace ?? "") === namespace);
  return o ? ((o as unknown as Role).rules ?? []) : undefined;
}

/** The recommendation for one subject, written as people write it: "User alice", "ServiceAccount shop/api". */
export function recommendationOf(recs: readonly Recommendation[], subject: string): Recommendation {
  const found = recs.find((r) => `${r.subject.kind} ${r.subject.namespace ? `${r.subject.namespace}/` : ""}${r.subject.name}` === subject);
  if (!found) throw new Error(`no recommendation for ${subject}; have ${recs.map((r) => r.id).join(", ")}`);
  return found;
}
