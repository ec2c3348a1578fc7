import { bindingKey, bindingRefOfObject, type BindingRef } from "../rbac/model.ts";
import type { Candidate } from "./alternatives.ts";
import type { BindingEvidence } from "./binding-evidence.ts";
import type { Coverage } from "./coverage.ts";
import { exceptsBinding, isInForce, type RecommendationException } from "./exceptions.ts";

const DAY_MS = 86_400_000;

export interface SafeguardContext {
  exceptions: readonly RecommendationException[];
  /** When the analysis judges age and expiry: the window's end. */
  now: number;
  /** Bindings younger than this are never reduced: too new to tell unused from not-yet-used. */
  minBindingAgeDays: number;
  coverage?: Coverage;
}

export interface Safeguarded extends Candidate {
  /** Bindings left as they are, and why. */
  kept: Array<{ binding: BindingRef; reason: string }>;
  /** Set when the audit data cannot back any reduction yet. */
  held?: string[];
}

/**
 * Takes out of a change what must not be reduced yet (bindings on the keep-list, bindings too new to
 * judge) and holds the whole change back when the audit data cannot back it. A change that is only about
 * a kept binding (scoping it down, dropping its rules), or that would have nothing left to take away,
 * is withdrawn: undefined.
 */
export function applySafeguards(candidate: Candidate, evidence: readonly BindingEvidence[], ctx: SafeguardContext): Safeguarded | undefined {
  const kept = keptBindings(candidate, evidence, ctx);
  if (kept.length > 0 && (candidate.kind === "SCOPE_DOWN" || candidate.kind === "DROP_RULES")) return undefined;
  const keptKeys = new Set(kept.map((k) => bindingKey(k.binding)));
  const stays = (b: BindingRef) => !keptKeys.has(bindingKey(b));
  const remove = candidate.remove.filter(stays);
  if (candidate.remove.length > 0 && remove.length === 0) return undefined;
  const held = ctx.coverage && !ctx.coverage.complete ? ctx.coverage.reasons : undefined;
  return {
    ...candidate,
    summary: kept.length ? `${candidate.summary} Keeps ${kept.length} binding(s) as they are for now (see kept).` : candidate.summary,
    remove,
    deleteBindings: candidate.deleteBindings.filter(stays),
    rollback: candidate.rollback.filter((o) => !isBinding(o.kind) || stays(bindingRefOfObject(o))),
    kept,
    ...(held ? { held } : {}),
  };
}

/** The bindings of a change that must stay as they are, with why. */
export function keptBindings(candidate: Candidate, evidence: readonly BindingEvidence[], ctx: SafeguardContext): Safeguarded["kept"] {
  return candidate.touches.flatMap((binding) => {
    const reason = keepReason(binding, evidence, ctx);
    return reason ? [{ binding, reason }] : [];
  });
}

function keepReason(b: BindingRef, evidence: readonly BindingEvidence[], ctx: SafeguardContext): string | undefined {
  const exception = ctx.exceptions.find((e) => isInForce(e, ctx.now) && exceptsBinding(e, b));
  if (exception) return `on the keep-list (owner ${exception.owner}: ${exception.reason}${exception.expires ? `, until ${exception.expires}` : ""})`;
  const e = evidence.find((x) => bindingKey(x.binding) === bindingKey(b));
  if (e?.createdAt !== undefined && ctx.now - e.createdAt < ctx.minBindingAgeDays * DAY_MS) {
    return `created ${new Date(e.createdAt).toISOString().slice(0, 10)}, less than ${ctx.minBindingAgeDays} days before the window's end: too new to judge`;
  }
  return undefined;
}

function isBinding(kind: string): boolean {
  return kind === "RoleBinding" || kind === "ClusterRoleBinding";
}
