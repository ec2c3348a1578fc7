import type { UserInfo } from "../audit/request.ts";
import { appliesTo } from "../rbac/applies-to.ts";
import type { Binding, RbacSnapshot } from "../rbac/model.ts";
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

/** Bindings that name the subject itself (not through a group), in snapshot order. */
export function bindingsNaming(snapshot: RbacSnapshot, subject: SubjectRef): Binding[] {
  const user = bareUser(subject);
  const names = (b: Binding, namespace: string) => (b.subjects ?? []).some((s) => appliesTo(s, user, namespace));
  return [
    ...snapshot.clusterRoleBindings.filter((b) => names(b, "")),
    ...snapshot.roleBindings.filter((b) => names(b, b.metadata.namespace ?? "")),
  ];
}
