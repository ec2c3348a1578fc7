/**
 * The RBAC of the benchmark's simulated cluster, granted the way clusters drift: controllers and the admin on
 * cluster-admin, apps on `edit` in their namespaces, teams on `edit` through a group, every human on `view`
 * cluster-wide, `default` accounts with a Role that reads secrets. So the `--rbac` contender has real work:
 * attribution by evaluation, removals, alternatives and risks for every subject.
 */
import { defaultBootstrapObjects } from "../packages/core/src/rbac/defaults.ts";
import type { BindingSubject, PolicyRule, RbacObject } from "../packages/core/src/rbac/model.ts";
import { buildSnapshot } from "../packages/core/src/rbac/schema.ts";
import type { RbacSnapshot } from "../packages/core/src/rbac/model.ts";
import { RESOURCES, population } from "./population.ts";
import { Random } from "./random.ts";

const V1 = "rbac.authorization.k8s.io/v1" as const;
const GROUP = "rbac.authorization.k8s.io";
const READ = ["get", "list", "watch"];
const WRITE = [...READ, "create", "update", "patch", "delete", "deletecollection"];
const NAMESPACED = RESOURCES.filter(([, , , namespaced]) => namespaced);

function rulesOn(verbs: string[]): PolicyRule[] {
  const byGroup = new Map<string, string[]>();
  for (const [group, resource] of NAMESPACED) byGroup.set(group, [...(byGroup.get(group) ?? []), resource]);
  return [...byGroup].map(([group, resources]) => ({ apiGroups: [group], resources, verbs }));
}

function clusterRole(name: string, rules: PolicyRule[]): RbacObject {
  return { apiVersion: V1, kind: "ClusterRole", metadata: { name }, rules };
}

function binding(kind: "ClusterRole" | "Role", name: string, roleName: string, subjects: BindingSubject[], namespace?: string): RbacObject {
  const roleRef = { apiGroup: GROUP, kind, name: roleName };
  return namespace === undefined
    ? { apiVersion: V1, kind: "ClusterRoleBinding", metadata: { name }, roleRef: { ...roleRef, kind: "ClusterRole" }, subjects }
    : { apiVersion: V1, kind: "RoleBinding", metadata: { name, namespace }, roleRef, subjects };
}

function subjectOf(user: string): BindingSubject {
  const sa = /^system:serviceaccount:([^:]+):([^:]+)$/.exec(user);
  return sa ? { kind: "ServiceAccount", name: sa[2]!, namespace: sa[1]! } : { kind: "User", name: user, apiGroup: GROUP };
}

/** The objects of the cluster `generate(n, seed)` simulates. */
export function benchRbacObjects(seed: number): RbacObject[] {
  const objects: RbacObject[] = [...defaultBootstrapObjects(),
    clusterRole("cluster-admin", [{ apiGroups: ["*"], resources: ["*"], verbs: ["*"] }, { nonResourceURLs: ["*"], verbs: ["*"] }]),
    clusterRole("edit", rulesOn(WRITE)), clusterRole("view", rulesOn(READ))];
  const teams = new Set<string>();
  for (const s of population(new Random(seed))) {
    const user = s.user;
    if (user.startsWith("system:node:") || user === "system:anonymous" || user.startsWith("system:kube-") || user === "system:apiserver") continue;
    const subject = subjectOf(user);
    const slug = user.replace(/[^a-z0-9-]+/g, "-").slice(-50);
    if (user === "kubernetes-admin") objects.push(binding("ClusterRole", "kubeadm-cluster-admins", "cluster-admin", [{ kind: "Group", name: "kubeadm:cluster-admins", apiGroup: GROUP }]));
    else if (subject.kind === "User") {
      objects.push(binding("ClusterRole", `view-${slug}`, "view", [subject]));
      for (const group of s.groups.filter((g) => g.startsWith("team:"))) teams.add(group);
    } else if (subject.name === "default") {
      const ns = subject.namespace!;
      objects.push({ apiVersion: V1, kind: "Role", metadata: { name: "default-reader", namespace: ns }, rules: [{ apiGroups: [""], resources: ["configmaps", "secrets"], verbs: READ }] });
      objects.push(binding("Role", "default-reader", "default-reader", [subject], ns));
    } else if (s.namespaces.length > 3) objects.push(binding("ClusterRole", `admin-${slug}`, "cluster-admin", [subject]));
    else for (const ns of s.namespaces) objects.push(binding("ClusterRole", `edit-${slug}`, "edit", [subject], ns));
  }
  for (const team of teams) {
    const name = team.slice("team:".length);
    for (const ns of population(new Random(seed)).flatMap((s) => s.namespaces).filter((n, k, all) => n.split("-")[1] === name && all.indexOf(n) === k)) {
      objects.push(binding("ClusterRole", `team-${name}-edit`, "edit", [{ kind: "Group", name: team, apiGroup: GROUP }], ns));
    }
  }
  return objects;
}

export function benchSnapshot(seed: number): RbacSnapshot {
  return buildSnapshot(benchRbacObjects(seed));
}
