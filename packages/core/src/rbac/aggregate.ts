import { selectorIsValid, selectorMatches } from "./label-selector.ts";
import type { ClusterRole, PolicyRule } from "./model.ts";

/** Where the rules of one aggregated ClusterRole came from. */
export interface AggregationOrigin {
  /** The ClusterRoles whose rules were copied in, in the controller's order (selector, then name). */
  readonly sources: readonly string[];
  /** For each rule (by ruleKey), the ClusterRoles it was copied from, in the controller's order. */
  readonly ruleSources: ReadonlyMap<string, readonly string[]>;
}

export type AggregationOrigins = ReadonlyMap<string, AggregationOrigin>;

export interface AggregationResult {
  clusterRoles: ClusterRole[];
  origins: AggregationOrigins;
}

/**
 * Resolves `aggregationRule`s as the clusterrole-aggregation controller does: an aggregated role's rules are
 * the de-duplicated rules of every other ClusterRole its selectors match, selector by selector, in name order.
 * Chains (view → edit → admin) are followed to a fixpoint. The input is not modified.
 *
 * A role whose selectors match no other role, or that has a selector the API server would reject, keeps the
 * rules it was read with: in a complete export these are already what the controller wrote, and in a partial
 * export (the sources left out) they are the only evidence of what the role grants.
 */
export function aggregateClusterRoles(clusterRoles: readonly ClusterRole[]): AggregationResult {
  const aggregated = clusterRoles.filter((r) => isResolvable(r, clusterRoles));
  const rules = new Map<string, readonly PolicyRule[]>(clusterRoles.map((r) => [r.metadata.name, r.rules]));
  for (const role of aggregated) rules.set(role.metadata.name, []);

  const origins = new Map<string, AggregationOrigin>();
  // Rule sets settle within n+1 rounds (a rule crosses at most n aggregated roles); the cap only stops
  // order flapping inside a selector cycle.
  for (let round = 0, changed = true; changed && round <= 2 * aggregated.length + 1; round++) {
    changed = false;
    for (const role of aggregated) {
      const next = collectRules(role, clusterRoles, rules);
      if (!sameRules(next.rules, rules.get(role.metadata.name)!)) changed = true;
      rules.set(role.metadata.name, next.rules);
      origins.set(role.metadata.name, next.origin);
    }
  }

  const resolved = new Set(aggregated);
  return {
    clusterRoles: clusterRoles.map((r) => (resolved.has(r) ? { ...r, rules: [...rules.get(r.metadata.name)!] } : r)),
    origins,
  };
}

/** Where each aggregated rule of these (already resolved) ClusterRoles came from. */
export function aggregationOrigins(clusterRoles: readonly ClusterRole[]): AggregationOrigins {
  return aggregateClusterRoles(clusterRoles).origins;
}

/**
 * The ClusterRoles a rule of `role` came through, from `role` to the one that declares it:
 * `["admin", "edit", "system:aggregate-to-edit"]`; `[role]` when `role` declares it itself.
 */
export function ruleOrigin(origins: AggregationOrigins, role: string, rule: PolicyRule): string[] {
  const key = ruleKey(rule);
  // Breadth-first, so the shortest chain is shown and selector cycles end.
  const cameFrom = new Map<string, string | undefined>([[role, undefined]]);
  for (const queue = [role]; queue.length > 0; ) {
    const current = queue.shift()!;
    const origin = origins.get(current);
    if (origin === undefined) return pathTo(current, cameFrom); // not aggregated: it declares the rule
    for (const source of origin.ruleSources.get(key) ?? []) {
      if (cameFrom.has(source)) continue;
      cameFrom.set(source, current);
      queue.push(source);
    }
  }
  return [role];
}

function pathTo(end: string, cameFrom: ReadonlyMap<string, string | undefined>): string[] {
  const path: string[] = [];
  for (let at: string | undefined = end; at !== undefined; at = cameFrom.get(at)) path.unshift(at);
  return path;
}

/** Identity of a rule for de-duplication; absent and empty lists are the same, as in Semantic.DeepEqual. */
export function ruleKey(rule: PolicyRule): string {
  return JSON.stringify([
    rule.verbs,
    rule.apiGroups ?? [],
    rule.resources ?? [],
    rule.resourceNames ?? [],
    rule.nonResourceURLs ?? [],
  ]);
}

function isResolvable(role: ClusterRole, all: readonly ClusterRole[]): boolean {
  const selectors = role.aggregationRule?.clusterRoleSelectors ?? [];
  if (!selectors.every(selectorIsValid)) return false;
  return all.some((other) => other !== role && other.metadata.name !== role.metadata.name && selectedBy(role, other));
}

function selectedBy(role: ClusterRole, other: ClusterRole): boolean {
  return (role.aggregationRule?.clusterRoleSelectors ?? []).some((s) => selectorMatches(s, other.metadata.labels));
}

function collectRules(
  role: ClusterRole,
  all: readonly ClusterRole[],
  current: ReadonlyMap<string, readonly PolicyRule[]>,
): { rules: PolicyRule[]; origin: AggregationOrigin } {
  const rules: PolicyRule[] = [];
  const sources: string[] = [];
  const ruleSources = new Map<string, string[]>();
  for (const selector of role.aggregationRule?.clusterRoleSelectors ?? []) {
    const matching = all.filter((r) => r.metadata.name !== role.metadata.name && selectorMatches(selector, r.metadata.labels));
    for (const source of [...matching].sort(byName)) {
      const name = source.metadata.name;
      if (!sources.includes(name)) sources.push(name);
      for (const rule of current.get(name) ?? []) {
        const key = ruleKey(rule);
        const from = ruleSources.get(key);
        if (from === undefined) {
          ruleSources.set(key, [name]);
          rules.push(rule);
        } else if (!from.includes(name)) {
          from.push(name);
        }
      }
    }
  }
  return { rules, origin: { sources, ruleSources } };
}

function byName(a: ClusterRole, b: ClusterRole): number {
  return a.metadata.name < b.metadata.name ? -1 : a.metadata.name > b.metadata.name ? 1 : 0;
}

function sameRules(a: readonly PolicyRule[], b: readonly PolicyRule[]): boolean {
  return a.length === b.length && a.every((rule, i) => ruleKey(rule) === ruleKey(b[i]!));
}
