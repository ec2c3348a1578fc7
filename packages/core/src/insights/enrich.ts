import { aggregationOrigins, type AggregationOrigins } from "../rbac/aggregate.ts";
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
import { flagsOf } from "./flags.ts";
import { bindingsInsight, insightOf } from "./insight.ts";
import { KnownResources } from "./known-resources.ts";
import { priorityOf } from "./priority.ts";
import { SnapshotIndex } from "./snapshot-index.ts";
import { profileOf, removedRisks, scopedOfEvidence, scopedOfObjects, worstOf, type ScopedRules } from "./risk-delta.ts";
import { applySafeguards, keptBindings, type Safeguarded } from "./safeguards.ts";

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

/** A subject whose every binding is kept (keep-list, too new to judge): nothing to change yet, and why. */
export interface Withheld {
  id: string;
  subject: Recommendation["subject"];
  kept: Safeguarded["kept"];
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
export interface Enriched {
  recommendations: Recommendation[];
  excepted: Excepted[];
  withheld: Withheld[];
}

export function enrich(base: readonly Recommendation[], ctx: EnrichContext): Enriched {
  const usageOf = new Map(ctx.attributed.subjects.map((u) => [subjectKey(u.subject), u]));
  const origins = aggregationOrigins(ctx.snapshot.clusterRoles);
  const shared: Shared = { known: knownResources(ctx), origins, index: new SnapshotIndex(ctx.snapshot, aggregationSources(origins)) };
  const result: Enriched = { recommendations: [], excepted: [], withheld: [] };
  for (const rec of base) {
    const subject = rec.subject as SubjectRef;
    const exception = ctx.exceptions.find((e) => isInForce(e, ctx.window.to) && exceptsSubject(e, subject));
    if (exception) {
      result.excepted.push({ id: rec.id, subject: rec.subject, exception: { owner: exception.owner, reason: exception.reason, ...(exception.expires ? { expires: exception.expires } : {}) } });
      continue;
    }
    const usage = usageOf.get(subjectKey(subject)) ?? { subject, allowed: [], denied: [] };
    const group = groupFor(rec, usage, shared, ctx);
    if ("kept" in group) result.withheld.push({ id: rec.id, subject: rec.subject, kept: group.kept });
    else result.recommendations.push(...group);
  }
  return result;
}

/** Computed once per analysis, used for every subject. */
interface Shared {
  known: KnownResources;
  origins: AggregationOrigins;
  index: SnapshotIndex;
}

/** Roles whose rules are copied into an aggregated ClusterRole: editing them edits that role too. */
function aggregationSources(origins: AggregationOrigins): Set<string> {
  return new Set([...origins.values()].flatMap((o) => o.sources));
}

/** The subject's main change and its alternatives, each safeguarded, then weighed by the risk it removes. */
function groupFor(rec: Recommendation, usage: SubjectUsage, shared: Shared, ctx: EnrichContext): Recommendation[] | { kept: Safeguarded["kept"] } {
  const subject = rec.subject as SubjectRef;
  const provenance: Provenance = { id: rec.id, subject, window: ctx.window, generator: ctx.generator };
  const evidence = bindingEvidence(ctx.snapshot, subject, usage.allowed, ctx.window, shared.known, shared.index);
  const guard = { exceptions: ctx.exceptions, now: ctx.window.to, minBindingAgeDays: ctx.minBindingAgeDays, ...(ctx.coverage ? { coverage: ctx.coverage } : {}) };
  const primary = primaryCandidate(rec);
  const main = applySafeguards(primary, evidence, guard);
  if (!main) return { kept: keptBindings(primary, evidence, guard) };
  const alternatives = alternativesTo(rec, { index: shared.index, authorizer: ctx.authorizer, usage, evidence, known: shared.known, provenance })
    .map((c) => applySafeguards(c, evidence, guard))
    .filter((c): c is Safeguarded => c !== undefined);
  // A token is only switched off when every binding of the account goes: a kept one may be about to be used.
  const group = [main.kept.length === 0 ? withTokenOff(main, usage, shared.index, provenance) : main, ...alternatives];
  const flags = flagsOf(subject, usage, evidence, shared.index);
  const bindings = bindingsInsight(evidence, shared.origins);
  const xorGroupId = group.length > 1 ? rec.id : undefined;
  return group.map((candidate) => {
    const removed = removedRisks(profileOf(beforeOf(candidate, evidence), subject), profileOf(candidate.after ?? scopedOfObjects(candidate.apply), subject));
    const insight = insightOf(bindings, removed, flags);
    const severity = worstOf(removed);
    return {
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
      ...(candidate.held ? { held: candidate.held } : {}),
      ...(candidate.kept.length ? { kept: candidate.kept } : {}),
    };
  });
}

/** What the change takes away: its own statement, else the rules of the bindings it still removes. */
function beforeOf(candidate: Safeguarded, evidence: readonly BindingEvidence[]): ScopedRules[] {
  if (candidate.before) return candidate.before;
  const removed = new Set(candidate.remove.map(bindingKey));
  return scopedOfEvidence(evidence.filter((e) => removed.has(bindingKey(e.binding))));
}

function primaryCandidate(rec: Recommendation): Candidate {
  return {
    id: rec.id,
    kind: rec.kind,
    summary: rec.summary,
    apply: rec.apply,
    remove: rec.remove,
    deleteBindings: rec.deleteBindings ?? [],
    rollback: rec.rollback,
    touches: rec.remove,
  };
}

const SERVER_FIELDS = ["uid", "creationTimestamp", "resourceVersion", "generation", "managedFields"];

/**
 * A service account that made no API call needs no token in its pods: say so in the change itself. The
 * account is re-applied whole (imagePullSecrets and all), so `kubectl apply` changes only that field.
 */
function withTokenOff<C extends Candidate>(candidate: C, usage: SubjectUsage, index: SnapshotIndex, provenance: Provenance): C {
  const sa = provenance.subject.kind === "ServiceAccount" ? index.serviceAccountOf(provenance.subject) : undefined;
  if (!sa || sa.automountServiceAccountToken === false || usage.allowed.length + usage.denied.length > 0) return candidate;
  const metadata = Object.fromEntries(Object.entries(sa.metadata).filter(([k]) => !SERVER_FIELDS.includes(k)));
  const tokenOff = {
    ...sa,
    metadata: {
      ...metadata,
      name: sa.metadata.name,
      // Annotations only: labels would claim ownership of an object the team created.
      annotations: { ...sa.metadata.annotations, [SUBJECT_ANNOTATION]: describeSubject(provenance.subject), [GENERATOR_ANNOTATION]: provenance.generator },
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
  for (const u of ctx.attributed.subjects) for (const p of u.allowed) known.addUsed(p.attrs);
  return known;
}
