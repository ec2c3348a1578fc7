import type { DecodeStats } from "./audit/request.ts";
import { assessCoverage, type Coverage } from "./insights/coverage.ts";
import { enrich } from "./insights/enrich.ts";
import type { RecommendationException } from "./insights/exceptions.ts";
import type { Authorizer } from "./rbac/authorizer.ts";
import { defaultBootstrapObjects } from "./rbac/defaults.ts";
import { createAuthorizer } from "./rbac/evaluate.ts";
import type { RbacSnapshot } from "./rbac/model.ts";
import { buildSnapshot } from "./rbac/schema.ts";
import { permissionUses, requestCount } from "./recommend/evidence.ts";
import { compareText } from "./recommend/order.ts";
import { recommend } from "./recommend/recommend.ts";
import type { Recommendation, Report } from "./recommend/schema.ts";
import { subjectKey } from "./subject.ts";
import { attribute } from "./usage/attribute.ts";
import type { AttributedUsage } from "./usage/subject-usage.ts";
import { epochDay, type TimeWindow, type Usage } from "./usage/usage.ts";

export const GENERATOR = "rbac-recommender 0.1.0";
const DAY_MS = 86_400_000;

/** Either explicit bounds, or a duration that ends at the newest request. */
export type WindowSpec = { from: number; to: number } | { durationMs: number };

export interface AnalysisInput {
  usage: Usage;
  /** The RBAC objects as they are today; without them the analysis runs usage-only (like audit2rbac). */
  snapshot?: RbacSnapshot;
  stats: DecodeStats;
  files: number;
  window?: WindowSpec;
  includeDenied?: boolean;
  now?: Date;
  generator?: string;
  /** The keep-list: subjects and bindings not to touch, with owner, reason and expiry. */
  exceptions?: readonly RecommendationException[];
  /** Bindings younger than this (at the window's end) are never removed. Default 7. */
  minBindingAgeDays?: number;
  /**
   * When the audit feed counts as stale. The CLI on files judges freshness against the newest event
   * (the default); the nightly run passes its own clock.
   */
  freshness?: { now: number; maxSilenceHours: number };
}

/** What the analysis cannot see, stated in every report so that silence is never read as "clean". */
const LIMITS = [
  "Members of system:masters bypass RBAC: their access cannot be reduced by changing bindings.",
  "Access granted outside RBAC (EKS access entries or aws-auth, webhook authorizers, the Node authorizer) is not evaluated.",
  "Permissions not used in the window may still be needed rarely (cron jobs, incident response): check the window's length before removing.",
];

/** The whole engine: usage and RBAC in, a report with one recommendation per subject out. Pure. */
export function analyze(input: AnalysisInput): Report {
  const now = input.now ?? new Date();
  const window = resolveWindow(input.usage, input.window, now.getTime());
  const mode = input.snapshot ? "rbac" : "usage-only";
  // Usage-only still knows the bootstrap defaults, so discovery and health paths need no rule.
  const authorizer = createAuthorizer(input.snapshot ?? buildSnapshot(defaultBootstrapObjects()));
  // The usage of the window's days is read in place, never copied.
  const attributed = attribute(input.usage, authorizer, mode, window);
  const generator = input.generator ?? GENERATOR;
  const base = recommend(attributed, {
    ...(input.snapshot ? { snapshot: input.snapshot, authorizer } : {}),
    window,
    includeDenied: input.includeDenied ?? false,
    generator,
  });
  const coverage = coverageOf(input.usage, window, input.freshness);
  const { recommendations, excepted, withheld } = input.snapshot
    ? enrichWith(base.recommendations, input, input.snapshot, authorizer, attributed, window, generator, coverage)
    : { recommendations: base.recommendations, excepted: [], withheld: [] };
  return {
    schemaVersion: 1,
    generatedAt: now.toISOString(),
    mode,
    window: { from: new Date(window.from).toISOString(), to: new Date(window.to).toISOString() },
    input: { files: input.files, events: input.stats.events, requests: input.stats.requests, skipped: { ...input.stats.skipped } as Record<string, number> },
    recommendations,
    notAttributable: base.notAttributable,
    coverage,
    ...(excepted.length ? { excepted } : {}),
    ...(withheld.length ? { withheld } : {}),
    unchanged: unchangedSubjects(attributed, recommendations, [...excepted, ...withheld]),
    limits: mode === "usage-only" ? ["Usage-only mode: without --rbac nothing was checked against current RBAC, and nothing is proposed for removal.", ...LIMITS] : LIMITS,
  };
}

function enrichWith(
  base: Recommendation[],
  input: AnalysisInput,
  snapshot: RbacSnapshot,
  authorizer: Authorizer,
  attributed: AttributedUsage,
  window: { from: number; to: number },
  generator: string,
  coverage: Coverage,
) {
  return enrich(base, {
    snapshot,
    authorizer,
    attributed,
    window,
    generator,
    coverage,
    exceptions: input.exceptions ?? [],
    minBindingAgeDays: input.minBindingAgeDays ?? 7,
  });
}

function coverageOf(usage: Usage, window: TimeWindow, freshness: AnalysisInput["freshness"]): Coverage {
  const newest = usage.bounds(window)?.last;
  return assessCoverage({
    days: usage.days(window),
    window,
    ...(newest !== undefined ? { newest } : {}),
    now: freshness?.now ?? newest ?? window.to,
    maxSilenceHours: freshness?.maxSilenceHours ?? 24,
  });
}

function unchangedSubjects(attributed: AttributedUsage, recs: readonly Recommendation[], excepted: ReadonlyArray<{ subject: Recommendation["subject"] }>) {
  const covered = new Set([...recs, ...excepted].map((r) => subjectKey(r.subject)));
  return attributed.subjects
    .filter((u) => !covered.has(subjectKey(u.subject)))
    .map((u) => ({
      subject: { kind: u.subject.kind, name: u.subject.name, ...(u.subject.namespace ? { namespace: u.subject.namespace } : {}) },
      requests: requestCount(u.allowed),
      denied: permissionUses(u.denied),
    }))
    .sort((a, b) => compareText(subjectKey(a.subject), subjectKey(b.subject)));
}

/**
 * Usage is kept per UTC day, so a duration counts whole days back from the day of the newest request;
 * the reported window says so by starting at midnight.
 */
export function resolveWindow(usage: Usage, spec: WindowSpec | undefined, nowMs: number): { from: number; to: number } {
  if (spec && "from" in spec) return { from: spec.from, to: spec.to };
  const bounds = usage.bounds() ?? { first: nowMs, last: nowMs };
  if (!spec) return { from: bounds.first, to: bounds.last };
  const from = epochDay(bounds.last - spec.durationMs + 1) * DAY_MS;
  return { from: Math.max(from, epochDay(bounds.first) * DAY_MS), to: bounds.last };
}

/** Parses durations like 90d, 12h, 30m, 2w. */
export function parseDuration(text: string): number {
  const m = /^(\d+)\s*(w|d|h|m|s)$/.exec(text.trim());
  if (!m) throw new Error(`invalid duration "${text}": use a number and a unit, e.g. 90d, 12h, 30m`);
  const unit = { w: 7 * DAY_MS, d: DAY_MS, h: 3_600_000, m: 60_000, s: 1000 }[m[2] as "w" | "d" | "h" | "m" | "s"];
  const ms = Number(m[1]) * unit;
  if (ms <= 0) throw new Error(`invalid duration "${text}": must be positive`);
  return ms;
}
