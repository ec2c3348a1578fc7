import { BOOTSTRAP_LABEL, BOOTSTRAP_VALUE, type ClusterRole, type ClusterRoleBinding, type PolicyRule, type RbacObject } from "./model.ts";

/**
 * The bootstrap ClusterRoles and ClusterRoleBindings every cluster has that matter when only audit logs are
 * known: whatever they grant needs no generated rule. Copied from
 * plugin/pkg/auth/authorizer/rbac/bootstrappolicy/policy.go (Kubernetes 1.30 and later), with the lists
 * sorted as the API server stores them.
 */
export function defaultBootstrapObjects(): RbacObject[] {
  return [
    clusterRole("system:discovery", [
      {
        verbs: ["get"],
        nonResourceURLs: [
          "/api", "/api/*", "/apis", "/apis/*", "/healthz", "/livez", "/openapi", "/openapi/*", "/readyz", "/version", "/version/",
        ],
      },
    ]),
    clusterRole("system:public-info-viewer", [
      { verbs: ["get"], nonResourceURLs: ["/healthz", "/livez", "/readyz", "/version", "/version/"] },
    ]),
    clusterRole("system:basic-user", [
      { verbs: ["create"], apiGroups: ["authorization.k8s.io"], resources: ["selfsubjectaccessreviews", "selfsubjectrulesreviews"] },
      { verbs: ["create"], apiGroups: ["authentication.k8s.io"], resources: ["selfsubjectreviews"] },
    ]),
    clusterBinding("system:basic-user", ["system:authenticated"]),
    clusterBinding("system:discovery", ["system:authenticated"]),
    clusterBinding("system:public-info-viewer", ["system:authenticated", "system:unauthenticated"]),
  ];
}

function metadata(name: string) {
  return {
    name,
    labels: { [BOOTSTRAP_LABEL]: BOOTSTRAP_VALUE },
    annotations: { "rbac.authorization.kubernetes.io/autoupdate": "true" },
  };
}

function clusterRole(name: string, rules: PolicyRule[]): ClusterRole {
  return { apiVersion: "rbac.authorization.k8s.io/v1", kind: "ClusterRole", metadata: metadata(name), rules };
}

/** Bound by the role's own name, as all bootstrap bindings are. */
function clusterBinding(role: string, groups: string[]): ClusterRoleBinding {
  return {
    apiVersion: "rbac.authorization.k8s.io/v1",
    kind: "ClusterRoleBinding",
    metadata: metadata(role),
    roleRef: { apiGroup: "rbac.authorization.k8s.io", kind: "ClusterRole", name: role },
    subjects: groups.map((name) => ({ apiGroup: "rbac.authorization.k8s.io", kind: "Group", name })),
  };
}
