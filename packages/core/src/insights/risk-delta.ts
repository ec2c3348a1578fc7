import type { PolicyRule } from "../rbac/model.ts";
import type { KubernetesObject } from "../recommend/schema.ts";
import { compareText } from "../recommend/order.ts";
import { amplifyForEveryone, assessRule, type RiskFinding } from "../risk/risk.ts";
import { severityRank, type Severity } from "../risk/severity.ts";
import type { SubjectRef } from "../subject.ts";
import type { BindingEvidence } from "./binding-evidence.ts";

/** The worst severity of each risk check, over rules in their scopes. */
type RiskProfile = Map<string, RiskFinding>;

function addTo(profile: RiskProfile, findings: readonly RiskFinding[]): void {
  for (const f of findings) {
    const seen = profile.get(f.check);
    if (!seen || severityRank(f.severity) < severityRank(seen.severity)) profile.set(f.check, f);
  }
}

function assess(rule: PolicyRule, namespace: string, subject: SubjectRef): RiskFinding[] {
  const findings = assessRule(rule, { namespace });
  return subject.kind === "Group" ? amplifyForEveryone(findings, subject.name) : findings;
}

/** Rules where they apply: "" = cluster-wide. */
export interface ScopedRules {
  rules: readonly PolicyRule[];
  namespace: string;
}

export function profileOf(scoped: readonly ScopedRules[], subject: SubjectRef): RiskProfile {
  const profile: RiskProfile = new Map();
  for (const s of scoped) for (const rule of s.rules) addTo(profile, assess(rule, s.namespace, subject));
  return profile;
}

/** What bindings grant today. */
export function scopedOfEvidence(evidence: readonly BindingEvidence[]): ScopedRules[] {
  return evidence.map((e) => ({ rules: e.rules.map((r) => r.rule), namespace: e.namespace }));
}

/** What generated roles grant (a Role's scope is its namespace). */
export function scopedOfObjects(objects: readonly KubernetesObject[]): ScopedRules[] {
  return objects
    .filter((o) => o.kind === "Role" || o.kind === "ClusterRole")
    .map((o) => ({ rules: (o as unknown as { rules?: PolicyRule[] }).rules ?? [], namespace: o.metadata.namespace ?? "" }));
}

/**
 * Risks held before and not after (or only at a lower severity): what a reviewer buys by applying.
 * Sorted worst first.
 */
export function removedRisks(before: RiskProfile, after: RiskProfile): RiskFinding[] {
  const removed: RiskFinding[] = [];
  for (const [check, finding] of before) {
    const left = after.get(check);
    if (!left || severityRank(left.severity) > severityRank(finding.severity)) removed.push(finding);
  }
  return removed.sort((a, b) => severityRank(a.severity) - severityRank(b.severity) || compareText(a.check, b.check));
}

export function worstOf(findings: readonly RiskFinding[]): Severity | undefined {
  return findings[0]?.severity;
}
