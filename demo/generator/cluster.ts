/** The demo cluster's RBAC, in the form of `kubectl get roles,clusterroles,rolebindings,clusterrolebindings,serviceaccounts -A -o yaml`. */
import { bootstrapClusterRoleBindings, bootstrapClusterRoles, monitoringView, type ClusterRoleBindingSpec, type ClusterRoleSpec } from "./bootstrap.ts";
import { READ, RBAC_API, group, rule, serverMeta, serviceAccount, urls, user, type KubeObject, type Rule, type Subject } from "./objects.ts";
import type { Random } from "./random.ts";

interface RoleSpec {
  namespace: string;
  name: string;
  rules: Rule[];
}

interface RoleBindingSpec {
  namespace: string;
  name: string;
  role: { kind: "Role" | "ClusterRole"; name: string };
  subjects: Subject[];
}

export const NAMESPACES = ["batch", "ci", "default", "kube-system", "monitoring", "payments", "shop", "staging"];

const roles: RoleSpec[] = [
  { namespace: "batch", name: "report-reader", rules: [rule([""], ["configmaps"], READ), rule(["batch"], ["jobs"], READ)] },
  { namespace: "payments", name: "payments-app", rules: [rule([""], ["secrets"], ["get", "list"]), rule([""], ["configmaps"], READ)] },
];

const customClusterRoles: ClusterRoleSpec[] = [
  monitoringView,
  {
    name: "prometheus",
    rules: [
      rule([""], ["nodes", "nodes/metrics", "services", "endpoints", "pods"], READ),
      rule(["discovery.k8s.io"], ["endpointslices"], READ),
      rule(["networking.k8s.io"], ["ingresses"], READ),
      urls(["/metrics"], ["get"]),
    ],
  },
  // Left over from an old tool that read secrets as "any logged-in user": the risky binding of the demo.
  { name: "secret-reader", rules: [rule([""], ["secrets"], READ)] },
];

const roleBindings: RoleBindingSpec[] = [
  { namespace: "batch", name: "report-exporter", role: { kind: "Role", name: "report-reader" }, subjects: [serviceAccount("batch", "report-exporter")] },
  { namespace: "payments", name: "dana-view", role: { kind: "ClusterRole", name: "view" }, subjects: [user("dana@example.com")] },
  // The payments API runs as the namespace's `default` account, which therefore holds secrets access.
  { namespace: "payments", name: "payments-app", role: { kind: "Role", name: "payments-app" }, subjects: [serviceAccount("payments", "default")] },
];

const customClusterRoleBindings: ClusterRoleBindingSpec[] = [
  { name: "ci-deployer-edit", role: "edit", subjects: [serviceAccount("ci", "deployer")] },
  { name: "devs-edit", role: "edit", subjects: [group("devs")] },
  { name: "legacy-secret-readers", role: "secret-reader", subjects: [group("system:authenticated")] },
  { name: "platform-admins", role: "cluster-admin", subjects: [group("platform-admins")] },
  { name: "prometheus", role: "prometheus", subjects: [serviceAccount("monitoring", "prometheus")] },
  { name: "report-exporter-view", role: "view", subjects: [serviceAccount("batch", "report-exporter")] },
  { name: "storefront-admin", role: "cluster-admin", subjects: [serviceAccount("shop", "storefront")] },
];

const extraServiceAccounts = [
  ["batch", "report-exporter"],
  ["ci", "deployer"],
  ["kube-system", "coredns"],
  ["kube-system", "kube-proxy"],
  ["monitoring", "prometheus"],
  ["shop", "storefront"],
];

/** etcd key order, which is what `kubectl get` lists in: by namespace, then name, bytewise. */
const byKey = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);
const byName = <T extends { name: string; namespace?: string }>(a: T, b: T): number =>
  byKey(`${a.namespace ?? ""}/${a.name}`, `${b.namespace ?? ""}/${b.name}`);

/** Every object in the order kubectl prints them: by resource type as asked, then namespace and name. */
export function clusterRbac(random: Random): KubeObject {
  const created = (day: number) => `2025-0${1 + (day % 9)}-1${day % 10}T0${day % 10}:1${day % 6}:2${day % 10}Z`;
  let n = 0;
  const meta = (m: Record<string, unknown>) => serverMeta(random, created(n++), m);
  const items: KubeObject[] = [
    ...[...roles].sort(byName).map((r) => ({ apiVersion: RBAC_API, kind: "Role", metadata: meta({ name: r.name, namespace: r.namespace }), rules: r.rules })),
    ...[...bootstrapClusterRoles, ...customClusterRoles].sort(byName).map((r) => clusterRole(r, meta)),
    ...[...roleBindings].sort(byName).map((b) => ({
      apiVersion: RBAC_API,
      kind: "RoleBinding",
      metadata: meta({ name: b.name, namespace: b.namespace }),
      roleRef: { apiGroup: "rbac.authorization.k8s.io", ...b.role },
      subjects: b.subjects,
    })),
    ...[...bootstrapClusterRoleBindings, ...customClusterRoleBindings].sort(byName).map((b) => ({
      apiVersion: RBAC_API,
      kind: "ClusterRoleBinding",
      metadata: meta({ name: b.name, ...(b.labels ? { labels: b.labels } : {}), ...(b.annotations ? { annotations: b.annotations } : {}) }),
      roleRef: { apiGroup: "rbac.authorization.k8s.io", kind: "ClusterRole", name: b.role },
      subjects: b.subjects,
    })),
    ...serviceAccounts().map(([namespace, name]) => ({ apiVersion: "v1", kind: "ServiceAccount", metadata: meta({ name, namespace }) })),
  ];
  return { apiVersion: "v1", kind: "List", items, metadata: { resourceVersion: "" } };
}

function clusterRole(r: ClusterRoleSpec, meta: (m: Record<string, unknown>) => Record<string, unknown>): KubeObject {
  const metadata = meta({ name: r.name, ...(r.labels ? { labels: r.labels } : {}), ...(r.annotations ? { annotations: r.annotations } : {}) });
  const aggregation = r.aggregateFrom
    ? { aggregationRule: { clusterRoleSelectors: [{ matchLabels: { [`rbac.authorization.k8s.io/aggregate-to-${r.aggregateFrom}`]: "true" } }] } }
    : {};
  return { apiVersion: RBAC_API, kind: "ClusterRole", ...aggregation, metadata, rules: r.rules };
}

function serviceAccounts(): string[][] {
  const all = [...NAMESPACES.map((ns) => [ns, "default"]), ...extraServiceAccounts];
  return all.sort((a, b) => byKey(`${a[0]}/${a[1]}`, `${b[0]}/${b[1]}`));
}
