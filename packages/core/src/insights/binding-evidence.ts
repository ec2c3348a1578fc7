import type { Binding, BindingRef, PolicyRule, RbacSnapshot, RoleRef } from "../rbac/model.ts";
import { bindingKey, bindingRefOf, isBootstrapDefault } from "../rbac/model.ts";
import { RoleLookup } from "../rbac/role-lookup.ts";
import { combinedResource, ruleAllows } from "../rbac/rule.ts";
import { amplifyForEveryone, assessRule, type RiskFinding } from "../risk/risk.ts";
import type { SubjectRef } from "../subject.ts";
import type { PermissionUsage } from "../usage/subject-usage.ts";
import { atomOf, type KnownResources } from "./known-resources.ts";
import { bindingsNaming } from "./subject-bindings.ts";

export interface RuleEvidence {
  rule: PolicyRule;
  /** Requests through this binding that this rule allows. */
  requests: number;
  lastSeen?: number;
  risks: RiskFinding[];
}

/** What one binding grants the subject and what of it was used in the window. */
export interface BindingEvidence {
  binding: BindingRef;
  role: RoleRef;
  /** "" for a ClusterRoleBinding. */
  namespace: string;
  bootstrap: boolean;
  createdAt?: number;
  /** The window's start, or the binding's creation when it is younger than the window. */
  observedFrom: number;
  /** Created after the window started: judged only since its creation. */
  young: boolean;
  requests: number;
  lastUsed?: number;
  rules: RuleEvidence[];
  /** Namespaces its requests were in ("" = cluster-scoped or all namespaces). */
  namespacesUsed: string[];
  grantedAtoms: string[];
  usedAtoms: string[];
  /** The role is referenced by this binding only, and is not a bootstrap default: its rules can be edited. */
  roleExclusive: boolean;
}

export function bindingEvidence(
  snapshot: RbacSnapshot,
  subject: SubjectRef,
  allowed: readonly PermissionUsage[],
  window: { from: number },
  known: KnownResources,
  aggregated: ReadonlySet<string> = new Set(),
  // Indexing every role is per snapshot, not per subject: an analysis passes one lookup for all subjects.
  roles: RoleLookup = new RoleLookup(snapshot),
): BindingEvidence[] {
  const through = groupByBinding(allowed);
  return bindingsNaming(snapshot, subject).map((binding) => {
    const namespace = binding.kind === "RoleBinding" ? (binding.metadata.namespace ?? "") : "";
    const rules = roles.rulesOf(binding.roleRef, namespace) ?? [];
    const used = through.get(bindingKey(bindingRefOf(binding))) ?? [];
    const createdAt = binding.metadata.creationTimestamp ? Date.parse(binding.metadata.creationTimestamp) : undefined;
    const young = createdAt !== undefined && createdAt > window.from;
    return {
      binding: bindingRefOf(binding),
      role: binding.roleRef,
      namespace,
      bootstrap: isBootstrapDefault(binding.metadata),
      ...(createdAt !== undefined && !Number.isNaN(createdAt) ? { createdAt } : {}),
      observedFrom: young ? createdAt! : window.from,
      young,
      requests: used.reduce((n, p) => n + p.count, 0),
      ...lastUsedOf(used),
      rules: rules.map((rule) => ruleEvidence(rule, used, namespace, subject)),
      namespacesUsed: [...new Set(used.map((p) => (p.attrs.resourceRequest ? p.attrs.namespace : "")))].sort(),
      grantedAtoms: [...known.atomsGrantedBy(rules, ruleAllows)].sort(),
      usedAtoms: [...new Set(used.filter((p) => p.attrs.resourceRequest).map((p) => atomOf(p.attrs.apiGroup, combinedResource(p.attrs), p.attrs.verb)))].sort(),
      roleExclusive: isRoleExclusive(snapshot, binding, aggregated),
    };
  });
}

function ruleEvidence(rule: PolicyRule, used: readonly PermissionUsage[], namespace: string, subject: SubjectRef): RuleEvidence {
  const hits = used.filter((p) => ruleAllows(p.attrs, rule));
  const risks = assessRule(rule, { namespace });
  return {
    rule,
    requests: hits.reduce((n, p) => n + p.count, 0),
    ...lastUsedOf(hits, "lastSeen"),
    risks: subject.kind === "Group" ? amplifyForEveryone(risks, subject.name) : risks,
  };
}

function lastUsedOf(used: readonly PermissionUsage[], field: "lastUsed" | "lastSeen" = "lastUsed"): Record<string, number> {
  return used.length === 0 ? {} : { [field]: Math.max(...used.map((p) => p.lastSeen)) };
}

function groupByBinding(allowed: readonly PermissionUsage[]): Map<string, PermissionUsage[]> {
  const by = new Map<string, PermissionUsage[]>();
  for (const p of allowed) {
    if (!p.via) continue;
    const key = bindingKey(p.via);
    const list = by.get(key);
    if (list) list.push(p);
    else by.set(key, [p]);
  }
  return by;
}

/**
 * Editable only if nothing else depends on the role: not a bootstrap default, not aggregated (the controller
 * rewrites its rules), not aggregated INTO another role (`aggregated` names those sources: dropping a rule
 * there would drop it from, say, `view` for everyone), and referenced by this binding alone.
 */
function isRoleExclusive(snapshot: RbacSnapshot, binding: Binding, aggregated: ReadonlySet<string>): boolean {
  const ref = binding.roleRef;
  const namespace = binding.metadata.namespace ?? "";
  const role =
    ref.kind === "Role"
      ? snapshot.roles.find((r) => r.metadata.name === ref.name && (r.metadata.namespace ?? "") === namespace)
      : snapshot.clusterRoles.find((r) => r.metadata.name === ref.name);
  if (!role || isBootstrapDefault(role.metadata) || ("aggregationRule" in role && role.aggregationRule)) return false;
  if (ref.kind === "ClusterRole" && aggregated.has(ref.name)) return false;
  const sameRole = (b: Binding) => b.roleRef.kind === ref.kind && b.roleRef.name === ref.name && (ref.kind === "ClusterRole" || (b.metadata.namespace ?? "") === namespace);
  return [...snapshot.clusterRoleBindings, ...snapshot.roleBindings].filter(sameRole).length === 1;
}
