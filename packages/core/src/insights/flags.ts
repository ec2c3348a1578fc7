import { EVERYONE_GROUPS } from "../risk/risk.ts";
import type { SubjectRef } from "../subject.ts";
import type { SubjectUsage } from "../usage/subject-usage.ts";
import type { BindingEvidence } from "./binding-evidence.ts";
import type { Flag } from "./insight.ts";
import type { SnapshotIndex } from "./snapshot-index.ts";

const day = (ms: number) => new Date(ms).toISOString().slice(0, 10);
const describe = (e: BindingEvidence) => (e.binding.namespace ? `${e.binding.kind} ${e.binding.namespace}/${e.binding.name}` : `${e.binding.kind} ${e.binding.name}`);

/** What a reviewer should notice about a subject beyond its numbers. */
export function flagsOf(subject: SubjectRef, usage: SubjectUsage, evidence: readonly BindingEvidence[], index: SnapshotIndex): Flag[] {
  const own = evidence.filter((e) => !e.bootstrap);
  const flags: Flag[] = [];
  for (const e of own.filter((e) => e.young && e.createdAt !== undefined)) {
    flags.push({ code: "young-binding", message: `${describe(e)} was created on ${day(e.createdAt!)}, after the window began: judged only since then.` });
  }
  if (subject.kind === "ServiceAccount" && subject.name === "default" && own.length > 0 && usage.allowed.length > 0) {
    flags.push({
      code: "default-service-account",
      message: `Workloads run as the default service account of namespace ${subject.namespace}, which holds bindings: give them their own service account.`,
    });
  }
  if (subject.kind === "ServiceAccount" && usage.allowed.length + usage.denied.length === 0 && tokenMounted(index, subject)) {
    flags.push({ code: "unused-token", message: "No API call in the window: pods need not mount its token (automountServiceAccountToken: false)." });
  }
  if (subject.kind === "Group" && EVERYONE_GROUPS.has(subject.name) && own.length > 0) {
    flags.push({ code: "granted-to-everyone", message: `${own.length} binding(s) grant ${subject.name}: every ${subject.name === "system:authenticated" ? "signed-in" : "anonymous"} caller holds them.` });
  }
  return flags;
}

function tokenMounted(index: SnapshotIndex, subject: SubjectRef): boolean {
  const sa = index.serviceAccountOf(subject);
  return sa !== undefined && sa.automountServiceAccountToken !== false;
}
