import type { Authorizer } from "../rbac/authorizer.ts";
import type { RbacSnapshot } from "../rbac/model.ts";
import { subjectKey, type SubjectRef } from "../subject.ts";
import type { AttributedUsage, SubjectUsage } from "../usage/subject-usage.ts";
import { notAttributableEntries, permissionUses, requestCount } from "./evidence.ts";
import { planGrants, type GrantPlan } from "./grants.ts";
import { heldCheck } from "./held.ts";
import { recommendationId } from "./naming.ts";
import { changeSetObjects, generatedBindingRefs } from "./objects.ts";
import { compareTuples } from "./order.ts";
import { indexBindings, removalOf, type SubjectBindings } from "./removal.ts";
import type { NotAttributable, Recommendation } from "./schema.ts";
import { summarize } from "./summary.ts";

export interface RecommendContext {
  /** Today's RBAC: without it there is nothing to remove (usage-only mode). */
  snapshot?: RbacSnapshot;
  /** Evaluates today's RBAC: every emitted permission must already be held (no new access). */
  authorizer?: Authorizer;
  window: { from: number; to: number };
  /** Grant what RBAC denied, audit2rbac-style; such grants skip the no-new-access check. */
  includeDenied?: boolean;
  /** Above this many distinct names of one verb and resource, the rule drops the name restriction. */
  maxResourceNames?: number;
  generator?: string;
}

export interface RecommendResult {
  recommendations: Recommendation[];
  notAttributable: NotAttributable[];
}

const DEFAULT_MAX_RESOURCE_NAMES = 10;
const DEFAULT_GENERATOR = "rbac-recommender";

const NO_USAGE = (subject: SubjectRef): SubjectUsage => ({ subject, allowed: [], denied: [] });

function hasRequests(usage: SubjectUsage): boolean {
  return usage.allowed.length + usage.denied.length > 0;
}

/**
 * The smallest change per subject that keeps every allowed observed request allowed and grants nothing that
 * was not observed: subjects with usage get generated roles in place of their bindings, subjects that hold
 * bindings but made no request lose them.
 */
export function recommend(attributed: AttributedUsage, context: RecommendContext): RecommendResult {
  const bindings = indexBindings(context.snapshot);
  const used = attributed.subjects.filter(hasRequests);
  const usedKeys = new Set(used.map((u) => subjectKey(u.subject)));
  const unused = [...bindings.values()].map((b) => b.subject).filter((s) => !usedKeys.has(subjectKey(s)));
  const recommendations = [...used, ...unused.map(NO_USAGE)]
    .map((usage) => recommendationFor(usage, context, bindings))
    .filter((r): r is Recommendation => r !== undefined)
    .sort((a, b) => compareTuples(subjectOrder(a.subject), subjectOrder(b.subject)));
  return { recommendations, notAttributable: notAttributableEntries(attributed.notAttributable) };
}

function subjectOrder(s: SubjectRef): string[] {
  return [s.kind, s.namespace ?? "", s.name];
}

function planFor(usage: SubjectUsage, context: RecommendContext): GrantPlan {
  return planGrants(usage, {
    held: heldCheck(usage.subject, context.authorizer),
    includeDenied: context.includeDenied ?? false,
    maxResourceNames: context.maxResourceNames ?? DEFAULT_MAX_RESOURCE_NAMES,
  });
}

/** One subject's change set with its evidence; undefined when there is nothing to change. */
function recommendationFor(usage: SubjectUsage, context: RecommendContext, bindings: SubjectBindings): Recommendation | undefined {
  const subject = usage.subject;
  const id = recommendationId(subject);
  const plan = planFor(usage, context);
  const generator = context.generator ?? DEFAULT_GENERATOR;
  const apply = changeSetObjects(plan.grants, { id, subject, window: context.window, generator });
  const { remove, deleteBindings, rollback } = removalOf(subject, bindings, generatedBindingRefs(subject, plan.grants.map((g) => g.namespace)));
  if (apply.length === 0 && remove.length === 0) return undefined;
  const requests = requestCount(usage.allowed);
  return {
    id,
    subject: { kind: subject.kind, name: subject.name, ...(subject.namespace ? { namespace: subject.namespace } : {}) },
    kind: hasRequests(usage) ? "REPLACE_ROLE" : "REMOVE_BINDING",
    summary: summarize({ subject, plan, removals: remove.length, requests, checked: context.authorizer !== undefined }),
    window: { from: new Date(context.window.from).toISOString(), to: new Date(context.window.to).toISOString() },
    apply,
    remove,
    deleteBindings,
    usage: { requests, permissions: permissionUses(usage.allowed) },
    denied: permissionUses(usage.denied),
    notGranted: permissionUses(plan.notGranted),
    // Risk-based priority needs today's RBAC; `insights/enrich.ts` raises it from there.
    priority: "P4",
    rollback,
  };
}
