import { bindingKey, type BindingRef } from "../rbac/model.ts";
import type { Recommendation } from "../recommend/schema.ts";
import type { BindingEvidence } from "./binding-evidence.ts";
import type { Coverage } from "./coverage.ts";
import { exceptsBinding, isInForce, type RecommendationException } from "./exceptions.ts";

const DAY_MS = 86_400_000;

export interface SafeguardContext {
  exceptions: readonly RecommendationException[];
  /** When the analysis judges age and expiry: the window's end. */
  now: number;
  /** Bindings younger than this are never removed: too new to tell unused from not-yet-used. */
  minBindingAgeDays: number;
  coverage?: Coverage;
}

/**
 * Takes out of a change what must not be removed yet (bindings on the keep-list, bindings too new to
 * judge) and holds every removal back when the audit data cannot back it.
 */
export function applySafeguards(rec: Recommendation, evidence: readonly BindingEvidence[], ctx: SafeguardContext): Recommendation {
  const kept = rec.remove.flatMap((b) => {
    const reason = keepReason(b, evidence, ctx);
    return reason ? [{ binding: b, reason }] : [];
  });
  const keptKeys = new Set(kept.map((k) => bindingKey(k.binding)));
  const stays = (b: BindingRef) => !keptKeys.has(bindingKey(b));
  const remove = rec.remove.filter(stays);
  const held = ctx.coverage && !ctx.coverage.complete && remove.length > 0 ? ctx.coverage.reasons : undefined;
  return {
    ...rec,
    remove,
    deleteBindings: (rec.deleteBindings ?? []).filter(stays),
    rollback: rec.rollback.filter((o) => !isBinding(o.kind) || stays(refOf(o))),
    ...(kept.length ? { kept: [...(rec.kept ?? []), ...kept] } : {}),
    ...(held ? { held } : {}),
  };
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

function refOf(o: { kind: string; metadata: { name: string; namespace?: string | undefined } }): BindingRef {
  return o.kind === "RoleBinding" ? { kind: "RoleBinding", name: o.metadata.name, namespace: o.metadata.namespace ?? "" } : { kind: "ClusterRoleBinding", name: o.metadata.name };
}
