import type { UserInfo } from "../audit/request.ts";
import type { Authorizer } from "../rbac/authorizer.ts";
import { serviceAccountUsername, type SubjectRef } from "../subject.ts";
import type { Atom } from "./atoms.ts";

/**
 * The user that only this subject's own bindings apply to: a generated binding names the subject alone,
 * so only what the subject itself holds may go into it (no new access through someone else's groups).
 */
export function bareUser(subject: SubjectRef): UserInfo {
  switch (subject.kind) {
    case "User":
      return { name: subject.name, groups: [] };
    case "ServiceAccount":
      return { name: serviceAccountUsername(subject.namespace ?? "", subject.name), groups: [] };
    case "Group":
      return { name: "", groups: [subject.name] };
  }
}

/** Whether the subject holds the atom today; without an authorizer (usage-only) nothing can be checked. */
export type HeldCheck = (atom: Atom) => boolean;

export function heldCheck(subject: SubjectRef, authorizer: Authorizer | undefined): HeldCheck {
  if (!authorizer) return () => true;
  const user = bareUser(subject);
  return (atom) => authorizer.allows(user, atom);
}
