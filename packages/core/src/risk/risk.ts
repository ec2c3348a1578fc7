import type { PolicyRule } from "../rbac/model.ts";
import { RISK_CHECKS, checkMatches, hasWildcard } from "./catalogue.ts";
import { lowerByOne, worst, type Severity } from "./severity.ts";

/** Where a rule applies: "" = cluster-wide (ClusterRoleBinding), else the RoleBinding's namespace. */
export interface RuleScope {
  namespace: string;
}

export interface RiskFinding {
  check: string;
  title: string;
  severity: Severity;
}

/** Namespaces whose service accounts and secrets are the cluster's own (landscape.md §5). */
export const PRIVILEGED_NAMESPACES = new Set(["kube-system"]);

/** The subjects whose grants every caller (or every signed-in caller) receives. */
export const EVERYONE_GROUPS = new Set(["system:anonymous", "system:unauthenticated", "system:authenticated"]);

/**
 * Findings per rule object, in a privileged and in an ordinary scope: a role's rules are assessed for every
 * binding to it and every change that touches them, and each assessment probes the whole catalogue.
 * Rules are values here: nothing changes a rule once it is read.
 */
const assessed = new WeakMap<PolicyRule, { privileged?: readonly RiskFinding[]; ordinary?: readonly RiskFinding[] }>();

/**
 * The risks of one rule in one scope. Full severity cluster-wide or in a privileged namespace; one level
 * lower in an ordinary namespace; LOW when limited to named objects; escalate, bind and impersonate
 * stay at full severity everywhere.
 */
export function assessRule(rule: PolicyRule, scope: RuleScope): RiskFinding[] {
  const privileged = scope.namespace === "" || PRIVILEGED_NAMESPACES.has(scope.namespace);
  let known = assessed.get(rule);
  if (known === undefined) assessed.set(rule, (known = {}));
  const findings = privileged ? (known.privileged ??= findingsOf(rule, true)) : (known.ordinary ??= findingsOf(rule, false));
  return [...findings];
}

function findingsOf(rule: PolicyRule, privileged: boolean): readonly RiskFinding[] {
  const named = (rule.resourceNames ?? []).length > 0;
  const findings: RiskFinding[] = [];
  for (const check of RISK_CHECKS) {
    if (check.privilegedOnly && !privileged) continue;
    if (!checkMatches(check, rule)) continue;
    let severity = check.severity;
    if (!check.alwaysFull) {
      if (named) severity = "LOW";
      else if (!privileged) severity = lowerByOne(severity);
    }
    findings.push(Object.freeze({ check: check.id, title: check.title, severity }));
  }
  if (hasWildcard(rule) && !findings.some((f) => f.check === "cluster-admin")) {
    findings.push(Object.freeze({ check: "wildcard", title: "wildcard grants future resources and verbs too", severity: privileged ? "HIGH" : "MEDIUM" }));
  }
  return Object.freeze(findings);
}

/** Granted to everyone: anonymous/unauthenticated access is critical; all signed-in users, high at least. */
export function amplifyForEveryone(findings: RiskFinding[], group: string): RiskFinding[] {
  if (group === "system:anonymous" || group === "system:unauthenticated") {
    return findings.map((f) => ({ ...f, severity: "CRITICAL" }));
  }
  if (group === "system:authenticated") {
    return findings.map((f) => (f.severity === "MEDIUM" || f.severity === "LOW" ? { ...f, severity: "HIGH" } : f));
  }
  return findings;
}

export function worstFinding(findings: readonly RiskFinding[]): Severity | undefined {
  return worst(findings.map((f) => f.severity));
}
