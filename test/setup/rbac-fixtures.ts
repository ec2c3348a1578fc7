import type { Fixtures } from "../servers/kube-api.ts";

/**
 * A small cluster: the `shop/api` service account holds a wildcard ClusterRole through a RoleBinding, which
 * is what a recommendation should narrow. Items are written the way the API server lists them: without
 * kind/apiVersion.
 */
export function shopCluster(): Fixtures {
  const meta = (name: string, namespace?: string) => ({
    name,
    ...(namespace ? { namespace } : {}),
    uid: `uid-${namespace ?? ""}-${name}`,
    resourceVersion: "1",
    creationTimestamp: "2026-01-02T03:04:05Z",
  });
  return {
    "/apis/rbac.authorization.k8s.io/v1/clusterroles": [
      { metadata: meta("everything"), rules: [{ apiGroups: ["*"], resources: ["*"], verbs: ["*"] }] },
      { metadata: meta("view-pods"), rules: [{ apiGroups: [""], resources: ["pods"], verbs: ["get", "list"] }] },
      { metadata: meta("aggregate-empty"), aggregationRule: { clusterRoleSelectors: [{ matchLabels: { x: "y" } }] }, rules: null },
    ],
    "/apis/rbac.authorization.k8s.io/v1/roles": [
      { metadata: meta("config-reader", "shop"), rules: [{ apiGroups: [""], resources: ["configmaps"], verbs: ["get"] }] },
    ],
    "/apis/rbac.authorization.k8s.io/v1/clusterrolebindings": [
      {
        metadata: meta("ops-view"),
        roleRef: { apiGroup: "rbac.authorization.k8s.io", kind: "ClusterRole", name: "view-pods" },
        subjects: [{ kind: "Group", apiGroup: "rbac.authorization.k8s.io", name: "ops" }],
      },
    ],
    "/apis/rbac.authorization.k8s.io/v1/rolebindings": [
      {
        metadata: meta("api-everything", "shop"),
        roleRef: { apiGroup: "rbac.authorization.k8s.io", kind: "ClusterRole", name: "everything" },
        subjects: [{ kind: "ServiceAccount", name: "api", namespace: "shop" }],
      },
      {
        metadata: meta("api-config", "shop"),
        roleRef: { apiGroup: "rbac.authorization.k8s.io", kind: "Role", name: "config-reader" },
        subjects: [{ kind: "ServiceAccount", name: "api", namespace: "shop" }],
      },
    ],
    "/api/v1/serviceaccounts": [
      { metadata: meta("default", "shop") },
      { metadata: meta("api", "shop"), automountServiceAccountToken: false },
      { metadata: meta("default", "default") },
    ],
    "/api/v1/namespaces": [{ metadata: meta("default") }, { metadata: meta("shop") }, { metadata: meta("kube-system") }],
  };
}

export const API_EVERYTHING_REASON = 'RBAC: allowed by RoleBinding "api-everything/shop" of ClusterRole "everything" to ServiceAccount "api/shop"';
