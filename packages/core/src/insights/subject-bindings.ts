import type { UserInfo } from "../audit/request.ts";
import { serviceAccountUsername, type SubjectRef } from "../subject.ts";

/**
 * The subject alone, without the groups it may belong to: what its own bindings grant. A group is a
 * nameless member of just that group.
 */
export function bareUser(subject: SubjectRef): UserInfo {
  switch (subject.kind) {
    case "ServiceAccount":
      return { name: serviceAccountUsername(subject.namespace ?? "", subject.name), groups: [] };
    case "Group":
      return { name: "", groups: [subject.name] };
    default:
      return { name: subject.name, groups: [] };
  }
}
