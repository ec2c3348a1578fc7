import { appliesTo, subjectServiceAccountNamespace } from "../rbac/applies-to.ts";
import type { Binding, BindingSubject, ClusterRole, RbacSnapshot, Role, RoleRef, ServiceAccount } from "../rbac/model.ts";
import { RoleLookup } from "../rbac/role-lookup.ts";
import { serviceAccountUsername, type SubjectRef } from "../subject.ts";
import { bareUser } from "./subject-bindings.ts";

/**
 * What the insights look up in today's RBAC for every subject, indexed once per analysis: a snapshot has
 * thousands of objects and an analysis hundreds of subjects, each with several bindings to look at.
 */
export class SnapshotIndex {
  readonly roles: RoleLookup;
  /** ClusterRoleBindings, then RoleBindings, in snapshot order. */
  private readonly bindings: Binding[];
  /** Positions in `bindings` of those whose subjects give the username (`user:`) or group (`group:`). */
  private readonly byName = new Map<string, number[]>();
  private readonly roleObjects = new Map<string, Role | ClusterRole>();
  private readonly references = new Map<string, number>();
  private readonly serviceAccounts = new Map<string, ServiceAccount>();

  constructor(
    snapshot: RbacSnapshot,
    /** ClusterRoles whose rules are copied into an aggregated ClusterRole. */
    readonly aggregated: ReadonlySet<string> = new Set(),
  ) {
    this.roles = new RoleLookup(snapshot);
    this.bindings = [...snapshot.clusterRoleBindings, ...snapshot.roleBindings];
    this.bindings.forEach((b, position) => {
      const role = roleKey(b.roleRef.kind, b.roleRef.name, b.metadata.namespace ?? "");
      this.references.set(role, (this.references.get(role) ?? 0) + 1);
      for (const s of b.subjects ?? []) {
        const name = nameGiven(s, bindingNamespace(b));
        if (name === undefined) continue;
        const positions = this.byName.get(name);
        if (positions === undefined) this.byName.set(name, [position]);
        else if (positions.at(-1) !== position) positions.push(position);
      }
    });
    // The first of equal names, as a search through the snapshot finds it.
    for (const role of [...snapshot.roles, ...snapshot.clusterRoles]) {
      const key = roleKey(role.kind, role.metadata.name, role.metadata.namespace ?? "");
      if (!this.roleObjects.has(key)) this.roleObjects.set(key, role);
    }
    for (const sa of snapshot.serviceAccounts) {
      const key = `${sa.metadata.namespace ?? ""}\u001f${sa.metadata.name}`;
      if (!this.serviceAccounts.has(key)) this.serviceAccounts.set(key, sa);
    }
  }

  /** Bindings that name the subject itself (not through a group): ClusterRoleBindings, then RoleBindings, in snapshot order. */
  bindingsNaming(subject: SubjectRef): Binding[] {
    const user = bareUser(subject);
    const positions = new Set(this.byName.get(`user:${user.name}`));
    for (const group of user.groups) for (const position of this.byName.get(`group:${group}`) ?? []) positions.add(position);
    // The index only narrows the search: whether a binding names the subject is decided as Kubernetes does.
    return [...positions]
      .sort((a, b) => a - b)
      .map((position) => this.bindings[position]!)
      .filter((b) => (b.subjects ?? []).some((s) => appliesTo(s, user, bindingNamespace(b))));
  }

  /** The role a binding refers to (a Role in the binding's namespace), if it exists. */
  roleOf(ref: Pick<RoleRef, "kind" | "name">, namespace: string): Role | ClusterRole | undefined {
    return this.roleObjects.get(roleKey(ref.kind, ref.name, namespace));
  }

  /** How many bindings refer to the role (to a Role: those in the same namespace). */
  bindingsReferring(ref: Pick<RoleRef, "kind" | "name">, namespace: string): number {
    return this.references.get(roleKey(ref.kind, ref.name, namespace)) ?? 0;
  }

  serviceAccountOf(subject: SubjectRef): ServiceAccount | undefined {
    return this.serviceAccounts.get(`${subject.namespace ?? ""}\u001f${subject.name}`);
  }
}

/** The username or group a binding subject gives, as the index files it. */
function nameGiven(s: BindingSubject, namespace: string): string | undefined {
  switch (s.kind) {
    case "User":
      return `user:${s.name}`;
    case "Group":
      return `group:${s.name}`;
    case "ServiceAccount":
      return `user:${serviceAccountUsername(subjectServiceAccountNamespace(s, namespace), s.name)}`;
    default:
      return undefined;
  }
}

function bindingNamespace(b: Binding): string {
  return b.kind === "RoleBinding" ? (b.metadata.namespace ?? "") : "";
}

/** A ClusterRole is one per name; a Role one per namespace and name. */
function roleKey(kind: string, name: string, namespace: string): string {
  return kind === "ClusterRole" ? `ClusterRole\u001f${name}` : `${kind}\u001f${namespace}\u001f${name}`;
}
