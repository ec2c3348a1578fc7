import type { Atom } from "./atoms.ts";
import { groupByTexts } from "./grouping.ts";
import type { HeldCheck } from "./held.ts";

/**
 * Replaces long name lists, and names of objects controllers replace, by the unrestricted atom: a rule
 * naming dozens of objects is unreviewable, one naming a pod breaks at the next rollout. Only when the
 * subject already holds the unrestricted permission, so the shortcut never adds access.
 */
export function limitResourceNames(atoms: readonly Atom[], maxResourceNames: number, held: HeldCheck): Atom[] {
  // Grouped by every field but the name.
  const byPermission = groupByTexts(atoms, 7, (a, key) => {
    key[0] = a.resourceRequest ? "r" : "n"; key[1] = a.namespace; key[2] = a.apiGroup; key[3] = a.resource;
    key[4] = a.subresource; key[5] = a.verb; key[6] = a.path;
  });
  const limited: Atom[] = [];
  for (const group of byPermission) for (const atom of widened(group, maxResourceNames, held)) limited.push(atom);
  return limited;
}

/**
 * Names controllers generate, so the object is replaced under a new name at the next rollout and a rule
 * naming it stops working: the random suffix Kubernetes appends (its alphabet has no vowels and no 0, 1, 3)
 * to pods, ReplicaSets and ControllerRevisions, and a CronJob's scheduled-time suffix on jobs.
 * StatefulSet pods (web-0, web-1) keep their names and are not matched.
 */
const GENERATED_NAMES: Record<string, RegExp> = {
  "/pods": /-[bcdfghjklmnpqrstvwxz2456789]{5}$/,
  "apps/replicasets": /-[bcdfghjklmnpqrstvwxz2456789]{6,10}$/,
  "apps/controllerrevisions": /-[bcdfghjklmnpqrstvwxz2456789]{6,10}$/,
  "batch/jobs": /-\d{8,}$/,
};

function hasGeneratedName(group: readonly Atom[]): boolean {
  const pattern = GENERATED_NAMES[`${group[0]!.apiGroup}/${group[0]!.resource}`];
  return pattern !== undefined && group.some((a) => pattern.test(a.name));
}

function widened(group: Atom[], maxResourceNames: number, held: HeldCheck): Atom[] {
  if (group.some((a) => a.name === "")) return group;
  // Counting distinct names only when there could be too many: most groups hold one atom.
  const few = group.length <= maxResourceNames || new Set(group.map((a) => a.name)).size <= maxResourceNames;
  if (few && !hasGeneratedName(group)) return group;
  const unrestricted = { ...group[0]!, name: "" };
  return held(unrestricted) ? [unrestricted] : group;
}
