import type { BindingRefJson, Recommendation } from "../recommend/schema.ts";
import { plural } from "../recommend/summary.ts";
import { describeSubject } from "../subject.ts";
import { deleteCommand, removeSubjectCommand } from "./kubectl.ts";

/**
 * Names come from audit logs and clusters, so they are untrusted: a line break in one would end the
 * comment and smuggle YAML into the manifest. Control characters are written as escapes instead.
 */
export function commentText(text: string): string {
  return text.replace(/[\u0000-\u001f\u007f-\u009f\u2028\u2029]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, "0")}`);
}

function describeBinding(b: BindingRefJson): string {
  return b.namespace ? `${b.kind} "${b.name}" in namespace "${b.namespace}"` : `${b.kind} "${b.name}"`;
}

function sameBinding(a: BindingRefJson, b: BindingRefJson): boolean {
  return a.kind === b.kind && a.name === b.name && (a.namespace ?? "") === (b.namespace ?? "");
}

function removalLines(rec: Recommendation): string[] {
  return rec.remove.flatMap((binding) => {
    const deletes = (rec.deleteBindings ?? []).some((d) => sameBinding(d, binding));
    return [
      `remove ${describeSubject(rec.subject)} from ${describeBinding(binding)}${deletes ? " (no subject left: delete it)" : ""}`,
      `  ${deletes ? deleteCommand(binding) : removeSubjectCommand(rec.subject, binding)}`,
    ];
  });
}

function evidenceLine(rec: Recommendation): string {
  const { requests, permissions } = rec.usage;
  return `evidence: ${plural(requests, "allowed request")} (${plural(permissions.length, "permission")}); ${plural(rec.denied.length, "denied permission")}; ${plural(rec.notGranted.length, "used permission")} not held today`;
}

function applyLines(rec: Recommendation): string[] {
  const removals = rec.remove.length ? ["take the subject out of its old bindings (kubectl apply cannot):"] : [];
  if (rec.apply.length === 0) return ["nothing to apply", ...removals];
  const grantsFirst = rec.apply.some((o) => o.kind.endsWith("Binding"));
  return ["kubectl apply -f <this file>", ...(removals.length ? [...(grantsFirst ? ["then, once the new bindings are in place,"] : []), ...removals] : [])];
}

/** Held and kept first: they change what a reviewer may apply at all. */
function safeguardLines(rec: Recommendation): string[] {
  return [
    ...(rec.held ? ["HELD: do not apply: the audit data cannot back removals yet:", ...rec.held.map((r) => `  ${r}`)] : []),
    ...(rec.kept ?? []).map((k) => `kept: ${describeBinding(k.binding)}: ${k.reason}`),
  ];
}

function priorityLine(rec: Recommendation): string {
  const risks = rec.insight?.removedRisks.map((r) => `${r.check} (${r.severity})`) ?? [];
  return `priority: ${rec.priority}${risks.length ? `; removes ${risks.join(", ")}` : ""}`;
}

function alternativeLines(rec: Recommendation): string[] {
  if (rec.alternativeTo) return [`alternative to ${rec.alternativeTo}: apply at most one recommendation of group ${rec.xorGroupId}`];
  return rec.xorGroupId ? [`alternatives exist (group ${rec.xorGroupId}): apply at most one of them`] : [];
}

/** Everything a reviewer must know before applying, including the removals `kubectl apply` cannot do. */
export function headerLines(rec: Recommendation): string[] {
  const lines = [
    `rbac-recommender ${rec.kind} for ${describeSubject(rec.subject)}`,
    ...safeguardLines(rec),
    `recommendation: ${rec.id}`,
    priorityLine(rec),
    ...alternativeLines(rec),
    `window: ${rec.window.from}/${rec.window.to}`,
    evidenceLine(rec),
    rec.summary,
    "",
    ...applyLines(rec),
    ...removalLines(rec),
  ];
  return lines.map((line) => (line ? `# ${commentText(line)}` : "#"));
}
