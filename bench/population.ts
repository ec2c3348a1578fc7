/**
 * The simulated cluster of the benchmark log (a port of gen_synthetic.py): ~60 namespaces, controllers,
 * per-namespace app service accounts, humans, nodes and system components with Zipf-like activity.
 */
import type { Random } from "./random.ts";

/** The seed `npm run bench` generates its log with (bench/rbac.ts simulates the same cluster's RBAC). */
export const BENCH_SEED = 42;

/** [apiGroup, resource, version, namespaced] */
export type ResourceType = readonly [string, string, string, boolean];

const TEAMS = ["pay", "search", "auth", "web", "data", "ml", "ops", "growth", "api", "infra", "mobile"];
const ENVS = ["dev", "stg", "prod", "qa", "sandbox"];
export const NAMESPACES: readonly string[] = [
  ...["default", "kube-system", "kube-public", "monitoring", "logging", "ingress-nginx", "cert-manager"],
  ...TEAMS.flatMap((t) => ENVS.map((e) => `team-${t}-${e}`)).slice(0, 53),
];

const CORE = ["pods", "services", "endpoints", "configmaps", "secrets", "serviceaccounts", "events", "persistentvolumeclaims", "namespaces"];
export const RESOURCES: readonly ResourceType[] = [
  ...CORE.map((r): ResourceType => ["", r, "v1", true]),
  ["", "nodes", "v1", false],
  ["", "persistentvolumes", "v1", false],
  ...["deployments", "replicasets", "statefulsets", "daemonsets"].map((r): ResourceType => ["apps", r, "v1", true]),
  ...["jobs", "cronjobs"].map((r): ResourceType => ["batch", r, "v1", true]),
  ["coordination.k8s.io", "leases", "v1", true],
  ["discovery.k8s.io", "endpointslices", "v1", true],
  ["networking.k8s.io", "ingresses", "v1", true],
  ["networking.k8s.io", "networkpolicies", "v1", true],
  ["policy", "poddisruptionbudgets", "v1", true],
  ["autoscaling", "horizontalpodautoscalers", "v2", true],
  ["rbac.authorization.k8s.io", "roles", "v1", true],
  ["rbac.authorization.k8s.io", "rolebindings", "v1", true],
  ["rbac.authorization.k8s.io", "clusterroles", "v1", false],
  ["rbac.authorization.k8s.io", "clusterrolebindings", "v1", false],
  ["storage.k8s.io", "storageclasses", "v1", false],
  ["apiextensions.k8s.io", "customresourcedefinitions", "v1", false],
  ["admissionregistration.k8s.io", "validatingwebhookconfigurations", "v1", false],
  ["cert-manager.io", "certificates", "v1", true],
  ["monitoring.coreos.com", "servicemonitors", "v1", true],
  ["argoproj.io", "applications", "v1alpha1", true],
];

export const SUBRESOURCES: Readonly<Record<string, readonly string[]>> = {
  pods: ["status", "log", "exec", "binding", "eviction", "portforward", "attach", "proxy"],
  deployments: ["scale", "status"],
  statefulsets: ["scale", "status"],
  replicasets: ["scale", "status"],
  serviceaccounts: ["token"],
  nodes: ["status", "proxy"],
  jobs: ["status"],
  namespaces: ["finalize", "status"],
  certificates: ["status"],
  services: ["status", "proxy"],
  persistentvolumeclaims: ["status"],
};

export const SUBRESOURCE_VERBS: Readonly<Record<string, readonly string[]>> = {
  log: ["get"],
  exec: ["create", "get"],
  attach: ["create"],
  portforward: ["create", "get"],
  binding: ["create"],
  eviction: ["create"],
  token: ["create"],
  proxy: ["get"],
  scale: ["get", "patch", "update"],
  status: ["get", "patch", "update"],
  finalize: ["update"],
};

export const NON_RESOURCE_PATHS = ["/healthz", "/livez", "/readyz", "/version", "/metrics", "/api", "/apis", "/openapi/v2", "/openapi/v3",
  "/apis/apps/v1", "/api/v1", "/livez/ping", "/readyz/etcd", "/logs/", "/debug/pprof/profile"];
/** Paths real clients call with a query string. */
export const QUERIED_PATHS = new Set(["/healthz", "/readyz", "/livez", "/version", "/api", "/apis"]);

export const VERB_WEIGHTS: readonly (readonly [string, number])[] = [
  ["get", 30], ["list", 18], ["watch", 14], ["update", 8], ["patch", 10], ["create", 10], ["delete", 6], ["deletecollection", 1],
];

export interface SimSubject {
  user: string;
  groups: string[];
  namespaces: readonly string[];
  resources: readonly ResourceType[];
  weight: number;
  userAgent: string;
  nonResourceRate: number;
  allNamespacesRate: number;
  /** Object names per `resource/namespace`, created on first use. */
  objectNames: Map<string, string[]>;
}

function subject(user: string, groups: string[], namespaces: readonly string[], resources: readonly ResourceType[], weight: number,
  userAgent: string, nonResourceRate = 0.02, allNamespacesRate = 0.05): SimSubject {
  return { user, groups, namespaces, resources, weight, userAgent, nonResourceRate, allNamespacesRate, objectNames: new Map() };
}

function serviceAccount(ns: string, name: string, weight: number, resources: readonly ResourceType[], namespaces: readonly string[],
  nonResourceRate?: number, allNamespacesRate?: number): SimSubject {
  return subject(`system:serviceaccount:${ns}:${name}`, ["system:serviceaccounts", `system:serviceaccounts:${ns}`, "system:authenticated"],
    namespaces, resources, weight, `${name}/v1.2.3 (linux/amd64) kubernetes/$Format`, nonResourceRate, allNamespacesRate);
}

const CONTROLLERS = [["kube-system", "replicaset-controller"], ["kube-system", "deployment-controller"], ["kube-system", "endpointslice-controller"],
  ["kube-system", "namespace-controller"], ["kube-system", "generic-garbage-collector"], ["kube-system", "job-controller"],
  ["cert-manager", "cert-manager"], ["monitoring", "prometheus-k8s"], ["monitoring", "kube-state-metrics"],
  ["ingress-nginx", "ingress-nginx"], ["logging", "fluent-bit"], ["argocd", "argocd-application-controller"]] as const;
const NODE_RESOURCES = new Set(["pods", "nodes", "configmaps", "secrets", "leases", "serviceaccounts", "services", "endpoints"]);

/** Everyone who talks to the simulated API server, in the order gen_synthetic.py creates them. */
export function population(rnd: Random): SimSubject[] {
  const all: SimSubject[] = [];
  CONTROLLERS.forEach(([ns, name], i) =>
    all.push(serviceAccount(ns, name, 60 - 4 * i, rnd.sample(RESOURCES, rnd.randint(4, 14)), NAMESPACES, 0.05, 0.4)));
  for (const ns of NAMESPACES.slice(7)) {
    const apps = rnd.randint(1, 4);
    for (let k = 0; k < apps; k++) {
      const weight = rnd.choice([1, 1, 2, 3, 5, 8]);
      const resources = rnd.sample(RESOURCES, rnd.randint(1, 5));
      all.push(serviceAccount(ns, `app-${k}`, weight, resources, rnd.random() < 0.85 ? [ns] : rnd.sample(NAMESPACES, 3)));
    }
  }
  for (const ns of NAMESPACES) all.push(serviceAccount(ns, "default", 0.5, rnd.sample(RESOURCES, 2), [ns]));
  for (let i = 0; i < 120; i++) {
    const team = rnd.choice(NAMESPACES.slice(7));
    const teamName = team.split("-")[1] as string;
    const teamNamespaces = NAMESPACES.filter((n) => n.split("-")[1] === teamName);
    all.push(subject(`user${String(i).padStart(3, "0")}@example.com`, ["system:authenticated", `team:${teamName}`],
      teamNamespaces.length > 0 ? teamNamespaces : [team], rnd.sample(RESOURCES, rnd.randint(3, 10)), rnd.choice([0.2, 0.5, 1, 2]),
      "kubectl/v1.29.2 (linux/amd64) kubernetes/4b8e819", 0.1, 0.1));
  }
  for (let i = 0; i < 25; i++) {
    all.push(subject(`system:node:ip-10-0-${Math.floor(i / 8)}-${(i % 8) * 17}.ec2.internal`, ["system:nodes", "system:authenticated"],
      NAMESPACES, RESOURCES.filter((r) => NODE_RESOURCES.has(r[1])), 6, "kubelet/v1.29.2 (linux/amd64) kubernetes/4b8e819"));
  }
  for (const comp of ["system:kube-scheduler", "system:kube-controller-manager", "system:apiserver"]) {
    all.push(subject(comp, ["system:authenticated"], NAMESPACES, rnd.sample(RESOURCES, 10), 25, `${comp.split(":")[1]}/v1.29.2`, 0.05, 0.5));
  }
  all.push(subject("system:anonymous", ["system:unauthenticated"], ["default"], rnd.sample(RESOURCES, 1), 3, "kube-probe/1.29", 0.95));
  all.push(subject("kubernetes-admin", ["kubeadm:cluster-admins", "system:authenticated"], NAMESPACES, rnd.sample(RESOURCES, 12), 2,
    "kubectl/v1.29.2", 0.1, 0.2));
  return all;
}
