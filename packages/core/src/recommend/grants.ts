import type { PermissionUsage, SubjectUsage } from "../usage/subject-usage.ts";
import { atomOf, distinctAtoms, scopeOf } from "./atoms.ts";
import { compactRules } from "./compact.ts";
import type { HeldCheck } from "./held.ts";
import { limitResourceNames } from "./names-limit.ts";
import type { ScopedGrant } from "./objects.ts";
import { sortedText } from "./order.ts";

export interface GrantPolicy {
  held: HeldCheck;
  includeDenied: boolean;
  maxResourceNames: number;
}

/** What one subject's generated roles hold, and what was left out because the subject does not hold it today. */
export interface GrantPlan {
  grants: ScopedGrant[];
  notGranted: PermissionUsage[];
  /** Denied permissions granted anyway (--include-denied). */
  grantedDenied: PermissionUsage[];
}

function scopedGrant(namespace: string, mine: PermissionUsage[], mineDenied: PermissionUsage[], policy: GrantPolicy): ScopedGrant {
  const atoms = limitResourceNames(distinctAtoms([...mine, ...mineDenied].map((p) => atomOf(p.attrs))), policy.maxResourceNames, policy.held);
  return {
    namespace,
    rules: compactRules(atoms),
    requests: [...mine, ...mineDenied].reduce((sum, p) => sum + p.count, 0),
    includesDenied: mineDenied.length > 0,
  };
}

/** Permissions by the scope their rule lives in, in one pass (controllers touch dozens of namespaces). */
function byScope(permissions: readonly PermissionUsage[]): Map<string, PermissionUsage[]> {
  const scopes = new Map<string, PermissionUsage[]>();
  for (const p of permissions) {
    const scope = scopeOf(atomOf(p.attrs));
    const list = scopes.get(scope);
    if (list) list.push(p);
    else scopes.set(scope, [p]);
  }
  return scopes;
}

/**
 * Namespace-strict: one role per namespace used, the cluster role only for cluster-scoped resources,
 * all-namespace requests and non-resource URLs. Permissions the defaults already allow need no rule.
 */
export function planGrants(usage: SubjectUsage, policy: GrantPolicy): GrantPlan {
  const needed = usage.allowed.filter((p) => !p.coveredByDefaults);
  const isHeld = new Map(needed.map((p) => [p, policy.held(atomOf(p.attrs))]));
  const held = needed.filter((p) => isHeld.get(p));
  const notGranted = needed.filter((p) => !isHeld.get(p));
  const grantedDenied = policy.includeDenied ? usage.denied : [];
  const heldByScope = byScope(held);
  const deniedByScope = byScope(grantedDenied);
  const namespaces = sortedText([...heldByScope.keys(), ...deniedByScope.keys()]);
  return {
    grants: namespaces.map((ns) => scopedGrant(ns, heldByScope.get(ns) ?? [], deniedByScope.get(ns) ?? [], policy)),
    notGranted,
    grantedDenied,
  };
}
