import type { UserInfo } from "../audit/request.ts";
import type { Authorizer, Grant } from "../rbac/authorizer.ts";
import { bindingKey, type BindingRef, type BindingSubject } from "../rbac/model.ts";
import { appliesTo } from "../rbac/applies-to.ts";
import { parseAuthorizationReason, type AuthorizationReason } from "../rbac/reason.ts";
import { subjectKey, subjectOfUsername, type SubjectRef } from "../subject.ts";
import { PermissionTally } from "./permission-tally.ts";
import type { AttributedUsage, NotAttributableReason } from "./subject-usage.ts";
import type { Principal } from "./principals.ts";
import type { TimeWindow, Usage } from "./usage.ts";

export type AnalysisMode = "rbac" | "usage-only";

/** A subject's usage as it is summed up. */
interface SubjectTally {
  subject: SubjectRef;
  allowed: PermissionTally;
  denied: PermissionTally;
  /** Whether any usage was attributed to it yet: looking a subject up attributes nothing. */
  listed: boolean;
}

/**
 * What attribution needs to know about a principal, worked out once: a large log has ~10^5 observations of
 * a few hundred principals.
 */
type PrincipalFacts =
  | {
      /** No RBAC change can reduce its usage: summed here, with why. */
      excluded: PermissionTally;
    }
  | {
      excluded?: undefined;
      /** The requester itself (denied requests, and allowed ones no binding explains). */
      own: SubjectTally;
      /** The reason annotation's binding and subject, when it names one that applies to the requester. */
      named?: { binding: BindingRef; key: string; owner: SubjectTally };
      /** A reason RBAC did not write: another authorizer allowed the request. */
      foreign: boolean;
      /** Where its allowed usage is summed when a foreign reason says RBAC did not decide. */
      nonRbac?: PermissionTally;
    };

/**
 * Decides, for every observation, whose usage it is and through which binding: the reason annotation when
 * it names a binding subject that matches the requester, else evaluation. Groups are subjects too.
 *
 * `authorizer` evaluates the current RBAC in rbac mode, or only the bootstrap defaults in usage-only mode;
 * either way it tells which requests the never-removed defaults already allow. Only the days of `window`
 * count (all days when undefined).
 */
export function attribute(usage: Usage, authorizer: Authorizer, mode: AnalysisMode, window?: TimeWindow): AttributedUsage {
  const subjects = new Subjects();
  const outOfScope = new Map<string, { user: string; reason: NotAttributableReason; tally: PermissionTally }>();
  const excludedAs = (reason: NotAttributableReason, user: string): PermissionTally => {
    const key = `${reason}\u001f${user}`;
    let entry = outOfScope.get(key);
    if (!entry) outOfScope.set(key, (entry = { user, reason, tally: new PermissionTally() }));
    return entry.tally;
  };
  const reasons = new ReasonCache();
  const facts: Array<PrincipalFacts | undefined> = [];
  const ownerOfGrant = new Map<Grant, SubjectTally>();
  // One list for the grants of every observation: none is kept past its observation.
  const granted: Grant[] = [];

  usage.forEachRecord(window, (record, principal, attributes) => {
    const known = (facts[principal] ??= factsOf(record, subjects, reasons, excludedAs));
    if (known.excluded) return known.excluded.add(record, principal, attributes, undefined, false);
    if (record.outcome === "forbid") return subjects.used(known.own).denied.add(record, principal, attributes, undefined, false);
    const grants = authorizer.grants(record.user, record.attrs, granted);
    const covered = anyBootstrap(grants);
    const named = known.named;
    // In rbac mode the named binding must still grant it today: one deleted since is no evidence for now.
    if (named && (mode === "usage-only" || grantsThrough(grants, named.key))) {
      return subjects.used(named.owner).allowed.add(record, principal, attributes, named.binding, covered);
    }
    // An empty or foreign reason means RBAC did not decide (system:masters, Node, webhook authorizers).
    if (known.foreign) return (known.nonRbac ??= excludedAs("non-rbac-authorizer", record.user.name)).add(record, principal, attributes, undefined, false);
    const grant = preferredGrant(grants, record.user);
    if (!grant || (grant.bootstrap && mode === "usage-only")) return subjects.used(known.own).allowed.add(record, principal, attributes, undefined, covered);
    let owner = ownerOfGrant.get(grant);
    if (owner === undefined) ownerOfGrant.set(grant, (owner = subjects.of(subjectOfBinding(grant.subject, grant.binding))));
    subjects.used(owner).allowed.add(record, principal, attributes, grant.binding, covered);
  });

  return {
    subjects: subjects.list().map((s) => ({ subject: s.subject, allowed: s.allowed.permissions(), denied: s.denied.permissions() })),
    notAttributable: [...outOfScope.values()].map((e) => ({ user: e.user, reason: e.reason, permissions: e.tally.permissions() })),
  };
}

/** Subjects by key, listed in the order their first observation was attributed to them. */
class Subjects {
  private readonly byKey = new Map<string, SubjectTally>();
  private readonly listed: SubjectTally[] = [];

  of(subject: SubjectRef): SubjectTally {
    const key = subjectKey(subject);
    let tally = this.byKey.get(key);
    if (tally === undefined) this.byKey.set(key, (tally = { subject, allowed: new PermissionTally(), denied: new PermissionTally(), listed: false }));
    return tally;
  }

  /** The tally, listed if this is its first usage. */
  used(tally: SubjectTally): SubjectTally {
    if (!tally.listed) {
      tally.listed = true;
      this.listed.push(tally);
    }
    return tally;
  }

  list(): readonly SubjectTally[] {
    return this.listed;
  }
}

function factsOf(
  p: Principal,
  subjects: Subjects,
  reasons: ReasonCache,
  excludedAs: (reason: NotAttributableReason, user: string) => PermissionTally,
): PrincipalFacts {
  const excluded = exclusionOf(p);
  if (excluded) return { excluded: excludedAs(excluded, p.user.name) };
  const own = subjects.of(subjectOfUsername(p.user.name));
  if (p.reason === undefined) return { own, foreign: false };
  const parsed = reasons.parse(p.reason);
  const named =
    parsed && appliesToRequester(parsed.subject, parsed.binding, p.user)
      ? { binding: parsed.binding, key: bindingKey(parsed.binding), owner: subjects.of(subjectOfBinding(parsed.subject, parsed.binding)) }
      : undefined;
  return { own, ...(named ? { named } : {}), foreign: !p.reason.startsWith("RBAC:") };
}

/** Why no RBAC change can reduce this observation, if so. */
function exclusionOf(record: Principal): NotAttributableReason | undefined {
  if (record.user.groups.includes("system:masters")) return "system-masters";
  if (record.user.name.startsWith("system:") && subjectOfUsername(record.user.name).kind !== "ServiceAccount") return "system-user";
  return undefined;
}

// Indexed loops rather than `some` with a closure, or for-of, which allocated an iterator per loop here (~10 MB
// per analysis): these run once per observation.

function anyBootstrap(grants: readonly Grant[]): boolean {
  for (let k = 0; k < grants.length; k++) if (grants[k]!.bootstrap) return true;
  return false;
}

function grantsThrough(grants: readonly Grant[], binding: string): boolean {
  for (let k = 0; k < grants.length; k++) if (bindingKey(grants[k]!.binding) === binding) return true;
  return false;
}

/** Defaults first (they need no rule), then the requester's own bindings, then its groups'. */
function preferredGrant(grants: readonly Grant[], user: UserInfo): Grant | undefined {
  for (let k = 0; k < grants.length; k++) if (grants[k]!.bootstrap) return grants[k];
  for (let k = 0; k < grants.length; k++) {
    const g = grants[k]!;
    if (g.subject.kind !== "Group" && appliesToRequester(g.subject, g.binding, user)) return g;
  }
  return grants[0];
}

function subjectOfBinding(s: BindingSubject, binding: BindingRef): SubjectRef {
  if (s.kind === "ServiceAccount") return { kind: "ServiceAccount", name: s.name, namespace: s.namespace || binding.namespace || "" };
  if (s.kind === "User") return subjectOfUsername(s.name);
  return { kind: "Group", name: s.name };
}

function appliesToRequester(s: BindingSubject, binding: BindingRef, user: UserInfo): boolean {
  return appliesTo(s, user, binding.namespace ?? "");
}

/** A cluster has a few hundred distinct reason annotations. */
class ReasonCache {
  private readonly parsed = new Map<string, AuthorizationReason | undefined>();

  parse(reason: string): AuthorizationReason | undefined {
    if (!this.parsed.has(reason)) this.parsed.set(reason, parseAuthorizationReason(reason));
    return this.parsed.get(reason);
  }
}
