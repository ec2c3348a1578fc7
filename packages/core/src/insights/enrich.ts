import type { Authorizer } from "../rbac/authorizer.ts";
import { bindingKey, type RbacSnapshot } from "../rbac/model.ts";
import { GENERATOR_ANNOTATION, SUBJECT_ANNOTATION, asObject, type Provenance } from "../recommend/objects.ts";
import { asRollbackObject } from "../recommend/removal.ts";
import type { Recommendation } from "../recommend/schema.ts";
import { describeSubject, subjectKey, type SubjectRef } from "../subject.ts";
import type { AttributedUsage, SubjectUsage } from "../usage/subject-usage.ts";
import { alternativesTo, type Candidate } from "./alternatives.ts";
import { bindingEvidence, type BindingEvidence } from "./binding-evidence.ts";
import type { Coverage } from "./coverage.ts";
import { exceptsSubject, isInForce, type RecommendationException } from "./exceptions.ts";
import { flagsOf, serviceAccountOf } from "./flags.ts";
import { insightOf } from "./insight.ts";
import { KnownResources } from "./known-resources.ts";
import { priorityOf } from "./priority.ts";
import { profileOf, removedRisks, scopedOfEvidence, scopedOfObjects, worstOf } from "./risk-delta.ts";
import { applySafeguards } from "./safeguards.ts";

export interface EnrichContext {
  snapshot: RbacSnapshot;
  authorizer: Authorizer;
  attributed: AttributedUsage;
  window: { from: number; to: number };
  generator: string;
  coverage?: Coverage;
  exceptions: readonly RecommendationException[];
  minBindingAgeDays: number;
}

export interface Excepted {
  id: string;
  subject: Recommendation["subject"];
  exception: { owner: string; reason: string; expires?: string };
}

/**
 * Adds to each subject's change what a reviewer needs to act on it: per-binding evidence, the risks it
 * removes and its priority, the alternatives that exclude it, and the safeguards for rarely used access.
 */
export function enrich(base: readonly Recommendation[], ctx: EnrichContext): { recommendations: Recommendation[]; excepted: Excepted[] } {
  const usageOf = new Map(ctx.attributed.subjects.map((u) => [subjectKey(u.subject), u]));
  const known = knownResources(ctx);
  const recommendations: Recommendation[] = [];
  const excepted: Excepted[] = [];
  for (const rec of base) {
    const subject = rec.subject as SubjectRef;
    const exception = ctx.exceptions.find((e) => isInForce(e, ctx.window.to) && exceptsSubject(e, subject));
    if (exception) {
      excepted.push({ id: rec.id, subject: rec.subject, exception: { owner: exception.owner, reason: exception.reason, ...(exception.expires ? { expires: exception.expires } : {}) } });
      continue;
    }
    const usage = usageOf.get(subjectKey(subject)) ?? { subject, allowed: [], denied: [] };
    recommendations.push(...groupFor(rec, usage, known, ctx));
  }
  return { recommendations, excepted };
}

function groupFor(rec: Recommendation, usage: SubjectUsage, known: KnownResources, ctx: EnrichContext): Recommendation[] {
  const subject = rec.subject as SubjectRef;
  const provenance: Provenance = { id: rec.id, subject, window: ctx.window, generator: ctx.generator };
  const evidence = bindingEvidence(ctx.snapshot, subject, usage.allowed, ctx.window, known);
  const main = withTokenOff(primaryCandidate(rec, evidence), usage, ctx.snapshot, provenance);
  const alternatives = alternativesTo(rec, { snapshot: ctx.snapshot, authorizer: ctx.authorizer, usage, evidence, known, provenance });
  const flags = flagsOf(subject, usage, evidence, ctx.snapshot);
  const xorGroupId = alternatives.length > 0 ? rec.id : undefined;
  return [main, ...alternatives].map((candidate) => {
    const removed = removedRisks(profileOf(candidate.before, subject), profileOf(candidate.after, subject));
    const insight = insightOf(evidence, removed, flags, ctx.snapshot);
    const severity = worstOf(removed);
    const full: Recommendation = {
      ...rec,
      id: candidate.id,
      kind: candidate.kind,
      summary: candidate.summary,
      apply: candidate.apply,
      remove: candidate.remove,
      deleteBindings: candidate.deleteBindings,
      rollback: candidate.rollback,
      priority: priorityOf(severity, insight.unused),
      ...(severity ? { severity } : {}),
      insight,
      ...(xorGroupId ? { xorGroupId } : {}),
      ...(candidate.id !== rec.id ? { alternativeTo: rec.id } : {}),
    };
    return applySafeguards(full, evidence, { exceptions: ctx.exceptions, now: ctx.window.to, minBindingAgeDays: ctx.minBindingAgeDays, ...(ctx.coverage ? { coverage: ctx.coverage } : {}) });
  });
}

function primaryCandidate(rec: Recommendation, evidence: readonly BindingEvidence[]): Candidate {
  const removed = new Set(rec.remove.map(bindingKey));
  return {
    id: rec.id,
    kind: rec.kind,
    summary: rec.summary,
    apply: rec.apply,
    remove: rec.remove,
    deleteBindings: rec.deleteBindings ?? [],
    rollback: rec.rollback,
    before: scopedOfEvidence(evidence.filter((e) => removed.has(bindingKey(e.binding)))),
    after: scopedOfObjects(rec.apply),
  };
}

/** A service account that made no API call needs no token in its pods: say so in the change itself. */
function withTokenOff(candidate: Candidate, usage: SubjectUsage, snapshot: RbacSnapshot, provenance: Provenance): Candidate {
  const sa = provenance.subject.kind === "ServiceAccount" ? serviceAccountOf(snapshot, provenance.subject) : undefined;
  if (!sa || sa.automountServiceAccountToken === false || usage.allowed.length + usage.denied.length > 0) return candidate;
  const tokenOff = {
    apiVersion: "v1" as const,
    kind: "ServiceAccount" as const,
    // Annotations only: labels would claim ownership of an object the team created.
    metadata: {
      name: sa.metadata.name,
      namespace: sa.metadata.namespace ?? "",
      annotations: { [SUBJECT_ANNOTATION]: describeSubject(provenance.subject), [GENERATOR_ANNOTATION]: provenance.generator },
    },
    automountServiceAccountToken: false,
  };
  return {
    ...candidate,
    summary: `${candidate.summary} Stop mounting its token: automountServiceAccountToken: false.`,
    apply: [...candidate.apply, asObject(tokenOff)],
    rollback: [...candidate.rollback, asRollbackObject(sa)],
  };
}

function knownResources(ctx: EnrichContext): KnownResources {
  const known = new KnownResources();
  for (const role of [...ctx.snapshot.roles, ...ctx.snapshot.clusterRoles]) for (const rule of role.rules) known.addRule(rule);
  for (const u of ctx.attributed.subjects) {
    for (const p of u.allowed) if (p.attrs.resourceRequest) known.add(p.attrs.apiGroup, p.attrs.subresource ? `${p.attrs.resource}/${p.attrs.subresource}` : p.attrs.resource);
  }
  return known;
}
