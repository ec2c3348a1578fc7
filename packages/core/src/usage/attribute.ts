import type { UserInfo } from "../audit/request.ts";
import type { Authorizer, Grant } from "../rbac/authorizer.ts";
import { bindingKey, type BindingRef, type BindingSubject } from "../rbac/model.ts";
import { appliesTo } from "../rbac/applies-to.ts";
import { parseAuthorizationReason } from "../rbac/reason.ts";
import { subjectKey, subjectOfUsername, type SubjectRef } from "../subject.ts";
import { PermissionTally } from "./permission-tally.ts";
import type { AttributedUsage, NotAttributableReason } from "./subject-usage.ts";
import type { Usage, UsageRecord } from "./usage.ts";

export type AnalysisMode = "rbac" | "usage-only";

interface Owner {
  subject: SubjectRef;
  via?: BindingRef;
}

/**
 * Decides, for every observation, whose usage it is and through which binding: the reason annotation when
 * it names a binding subject that matches the requester, else evaluation. Groups are subjects too.
 *
 * `authorizer` evaluates the current RBAC in rbac mode, or only the bootstrap defaults in usage-only mode;
 * either way it tells which requests the never-removed defaults already allow.
 */
export function attribute(usage: Usage, authorizer: Authorizer, mode: AnalysisMode): AttributedUsage {
  const reasons = new ReasonCache();
  const subjects = new Map<string, { subject: SubjectRef; allowed: PermissionTally; denied: PermissionTally }>();
  const outOfScope = new Map<string, { user: string; reason: NotAttributableReason; tally: PermissionTally }>();
  const excludeAs = (reason: NotAttributableReason, record: UsageRecord) => {
    const key = `${reason}\u001f${record.user.name}`;
    let entry = outOfScope.get(key);
    if (!entry) outOfScope.set(key, (entry = { user: record.user.name, reason, tally: new PermissionTally() }));
    entry.tally.add(record, undefined, false);
  };

  for (const record of usage.records()) {
    const excluded = exclusionOf(record);
    if (excluded) {
      excludeAs(excluded, record);
      continue;
    }
    const grants = record.outcome === "allow" ? authorizer.grants(record.user, record.attrs) : [];
    const owner = record.outcome === "forbid" ? { subject: subjectOfUsername(record.user.name) } : ownerOf(record, grants, mode, reasons);
    if (!owner) {
      excludeAs("non-rbac-authorizer", record);
      continue;
    }
    const key = subjectKey(owner.subject);
    let entry = subjects.get(key);
    if (!entry) subjects.set(key, (entry = { subject: owner.subject, allowed: new PermissionTally(), denied: new PermissionTally() }));
    const covered = grants.some((g) => g.bootstrap);
    (record.outcome === "allow" ? entry.allowed : entry.denied).add(record, owner.via, covered);
  }

  return {
    subjects: [...subjects.values()].map((s) => ({ subject: s.subject, allowed: s.allowed.permissions(), denied: s.denied.permissions() })),
    notAttributable: [...outOfScope.values()].map((e) => ({ user: e.user, reason: e.reason, permissions: e.tally.permissions() })),
  };
}

/** Why no RBAC change can reduce this observation, if so. */
function exclusionOf(record: UsageRecord): NotAttributableReason | undefined {
  if (record.user.groups.includes("system:masters")) return "system-masters";
  if (record.user.name.startsWith("system:") && subjectOfUsername(record.user.name).kind !== "ServiceAccount") return "system-user";
  return undefined;
}

/** Whose allowed usage this is; undefined when an authorizer other than RBAC allowed it. */
function ownerOf(record: UsageRecord, grants: Grant[], mode: AnalysisMode, reasons: ReasonCache): Owner | undefined {
  if (record.reason !== undefined) {
    const named = reasons.parse(record.reason);
    // In rbac mode the named binding must still grant it today: one deleted since is no evidence for now.
    const current = mode === "usage-only" || grants.some((g) => named && bindingKey(g.binding) === bindingKey(named.binding));
    if (named && current && appliesToRequester(named.subject, named.binding, record.user)) {
      return { subject: subjectOfBinding(named.subject, named.binding), via: named.binding };
    }
    // An empty or foreign reason means RBAC did not decide (system:masters, Node, webhook authorizers).
    if (!record.reason.startsWith("RBAC:")) return undefined;
  }
  const grant = preferredGrant(grants, record.user);
  if (!grant || (grant.bootstrap && mode === "usage-only")) return { subject: subjectOfUsername(record.user.name) };
  return { subject: subjectOfBinding(grant.subject, grant.binding), via: grant.binding };
}

/** Defaults first (they need no rule), then the requester's own bindings, then its groups'. */
function preferredGrant(grants: Grant[], user: UserInfo): Grant | undefined {
  return (
    grants.find((g) => g.bootstrap) ??
    grants.find((g) => g.subject.kind !== "Group" && appliesToRequester(g.subject, g.binding, user)) ??
    grants[0]
  );
}

function subjectOfBinding(s: BindingSubject, binding: BindingRef): SubjectRef {
  if (s.kind === "ServiceAccount") return { kind: "ServiceAccount", name: s.name, namespace: s.namespace || binding.namespace || "" };
  if (s.kind === "User") return subjectOfUsername(s.name);
  return { kind: "Group", name: s.name };
}

function appliesToRequester(s: BindingSubject, binding: BindingRef, user: UserInfo): boolean {
  return appliesTo(s, user, binding.namespace ?? "");
}

/** A cluster has a few hundred distinct reason annotations and an analysis has ~100k observations. */
class ReasonCache {
  private readonly parsed = new Map<string, ReturnType<typeof parseAuthorizationReason>>();

  parse(reason: string): ReturnType<typeof parseAuthorizationReason> {
    if (!this.parsed.has(reason)) this.parsed.set(reason, parseAuthorizationReason(reason));
    return this.parsed.get(reason);
  }
}
