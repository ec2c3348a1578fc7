import type { RequestAttributes, UserInfo } from "../audit/request.ts";
import type { Grant } from "./authorizer.ts";
import { firstApplyingSubject } from "./applies-to.ts";
import type { BindingIndex } from "./binding-index.ts";
import { bindingRefOf, isBootstrapDefault, type Binding } from "./model.ts";
import type { RoleLookup } from "./role-lookup.ts";
import { apiGroupMatches, verbMatches } from "./rule.ts";

/**
 * Up to this many rules, a request checks them all: picking them out per verb and API group cost more than it
 * saved, as most users hold a few rules and ask about many (verb, group) pairs (bench log: 3,875 users and
 * namespaces, 10 rules each on average, 83k lists picked out; the analysis 0.25 s faster without them).
 */
const SCANNED = 16;

/** A rule as one binding grants it to one user: a Grant before it is matched against a request. */
export type BoundRule = Grant;

/**
 * The rules one user holds in one scope (cluster-wide plus one namespace's RoleBindings), in the order the
 * authorizer visits them, with the rules for each verb (and API group) picked out once so a request checks
 * only those: a user bound to a dozen roles holds hundreds of rules, and an analysis asks ~10^5 times.
 */
export class BoundRules {
  private readonly byVerb = new Map<string, readonly BoundRule[]>();
  private readonly byVerbAndGroup = new Map<string, Map<string, readonly BoundRule[]>>();

  constructor(readonly all: readonly BoundRule[]) {}

  forVerb(verb: string): readonly BoundRule[] {
    let hit = this.byVerb.get(verb);
    if (hit === undefined) {
      hit = this.all.filter((b) => verbMatches(b.rule, verb));
      this.byVerb.set(verb, hit);
    }
    return hit;
  }

  /** The rules that may allow a resource request: its verb and API group match. */
  forResource(verb: string, apiGroup: string): readonly BoundRule[] {
    let groups = this.byVerbAndGroup.get(verb);
    if (groups === undefined) this.byVerbAndGroup.set(verb, (groups = new Map()));
    let hit = groups.get(apiGroup);
    if (hit === undefined) {
      hit = this.forVerb(verb).filter((b) => apiGroupMatches(b.rule, apiGroup));
      groups.set(apiGroup, hit);
    }
    return hit;
  }

  /** The rules that may allow the request: a resource request's verb and API group, a URL's verb; all of a few. */
  candidates(attrs: RequestAttributes): readonly BoundRule[] {
    if (this.all.length <= SCANNED) return this.all;
    return attrs.resourceRequest ? this.forResource(attrs.verb, attrs.apiGroup) : this.forVerb(attrs.verb);
  }
}

/**
 * The rules the user gets from the bindings of one scope, like VisitRulesFor: each binding that names the
 * user contributes its role's rules, credited to the first subject that names them; missing roles add nothing.
 */
export function bindRules(index: BindingIndex<Binding> | undefined, user: UserInfo, roles: RoleLookup): BoundRule[] {
  if (index === undefined) return [];
  const out: BoundRule[] = [];
  for (const binding of index.candidates(user)) {
    const subject = firstApplyingSubject(binding.subjects, user, index.namespace);
    const rules = subject && roles.rulesOf(binding.roleRef, index.namespace);
    if (subject === undefined || rules === undefined) continue;
    const ref = bindingRefOf(binding);
    const bootstrap = isBootstrapDefault(binding.metadata);
    // Frozen: grants are handed out as they are, shared by every request they allow.
    for (const rule of rules) out.push(Object.freeze({ binding: ref, role: binding.roleRef, rule, subject, bootstrap }));
  }
  return out;
}
