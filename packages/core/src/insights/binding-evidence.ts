import type { Binding, BindingRef, PolicyRule, RbacSnapshot, RoleRef } from "../rbac/model.ts";
import { bindingKey, bindingRefOf, isBootstrapDefault } from "../rbac/model.ts";
import { combinedResource, ruleAllows } from "../rbac/rule.ts";
import { amplifyForEveryone, assessRule, type RiskFinding } from "../risk/risk.ts";
import type { SubjectRef } from "../subject.ts";
import type { PermissionUsage } from "../usage/subject-usage.ts";
import { atomOf, type KnownResources } from "./known-resources.ts";
import { SnapshotIndex } from "./snapshot-index.ts";

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
  /** Sorted. */
  grantedAtoms: readonly string[];
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
  // Indexing the snapshot is per analysis, not per subject: an analysis passes one index for all subjects.
  index: SnapshotIndex = new SnapshotIndex(snapshot),
): BindingEvidence[] {
  const through = groupByBinding(allowed);
  return index.bindingsNaming(subject).map((binding) => {
    const namespace = binding.kind === "RoleBinding" ? (binding.metadata.namespace ?? "") : "";
    const rules = index.roles.rulesOf(binding.roleRef, namespace) ?? [];
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
      grantedAtoms: known.atomsGrantedBy(rules),
      usedAtoms: [...new Set(used.filter((p) => p.attrs.resourceRequest).map((p) => atomOf(p.attrs.apiGroup, combinedResource(p.attrs), p.attrs.verb)))].sort(),
      roleExclusive: isRoleExclusive(binding, index),
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
  // Not Math.max(...list): a list of ~10^5 arguments overflows the stack.
  return used.length === 0 ? {} : { [field]: used.reduce((last, p) => Math.max(last, p.lastSeen), -Infinity) };
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
function isRoleExclusive(binding: Binding, index: SnapshotIndex): boolean {
  const ref = binding.roleRef;
  const namespace = binding.metadata.namespace ?? "";
  const role = index.roleOf(ref, namespace);
  if (!role || isBootstrapDefault(role.metadata) || ("aggregationRule" in role && role.aggregationRule)) return false;
  if (ref.kind === "ClusterRole" && index.aggregated.has(ref.name)) return false;
  return index.bindingsReferring(ref, namespace) === 1;
}
