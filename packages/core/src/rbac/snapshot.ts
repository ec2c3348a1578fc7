import { aggregateClusterRoles } from "./aggregate.ts";
import { emptySnapshot, type RbacObject, type RbacSnapshot } from "./model.ts";

/**
 * Gathers objects into a snapshot. An object read again (same kind, namespace and name) replaces the earlier
 * one in its place, so a later file overrides an earlier one. ClusterRole aggregation is resolved.
 */
export function buildSnapshot(objects: readonly RbacObject[]): RbacSnapshot {
  const latest = new Map<string, RbacObject>();
  for (const obj of objects) latest.set(objectKey(obj), obj);

  const snapshot = emptySnapshot();
  for (const obj of latest.values()) {
    switch (obj.kind) {
      case "Role":
        snapshot.roles.push(obj);
        break;
      case "ClusterRole":
        snapshot.clusterRoles.push(obj);
        break;
      case "RoleBinding":
        snapshot.roleBindings.push(obj);
        break;
      case "ClusterRoleBinding":
        snapshot.clusterRoleBindings.push(obj);
        break;
      case "ServiceAccount":
        snapshot.serviceAccounts.push(obj);
        break;
      case "Namespace":
        snapshot.namespaces.push(obj);
        break;
    }
  }
  snapshot.clusterRoles = aggregateClusterRoles(snapshot.clusterRoles).clusterRoles;
  return snapshot;
}

function objectKey(obj: RbacObject): string {
  return `${obj.kind}\u001f${obj.metadata.namespace ?? ""}\u001f${obj.metadata.name}`;
}
