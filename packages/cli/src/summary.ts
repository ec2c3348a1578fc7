import { describeSubject, type Report } from "@rbac-recommender/core";
import type { RbacOrigin } from "./rbac-origin.ts";
import type { WrittenResults } from "./results.ts";
import { count, plural } from "./wording.ts";

export interface AnalysedReport {
  report: Report;
  /** Absent in usage-only mode. */
  rbac?: RbacOrigin;
}

/** The few lines a user reads after a run: what was analysed, what came out, then `results` (where it is). */
export function formatSummary(run: AnalysedReport, results: string[]): string {
  const { report } = run;
  const lines = [
    modeLine(run),
    `window:           ${windowText(report)}`,
    `input:            ${plural(report.input.files, "file")}, ${plural(report.input.events, "event")}, ${plural(report.input.requests, "request")}`,
    `skipped:          ${skippedLine(report)}`,
    `subjects:         ${subjectsLine(report)}`,
    `recommendations:  ${kindsLine(report)}`,
    ...priorityLines(report),
    ...safeguardLines(report),
    ...notAttributableLines(report),
    ...results,
  ];
  return `${lines.join("\n")}\n`;
}

/** A one-shot run that read no request has no window: its report's is the moment it ran. */
function windowText(report: Report): string {
  const { from, to } = report.window;
  if (report.input.requests > 0) return `${from} .. ${to}`;
  return from === to ? "none: no request was read" : `${from} .. ${to}, no request in it`;
}

/** Where a one-shot run (and the demo) wrote its files. */
export function writtenLines(written: WrittenResults): string[] {
  return [
    `results:          ${written.reportPath}`,
    `                  ${written.manifestsDir}/ (${plural(written.manifests, "manifest")}, one per recommendation;`,
    `                  all.yaml bundles the ${plural(written.bundled, "main change")}, without alternatives or held ones)`,
  ];
}

function modeLine(run: AnalysedReport): string {
  if (!run.rbac) {
    return [
      "mode:             USAGE-ONLY (no --rbac or --kubeconfig): roles are built from observed usage alone; existing bindings",
      "                  were not read, so nothing is proposed for removal or checked against what is granted today",
    ].join("\n");
  }
  return `mode:             rbac (${run.rbac.described}, ${snapshotSize(run.rbac)} objects)`;
}

function snapshotSize({ snapshot: s }: RbacOrigin): string {
  const total = s.roles.length + s.clusterRoles.length + s.roleBindings.length + s.clusterRoleBindings.length + s.serviceAccounts.length + s.namespaces.length;
  return count(total);
}

function skippedLine(report: Report): string {
  const entries = Object.entries(report.input.skipped).filter(([, n]) => n > 0);
  if (entries.length === 0) return "none";
  return entries
    .sort(([a], [b]) => (a < b ? -1 : 1))
    .map(([reason, n]) => `${count(n)} ${reason}`)
    .join(", ");
}

function subjectsLine(report: Report): string {
  const subjects = new Set(report.recommendations.map((r) => describeSubject(r.subject)));
  return `${count(subjects.size)} with recommendations`;
}

function kindsLine(report: Report): string {
  if (report.recommendations.length === 0) return "none";
  const byKind = new Map<string, number>();
  for (const r of report.recommendations) byKind.set(r.kind, (byKind.get(r.kind) ?? 0) + 1);
  const alternatives = report.recommendations.filter((r) => r.alternativeTo).length;
  const kinds = [...byKind].map(([kind, n]) => `${count(n)} ${kind}`).join(", ");
  return alternatives ? `${kinds} (${count(alternatives)} of them alternatives to a main one)` : kinds;
}

/** Named, grouped by reason: usage RBAC cannot reduce must be visible, never silently absent. */
function notAttributableLines(report: Report): string[] {
  if (report.notAttributable.length === 0) return ["not attributable: none"];
  const byReason = new Map<string, string[]>();
  for (const entry of report.notAttributable) byReason.set(entry.reason, [...(byReason.get(entry.reason) ?? []), entry.user]);
  return [...byReason].map(([reason, users], i) => {
    const shown = users.slice(0, 3).join(", ");
    const more = users.length > 3 ? ` and ${count(users.length - 3)} more` : "";
    return `${i === 0 ? "not attributable: " : "                  "}${reason}: ${shown}${more}`;
  });
}

function priorityLines(report: Report): string[] {
  if (report.mode !== "rbac") return [];
  const main = report.recommendations.filter((r) => !r.alternativeTo);
  const counts = ["P1", "P2", "P3", "P4"].map((p) => `${p}: ${count(main.filter((r) => r.priority === p).length)}`);
  return [`priorities:       ${counts.join(", ")} (main recommendations; P1 removes critical unused access)`];
}

function safeguardLines(report: Report): string[] {
  const lines: string[] = [];
  if (report.coverage && !report.coverage.complete && report.recommendations.some((r) => r.held)) lines.push(`HELD:             removals held back: ${report.coverage.reasons.join("; ")}`);
  if (report.withheld?.length) lines.push(`withheld:         ${plural(report.withheld.length, "subject")} whose bindings are all kept for now (too new, or on the keep-list)`);
  if (report.excepted?.length) lines.push(`keep-list:        ${plural(report.excepted.length, "subject")} excepted`);
  const denied = (report.unchanged ?? []).filter((u) => u.denied.length > 0);
  if (denied.length) lines.push(`denied only:      ${denied.map((u) => describeSubject(u.subject)).join(", ")} (needed but not granted; nothing to change)`);
  return lines;
}
