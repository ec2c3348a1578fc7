/** A cluster where the service account shop/storefront holds cluster-admin, for the CLI's end-to-end tests. */
export const storefrontRbacYaml = `apiVersion: v1
kind: List
items:
- apiVersion: rbac.authorization.k8s.io/v1
  kind: ClusterRole
  metadata:
    name: cluster-admin
    labels: {kubernetes.io/bootstrapping: rbac-defaults}
  rules:
  - {apiGroups: ["*"], resources: ["*"], verbs: ["*"]}
  - {nonResourceURLs: ["*"], verbs: ["*"]}
- apiVersion: rbac.authorization.k8s.io/v1
  kind: ClusterRoleBinding
  metadata: {name: storefront-admin}
  roleRef: {apiGroup: rbac.authorization.k8s.io, kind: ClusterRole, name: cluster-admin}
  subjects:
  - {kind: ServiceAccount, name: storefront, namespace: shop}
- apiVersion: v1
  kind: ServiceAccount
  metadata: {name: storefront, namespace: shop}
`;

/** The reason annotation of a request shop/storefront made through its cluster-admin binding. */
export const viaStorefrontAdmin = 'RBAC: allowed by ClusterRoleBinding "storefront-admin" of ClusterRole "cluster-admin" to ServiceAccount "storefront/shop"';
