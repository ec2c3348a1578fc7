import type { ClusterRole, PolicyRule, RbacSnapshot, Role, RoleRef } from "./model.ts";

/** Roles by name, to resolve a binding's roleRef the way GetRoleReferenceRules does. */
export class RoleLookup {
  private readonly roles = new Map<string, Role>();
  private readonly clusterRoles = new Map<string, ClusterRole>();

  constructor(snapshot: Pick<RbacSnapshot, "roles" | "clusterRoles">) {
    for (const role of snapshot.roles) this.roles.set(roleKey(role.metadata.namespace ?? "", role.metadata.name), role);
    for (const role of snapshot.clusterRoles) this.clusterRoles.set(role.metadata.name, role);
  }

  /**
   * The rules a roleRef grants, or undefined when the role does not exist: such a binding grants nothing.
   * A Role is looked up in the binding's namespace, so a ClusterRoleBinding ("") to a Role never resolves.
   */
  rulesOf(roleRef: RoleRef, bindingNamespace: string): readonly PolicyRule[] | undefined {
    switch (roleRef.kind) {
      case "Role":
        return bindingNamespace === "" ? undefined : this.roles.get(roleKey(bindingNamespace, roleRef.name))?.rules;
      case "ClusterRole":
        return this.clusterRoles.get(roleRef.name)?.rules;
      default:
        return undefined;
    }
  }
}

function roleKey(namespace: string, name: string): string {
  return `${namespace}\u001f${name}`;
}
