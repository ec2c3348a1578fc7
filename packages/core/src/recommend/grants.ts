import type { PermissionUsage, SubjectUsage } from "../usage/subject-usage.ts";
import { atomOf, scopeOf, type Atom } from "./atoms.ts";
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

/** What goes into the role of one scope: its permissions, allowed ones first, and their atoms. */
interface Scope {
  permissions: PermissionUsage[];
  atoms: Atom[];
  denied: number;
}

function scopedGrant(namespace: string, scope: Scope, policy: GrantPolicy): ScopedGrant {
  // Repeated atoms need no removing: name limits and compaction work on the set of atoms.
  const atoms = limitResourceNames(scope.atoms, policy.maxResourceNames, policy.held);
  return {
    namespace,
    rules: compactRules(atoms),
    requests: scope.permissions.reduce((sum, p) => sum + p.count, 0),
    includesDenied: scope.denied > 0,
  };
}

/**
 * Namespace-strict: one role per namespace used, the cluster role only for cluster-scoped resources,
 * all-namespace requests and non-resource URLs. Permissions the defaults already allow need no rule.
 */
export function planGrants(usage: SubjectUsage, policy: GrantPolicy): GrantPlan {
  // One pass, each atom made once: controllers touch dozens of namespaces with thousands of permissions.
  const scopes = new Map<string, Scope>();
  const into = (p: PermissionUsage, atom: Atom) => {
    const namespace = scopeOf(atom);
    let scope = scopes.get(namespace);
    if (scope === undefined) scopes.set(namespace, (scope = { permissions: [], atoms: [], denied: 0 }));
    scope.permissions.push(p);
    scope.atoms.push(atom);
    return scope;
  };
  const notGranted: PermissionUsage[] = [];
  for (const p of usage.allowed) {
    if (p.coveredByDefaults) continue;
    const atom = atomOf(p.attrs);
    if (policy.held(atom)) into(p, atom);
    else notGranted.push(p);
  }
  const grantedDenied = policy.includeDenied ? usage.denied : [];
  for (const p of grantedDenied) into(p, atomOf(p.attrs)).denied++;
  return {
    grants: sortedText(scopes.keys()).map((namespace) => scopedGrant(namespace, scopes.get(namespace)!, policy)),
    notGranted,
    grantedDenied,
  };
}
