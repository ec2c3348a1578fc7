import { atomKey, type Atom } from "./atoms.ts";
import type { HeldCheck } from "./held.ts";

/**
 * Replaces long name lists by the unrestricted atom: a rule naming dozens of objects is unreviewable.
 * Only when the subject already holds the unrestricted permission, so the shortcut never adds access.
 */
export function limitResourceNames(atoms: readonly Atom[], maxResourceNames: number, held: HeldCheck): Atom[] {
  const byPermission = new Map<string, Atom[]>();
  for (const atom of atoms) {
    const key = atomKey({ ...atom, name: "" });
    const group = byPermission.get(key);
    if (group) group.push(atom);
    else byPermission.set(key, [atom]);
  }
  return [...byPermission.values()].flatMap((group) => widened(group, maxResourceNames, held));
}

function widened(group: Atom[], maxResourceNames: number, held: HeldCheck): Atom[] {
  const names = new Set(group.map((a) => a.name));
  if (names.has("") || names.size <= maxResourceNames) return group;
  const unrestricted = { ...group[0]!, name: "" };
  return held(unrestricted) ? [unrestricted] : group;
}
