import { describe, expect, it } from "vitest";
import { buildSnapshot, parseRbacDocuments } from "../../src/rbac/schema.ts";

/** The shape of `kubectl get roles,clusterroles,rolebindings,clusterrolebindings,serviceaccounts -A -o yaml`. */
const KUBECTL_LIST = `apiVersion: v1
items:
- apiVersion: rbac.authorization.k8s.io/v1
  kind: Role
  metadata:
    creationTimestamp: "2024-05-01T10:00:00Z"
    name: pod-reader
    namespace: shop
    resourceVersion: "123"
    uid: 6f1c
  rules:
  - apiGroups: [""]
    resources: ["pods"]
    verbs: ["get", "list"]
- apiVersion: rbac.authorization.k8s.io/v1
  kind: ClusterRole
  metadata:
    annotations:
      rbac.authorization.kubernetes.io/autoupdate: "true"
    labels:
      kubernetes.io/bootstrapping: rbac-defaults
    name: admin
  aggregationRule:
    clusterRoleSelectors:
    - matchLabels:
        rbac.authorization.k8s.io/aggregate-to-admin: "true"
  rules: null
- apiVersion: rbac.authorization.k8s.io/v1
  kind: RoleBinding
  metadata:
    name: shop-readers
    namespace: shop
  roleRef:
    apiGroup: rbac.authorization.k8s.io
    kind: Role
    name: pod-reader
  subjects:
  - kind: ServiceAccount
    name: api
    namespace: shop
- apiVersion: rbac.authorization.k8s.io/v1
  kind: ClusterRoleBinding
  metadata:
    name: admins
  roleRef:
    apiGroup: rbac.authorization.k8s.io
    kind: ClusterRole
    name: admin
  subjects:
  - apiGroup: rbac.authorization.k8s.io
    kind: Group
    name: ops
- apiVersion: v1
  kind: ServiceAccount
  metadata:
    name: api
    namespace: shop
  secrets:
  - name: api-token
kind: List
metadata:
  resourceVersion: ""
`;

describe("parseRbacDocuments", () => {
  it("reads kubectl's v1 List, keeping metadata the analysis shows and dropping the rest", () => {
    const { objects, ignored, errors } = parseRbacDocuments(KUBECTL_LIST, "rbac.yaml");
    expect(errors).toEqual([]);
    expect(ignored).toBe(0);
    expect(objects.map((o) => `${o.kind} ${o.metadata.namespace ?? ""}/${o.metadata.name}`)).toEqual([
      "Role shop/pod-reader",
      "ClusterRole /admin",
      "RoleBinding shop/shop-readers",
      "ClusterRoleBinding /admins",
      "ServiceAccount shop/api",
    ]);
    expect(objects[0]).toEqual({
      apiVersion: "rbac.authorization.k8s.io/v1",
      kind: "Role",
      metadata: { name: "pod-reader", namespace: "shop", creationTimestamp: "2024-05-01T10:00:00Z", uid: "6f1c" },
      rules: [{ apiGroups: [""], resources: ["pods"], verbs: ["get", "list"] }],
    });
    expect(objects[1]).toMatchObject({
      metadata: { labels: { "kubernetes.io/bootstrapping": "rbac-defaults" } },
      rules: [],
      aggregationRule: { clusterRoleSelectors: [{ matchLabels: { "rbac.authorization.k8s.io/aggregate-to-admin": "true" } }] },
    });
    // A ServiceAccount is kept whole: a change to automountServiceAccountToken re-applies its other fields as they are.
    expect(objects[4]).toHaveProperty("secrets");
  });

  it("reads multi-document YAML and counts objects of other kinds as ignored", () => {
    const text = `---
apiVersion: apps/v1
kind: Deployment
metadata: { name: web, namespace: shop }
---
apiVersion: rbac.authorization.k8s.io/v1
kind: ClusterRole
metadata: { name: reader }
rules: [{ apiGroups: [""], resources: [pods], verbs: [get] }]
---
# an empty document
---
apiVersion: v1
kind: Namespace
metadata: { name: shop }
`;
    const { objects, ignored, errors } = parseRbacDocuments(text, "multi.yaml");
    expect(errors).toEqual([]);
    expect(ignored).toBe(1);
    expect(objects.map((o) => o.kind)).toEqual(["ClusterRole", "Namespace"]);
  });

  it("reads JSON: an object, a typed List whose items carry no kind, and an array", () => {
    const single = { apiVersion: "v1", kind: "ServiceAccount", metadata: { name: "api", namespace: "shop" } };
    const typedList = {
      apiVersion: "rbac.authorization.k8s.io/v1",
      kind: "ClusterRoleBindingList",
      items: [{ metadata: { name: "b" }, roleRef: { apiGroup: "rbac.authorization.k8s.io", kind: "ClusterRole", name: "view" } }],
    };
    expect(parseRbacDocuments(JSON.stringify(single), "sa.json").objects).toEqual([single]);
    expect(parseRbacDocuments(JSON.stringify(typedList), "crbs.json").objects).toEqual([
      {
        apiVersion: "rbac.authorization.k8s.io/v1",
        kind: "ClusterRoleBinding",
        metadata: { name: "b" },
        roleRef: { apiGroup: "rbac.authorization.k8s.io", kind: "ClusterRole", name: "view" },
      },
    ]);
    const array = parseRbacDocuments(JSON.stringify([single, { apiVersion: "v1", kind: "ConfigMap", metadata: { name: "c" } }]), "a.json");
    expect(array.objects).toEqual([single]);
    expect(array.ignored).toBe(1);
  });

  it("reports an invalid object by source, document and item, and keeps the others", () => {
    const text = `apiVersion: v1
kind: List
items:
- apiVersion: rbac.authorization.k8s.io/v1
  kind: ClusterRole
  metadata: { name: fine }
  rules: []
- apiVersion: rbac.authorization.k8s.io/v1
  kind: RoleBinding
  metadata: { name: broken, namespace: shop }
  roleRef: { apiGroup: rbac.authorization.k8s.io, kind: Secret, name: x }
---
apiVersion: rbac.authorization.k8s.io/v1
kind: Role
metadata: { name: no-namespace }
rules: [{ resources: [pods] }]
`;
    const { objects, errors } = parseRbacDocuments(text, "cluster/rbac.yaml");
    expect(objects.map((o) => o.metadata.name)).toEqual(["fine"]);
    expect(errors).toHaveLength(2);
    expect(errors[0]).toMatch(/^cluster\/rbac\.yaml: document 1, items\[1\] \(RoleBinding shop\/broken\): roleRef\.kind: /);
    expect(errors[1]).toMatch(/^cluster\/rbac\.yaml: document 2 \(Role no-namespace\): /);
    expect(errors[1]).toContain("metadata.namespace");
    expect(errors[1]).toContain("rules[0].verbs");
  });

  it("reports unparseable YAML with its document and still reads the rest", () => {
    const text = `apiVersion: v1
kind: Namespace
metadata: { name: shop }
---
kind: [unclosed
`;
    const { objects, errors } = parseRbacDocuments(text, "bad.yaml");
    expect(objects.map((o) => o.metadata.name)).toEqual(["shop"]);
    expect(errors).toHaveLength(1);
    expect(errors[0]).toMatch(/^bad\.yaml: document 2: /);
  });

  it("does not take a same-named kind from another API group for RBAC", () => {
    const text = `apiVersion: iam.example.com/v1
kind: Role
metadata: { name: custom }
`;
    expect(parseRbacDocuments(text, "crd.yaml")).toEqual({ objects: [], ignored: 1, errors: [] });
  });

  it("reads older RBAC API versions as v1", () => {
    const text = `apiVersion: rbac.authorization.k8s.io/v1beta1
kind: ClusterRole
metadata: { name: old }
rules: [{ apiGroups: [""], resources: [pods], verbs: [get] }]
`;
    expect(parseRbacDocuments(text, "old.yaml").objects[0]?.apiVersion).toBe("rbac.authorization.k8s.io/v1");
  });
});

describe("buildSnapshot", () => {
  it("lets a later object with the same kind, namespace and name replace the earlier one", () => {
    const first = parseRbacDocuments(KUBECTL_LIST, "a.yaml").objects;
    const override = parseRbacDocuments(
      `apiVersion: rbac.authorization.k8s.io/v1
kind: Role
metadata: { name: pod-reader, namespace: shop }
rules: [{ apiGroups: [""], resources: [pods], verbs: [watch] }]
---
apiVersion: rbac.authorization.k8s.io/v1
kind: Role
metadata: { name: pod-reader, namespace: bank }
rules: []
`,
      "b.yaml",
    ).objects;
    const snapshot = buildSnapshot([...first, ...override]);
    expect(snapshot.roles.map((r) => `${r.metadata.namespace}/${r.metadata.name}:${r.rules[0]?.verbs.join(",") ?? "-"}`)).toEqual([
      "shop/pod-reader:watch",
      "bank/pod-reader:-",
    ]);
    expect(snapshot.clusterRoles).toHaveLength(1);
    expect(snapshot.roleBindings).toHaveLength(1);
    expect(snapshot.clusterRoleBindings).toHaveLength(1);
    expect(snapshot.serviceAccounts).toHaveLength(1);
  });
});
