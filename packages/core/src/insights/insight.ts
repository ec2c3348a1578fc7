import { ruleOrigin, type AggregationOrigins } from "../rbac/aggregate.ts";
import type { BindingEvidenceJson, Insight } from "../recommend/schema.ts";
import type { RiskFinding } from "../risk/risk.ts";
import type { BindingEvidence } from "./binding-evidence.ts";

const iso = (ms: number) => new Date(ms).toISOString();

export type Flag = Insight["flags"][number];

/** What an insight says about the subject's bindings: the same for each of its changes, so worked out once. */
export type BindingsInsight = Pick<Insight, "bindings" | "granted" | "used" | "unused" | "excessRatio">;

/** The subject-level numbers: atoms granted and used over every non-default binding of the subject. */
export function bindingsInsight(evidence: readonly BindingEvidence[], origins: AggregationOrigins): BindingsInsight {
  const own = evidence.filter((e) => !e.bootstrap);
  const granted = new Set(own.flatMap((e) => e.grantedAtoms));
  const used = new Set(own.flatMap((e) => e.usedAtoms).filter((a) => granted.has(a)));
  return {
    bindings: evidence.map((e) => evidenceJson(e, origins)),
    granted: granted.size,
    used: used.size,
    unused: granted.size - used.size,
    excessRatio: granted.size === 0 ? 0 : round((granted.size - used.size) / granted.size),
  };
}

/** One change's insight: the subject's bindings, and the risks this change removes. */
export function insightOf(bindings: BindingsInsight, removedRisks: RiskFinding[], flags: Flag[]): Insight {
  return { ...bindings, removedRisks, flags };
}

function evidenceJson(e: BindingEvidence, origins: AggregationOrigins): BindingEvidenceJson {
  return {
    binding: e.binding.namespace ? e.binding : { kind: e.binding.kind, name: e.binding.name },
    role: e.role.kind === "Role" ? { kind: "Role", name: e.role.name } : { kind: "ClusterRole", name: e.role.name },
    bootstrap: e.bootstrap,
    ...(e.createdAt !== undefined ? { createdAt: iso(e.createdAt) } : {}),
    observedFrom: iso(e.observedFrom),
    young: e.young,
    requests: e.requests,
    ...(e.lastUsed !== undefined ? { lastUsed: iso(e.lastUsed) } : {}),
    rules: e.rules.map((r) => {
      const from = e.role.kind === "ClusterRole" ? ruleOrigin(origins, e.role.name, r.rule) : [];
      return {
        rule: r.rule,
        requests: r.requests,
        ...(r.lastSeen !== undefined ? { lastSeen: iso(r.lastSeen) } : {}),
        risks: r.risks,
        ...(from.length > 1 || (from.length === 1 && from[0] !== e.role.name) ? { from } : {}),
      };
    }),
    namespacesUsed: e.namespacesUsed,
    granted: e.grantedAtoms.length,
    used: e.usedAtoms.length,
  };
}

function round(x: number): number {
  return Math.round(x * 1000) / 1000;
}
