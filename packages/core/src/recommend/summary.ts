import { describeSubject, type SubjectRef } from "../subject.ts";
import type { GrantPlan } from "./grants.ts";

export interface SummaryFacts {
  subject: SubjectRef;
  plan: GrantPlan;
  removals: number;
  requests: number;
  /** false in usage-only mode: nothing was checked against today's RBAC. */
  checked: boolean;
}

export function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? "" : "s"}`;
}

function roleCount(plan: GrantPlan): string {
  const roles = plan.grants.filter((g) => g.namespace !== "").length;
  const clusterRole = plan.grants.length > roles;
  return [roles ? plural(roles, "Role") : "", clusterRole ? "1 ClusterRole" : ""].filter(Boolean).join(" and ");
}

function caveats(facts: SummaryFacts): string {
  const notes = [
    ...(facts.plan.notGranted.length ? [`${plural(facts.plan.notGranted.length, "used permission")} not held today left out`] : []),
    ...(facts.plan.grantedDenied.length ? [`${plural(facts.plan.grantedDenied.length, "denied permission")} granted (--include-denied)`] : []),
    ...(facts.checked ? [] : ["not checked against current RBAC (usage-only)"]),
  ];
  return notes.length ? `; ${notes.join("; ")}` : "";
}

/** The one sentence a reviewer reads first: what goes, what replaces it, and on what evidence. */
export function summarize(facts: SummaryFacts): string {
  const who = describeSubject(facts.subject);
  const evidence = `${plural(facts.requests, "request")} in the window`;
  if (facts.plan.grants.length === 0) {
    const why = facts.requests === 0 ? "no allowed requests in the window" : `${evidence} need no generated rule`;
    return `Remove ${who} from ${plural(facts.removals, "binding")}: ${why}${caveats(facts)}.`;
  }
  const roles = `${roleCount(facts.plan)} built from ${evidence}${caveats(facts)}`;
  return facts.removals ? `Replace ${plural(facts.removals, "binding")} of ${who} with ${roles}.` : `Bind ${who} to ${roles}.`;
}
