/** Who talks to the demo cluster, and how the API server explains why it let them. */
import type { Identity, Target } from "./events.ts";
import type { Random } from "./random.ts";

export function serviceAccountUser(random: Random, namespace: string, name: string, pod: string): Identity {
  return {
    username: `system:serviceaccount:${namespace}:${name}`,
    uid: random.uuid(),
    groups: ["system:serviceaccounts", `system:serviceaccounts:${namespace}`, "system:authenticated"],
    extra: { "authentication.kubernetes.io/pod-name": [pod], "authentication.kubernetes.io/pod-uid": [random.uuid()] },
  };
}

export const human = (username: string, ...groups: string[]): Identity => ({ username, groups: [...groups, "system:authenticated"] });

export const people = {
  alice: human("alice@example.com", "devs"),
  bob: human("bob@example.com", "devs"),
  carol: human("carol@example.com", "devs"),
  dana: human("dana@example.com"),
  erin: human("erin@example.com", "platform-admins"),
  frank: human("frank@example.com"),
  kubernetesAdmin: { username: "kubernetes-admin", groups: ["system:masters", "system:authenticated"] },
  scheduler: { username: "system:kube-scheduler", groups: ["system:authenticated"] },
  controllerManager: { username: "system:kube-controller-manager", groups: ["system:authenticated"] },
  anonymous: { username: "system:anonymous", groups: ["system:unauthenticated"] },
} satisfies Record<string, Identity>;

export const node = (name: string): Identity => ({ username: `system:node:${name}`, groups: ["system:nodes", "system:authenticated"] });

/** The exact wording of the RBAC authorizer's `authorization.k8s.io/reason`. */
export const reason = {
  clusterRoleBinding: (binding: string, role: string, subject: string) => `RBAC: allowed by ClusterRoleBinding "${binding}" of ClusterRole "${role}" to ${subject}`,
  roleBinding: (binding: string, namespace: string, roleKind: "Role" | "ClusterRole", role: string, subject: string) =>
    `RBAC: allowed by RoleBinding "${binding}/${namespace}" of ${roleKind} "${role}" to ${subject}`,
  serviceAccount: (namespace: string, name: string) => `ServiceAccount "${name}/${namespace}"`,
  group: (name: string) => `Group "${name}"`,
  user: (name: string) => `User "${name}"`,
  /** system:masters and the Node authorizer allow without RBAC: the annotation is present but empty. */
  notRbac: "",
};

export const discoveryReason = reason.clusterRoleBinding("system:discovery", "system:discovery", reason.group("system:authenticated"));
export const publicInfoReason = reason.clusterRoleBinding("system:public-info-viewer", "system:public-info-viewer", reason.group("system:unauthenticated"));

export const core = (resource: string, namespace?: string, name?: string, subresource?: string): Target => ({
  group: "",
  version: "v1",
  resource,
  ...(namespace ? { namespace } : {}),
  ...(name ? { name } : {}),
  ...(subresource ? { subresource } : {}),
});

export const grouped = (group: string, version: string) => (resource: string, namespace?: string, name?: string, subresource?: string): Target => ({
  ...core(resource, namespace, name, subresource),
  group,
  version,
});

export const apps = grouped("apps", "v1");
export const leases = grouped("coordination.k8s.io", "v1");
export const monitoringCrds = grouped("monitoring.coreos.com", "v1");
export const rbacApi = grouped("rbac.authorization.k8s.io", "v1");

export const KUBECTL = "kubectl/v1.31.2 (linux/amd64) kubernetes/5864a46";
