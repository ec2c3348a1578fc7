/**
 * The bootstrap roles the API server creates, as a live cluster shows them: aggregated roles already hold
 * the rules the aggregation controller copied in. Rules are abbreviated (fewer API groups than upstream),
 * never invented: every rule here exists in the upstream role of the same name.
 */
import { AUTOUPDATE, BOOTSTRAP_LABELS, READ, WRITE, group, rule, urls, user, type Rule, type Subject } from "./objects.ts";

export interface ClusterRoleSpec {
  name: string;
  rules: Rule[];
  labels?: Record<string, string>;
  annotations?: Record<string, string>;
  aggregateFrom?: string;
}

export interface ClusterRoleBindingSpec {
  name: string;
  role: string;
  subjects: Subject[];
  labels?: Record<string, string>;
  annotations?: Record<string, string>;
}

const AGGREGATE = "rbac.authorization.k8s.io/aggregate-to-";

export const aggregateToView: Rule[] = [
  rule([""], ["configmaps", "endpoints", "persistentvolumeclaims", "persistentvolumeclaims/status", "pods", "replicationcontrollers", "replicationcontrollers/scale", "serviceaccounts", "services", "services/status"], READ),
  rule([""], ["bindings", "events", "limitranges", "namespaces/status", "pods/log", "pods/status", "replicationcontrollers/status", "resourcequotas", "resourcequotas/status"], READ),
  rule([""], ["namespaces"], READ),
  rule(["discovery.k8s.io"], ["endpointslices"], READ),
  rule(["apps"], ["controllerrevisions", "daemonsets", "daemonsets/status", "deployments", "deployments/scale", "deployments/status", "replicasets", "replicasets/scale", "replicasets/status", "statefulsets", "statefulsets/scale", "statefulsets/status"], READ),
  rule(["batch"], ["cronjobs", "cronjobs/status", "jobs", "jobs/status"], READ),
  rule(["networking.k8s.io"], ["ingresses", "ingresses/status", "networkpolicies"], READ),
];

export const aggregateToEdit: Rule[] = [
  rule([""], ["pods/attach", "pods/exec", "pods/portforward", "pods/proxy", "secrets", "services/proxy"], READ),
  rule([""], ["serviceaccounts"], ["impersonate"]),
  rule([""], ["pods", "pods/attach", "pods/exec", "pods/portforward", "pods/proxy"], WRITE),
  rule([""], ["pods/eviction"], ["create"]),
  rule([""], ["configmaps", "events", "persistentvolumeclaims", "replicationcontrollers", "replicationcontrollers/scale", "secrets", "serviceaccounts", "services", "services/proxy"], WRITE),
  rule([""], ["serviceaccounts/token"], ["create"]),
  rule(["apps"], ["daemonsets", "deployments", "deployments/rollback", "deployments/scale", "replicasets", "replicasets/scale", "statefulsets", "statefulsets/scale"], WRITE),
  rule(["batch"], ["cronjobs", "jobs"], WRITE),
  rule(["networking.k8s.io"], ["ingresses", "networkpolicies"], WRITE),
];

export const aggregateToAdmin: Rule[] = [
  rule(["authorization.k8s.io"], ["localsubjectaccessreviews"], ["create"]),
  rule(["rbac.authorization.k8s.io"], ["rolebindings", "roles"], [...WRITE, "get", "list", "watch"]),
];

/** A custom role that joins `view` through its label, as CRD operators ship them. */
export const monitoringView: ClusterRoleSpec = {
  name: "monitoring-crds-view",
  labels: { [`${AGGREGATE}view`]: "true", "app.kubernetes.io/part-of": "kube-prometheus" },
  rules: [rule(["monitoring.coreos.com"], ["podmonitors", "prometheusrules", "servicemonitors"], READ)],
};

const bootstrap = (spec: ClusterRoleSpec): ClusterRoleSpec => ({
  ...spec,
  labels: { ...BOOTSTRAP_LABELS, ...spec.labels },
  annotations: AUTOUPDATE,
});

const view = [...aggregateToView, ...monitoringView.rules];
const edit = [...aggregateToEdit, ...view];

export const bootstrapClusterRoles: ClusterRoleSpec[] = [
  bootstrap({ name: "cluster-admin", rules: [rule(["*"], ["*"], ["*"]), urls(["*"], ["*"])] }),
  bootstrap({ name: "admin", aggregateFrom: "admin", rules: [...aggregateToAdmin, ...edit] }),
  bootstrap({ name: "edit", aggregateFrom: "edit", labels: { [`${AGGREGATE}admin`]: "true" }, rules: edit }),
  bootstrap({ name: "view", aggregateFrom: "view", labels: { [`${AGGREGATE}edit`]: "true" }, rules: view }),
  bootstrap({ name: "system:aggregate-to-admin", labels: { [`${AGGREGATE}admin`]: "true" }, rules: aggregateToAdmin }),
  bootstrap({ name: "system:aggregate-to-edit", labels: { [`${AGGREGATE}edit`]: "true" }, rules: aggregateToEdit }),
  bootstrap({ name: "system:aggregate-to-view", labels: { [`${AGGREGATE}view`]: "true" }, rules: aggregateToView }),
  bootstrap({
    name: "system:discovery",
    rules: [urls(["/api", "/api/*", "/apis", "/apis/*", "/healthz", "/livez", "/openapi", "/openapi/*", "/readyz", "/version", "/version/"], ["get"])],
  }),
  bootstrap({
    name: "system:basic-user",
    rules: [
      rule(["authorization.k8s.io"], ["selfsubjectaccessreviews", "selfsubjectrulesreviews"], ["create"]),
      rule(["authentication.k8s.io"], ["selfsubjectreviews"], ["create"]),
    ],
  }),
  bootstrap({ name: "system:public-info-viewer", rules: [urls(["/healthz", "/livez", "/readyz", "/version", "/version/"], ["get"])] }),
  bootstrap({
    name: "system:kube-scheduler",
    rules: [
      rule(["coordination.k8s.io"], ["leases"], ["create"]),
      rule(["coordination.k8s.io"], ["leases"], ["get", "update"], ["kube-scheduler"]),
      rule([""], ["pods"], ["delete", "get", "list", "watch"]),
      rule([""], ["bindings", "pods/binding"], ["create"]),
      rule([""], ["nodes"], ["get", "list", "watch"]),
    ],
  }),
  bootstrap({
    name: "system:kube-controller-manager",
    rules: [
      rule(["coordination.k8s.io"], ["leases"], ["create"]),
      rule(["coordination.k8s.io"], ["leases"], ["get", "update"], ["kube-controller-manager"]),
      rule([""], ["secrets", "serviceaccounts"], ["create"]),
      rule(["*"], ["*"], ["list", "watch"]),
    ],
  }),
];

export const bootstrapClusterRoleBindings: ClusterRoleBindingSpec[] = [
  { name: "cluster-admin", role: "cluster-admin", subjects: [group("system:masters")] },
  { name: "system:discovery", role: "system:discovery", subjects: [group("system:authenticated")] },
  { name: "system:basic-user", role: "system:basic-user", subjects: [group("system:authenticated")] },
  { name: "system:public-info-viewer", role: "system:public-info-viewer", subjects: [group("system:authenticated"), group("system:unauthenticated")] },
  { name: "system:kube-scheduler", role: "system:kube-scheduler", subjects: [user("system:kube-scheduler")] },
  { name: "system:kube-controller-manager", role: "system:kube-controller-manager", subjects: [user("system:kube-controller-manager")] },
].map((b) => ({ ...b, labels: BOOTSTRAP_LABELS, annotations: AUTOUPDATE }));
