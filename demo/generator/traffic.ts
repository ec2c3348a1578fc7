/** Four days of the demo cluster's API traffic: one function per scenario a reviewer should find in the results. */
import type { Identity, RequestSpec, Target } from "./events.ts";
import {
  apps, core, discoveryReason, KUBECTL, leases, monitoringCrds, node, people, publicInfoReason, rbacApi, reason, serviceAccountUser,
} from "./identities.ts";
import type { Random } from "./random.ts";

export const FIRST_DAY = Date.UTC(2026, 10, 16);
export const DAYS = 4;
const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;

type Call = Omit<RequestSpec, "time" | "user" | "userAgent" | "sourceIP" | "code" | "reason"> & { code?: number; reason?: string };

/** Collects requests of one client: same identity, user agent and address. */
function client(out: RequestSpec[], user: Identity, userAgent: string, sourceIP: string, defaultReason: string) {
  return (time: number, call: Call) =>
    out.push({ code: 200, reason: defaultReason, ...call, time: Math.floor(time), user, userAgent, sourceIP });
}

/** Times every `interval` ms across the demo days, jittered so the log does not look machine-made. */
function every(random: Random, interval: number, fn: (time: number) => void): void {
  for (let t = FIRST_DAY + random.int(interval); t < FIRST_DAY + DAYS * DAY; t += interval) fn(t + random.int(Math.min(interval / 10, MINUTE)));
}

/** Working hours, Monday to Thursday: the demo days. */
function workday(random: Random, day: number): number {
  return FIRST_DAY + day * DAY + 8 * HOUR + random.int(10 * HOUR);
}

const get = (target: Target): Call => ({ verb: "get", target });
const list = (target: Target, query = "limit=500"): Call => ({ verb: "list", target, query });
const watch = (target: Target): Call => ({ verb: "watch", target, query: "allowWatchBookmarks=true&resourceVersion=418&timeout=7m31s&timeoutSeconds=451&watch=true" });

/** shop/storefront is bound to cluster-admin but only reads its configmaps and one secret. */
function storefront(random: Random, out: RequestSpec[]): void {
  const sa = serviceAccountUser(random, "shop", "storefront", "storefront-7d9c5b8f6-x2x9k");
  const call = client(out, sa, "storefront/2.14.0 (linux/amd64) kubernetes-client/java", "10.0.3.17",
    reason.clusterRoleBinding("storefront-admin", "cluster-admin", reason.serviceAccount("shop", "storefront")));
  every(random, 20 * MINUTE, (t) => call(t, get(core("configmaps", "shop", "storefront-config"))));
  every(random, 2 * HOUR, (t) => call(t, get(core("secrets", "shop", "storefront-db"))));
  every(random, HOUR, (t) => call(t, watch(core("configmaps", "shop"))));
  every(random, 12 * HOUR, (t) => call(t, list(core("configmaps", "shop"))));
}

/** ci/deployer holds `edit` everywhere, deploys into two namespaces, and once a day is denied a ClusterRole. */
function ciDeployer(random: Random, out: RequestSpec[]): void {
  const sa = serviceAccountUser(random, "ci", "deployer", "deploy-runner-5f7c9-qk2mz");
  const call = client(out, sa, "helm/v3.16.2 (linux/amd64)", "10.0.5.40",
    reason.clusterRoleBinding("ci-deployer-edit", "edit", reason.serviceAccount("ci", "deployer")));
  const releases = { shop: "storefront", payments: "payments-api" } as const;
  for (let day = 0; day < DAYS; day++) {
    for (const [namespace, app] of Object.entries(releases)) {
      for (let run = 0; run < (namespace === "shop" ? 3 : 2); run++) {
        const t = workday(random, day);
        call(t, get(apps("deployments", namespace, app)));
        call(t + 400, { verb: "patch", target: apps("deployments", namespace, app) });
        call(t + 800, get(core("configmaps", namespace, `${app}-config`)));
        call(t + 1200, { verb: "update", target: core("configmaps", namespace, `${app}-config`) });
        call(t + 1600, { verb: "create", target: core("services", namespace, `${app}-canary`), code: run === 0 ? 201 : 409 });
        call(t + 2000, list(core("pods", namespace), `labelSelector=app%3D${app}&limit=500`));
        call(t + 2400, get(apps("deployments", namespace, app, "status")));
      }
    }
    call(workday(random, day), { ...get(rbacApi("clusterroles", undefined, "storefront-metrics")), code: 403 });
  }
}

/** payments/default runs the payments API (no dedicated account) and reads a secret through its Role. */
function paymentsDefault(random: Random, out: RequestSpec[]): void {
  const sa = serviceAccountUser(random, "payments", "default", "payments-api-6c4d8b7d9-7hv2p");
  const call = client(out, sa, "payments-api/1.9.3 (linux/amd64) kubernetes-client/go", "10.0.4.22",
    reason.roleBinding("payments-app", "payments", "Role", "payments-app", reason.serviceAccount("payments", "default")));
  every(random, 30 * MINUTE, (t) => call(t, get(core("secrets", "payments", "payments-api-key"))));
  every(random, 30 * MINUTE, (t) => call(t, get(core("configmaps", "payments", "payments-config"))));
}

/** Group devs (edit cluster-wide): three people with different habits, one exec, two denials. */
function developers(random: Random, out: RequestSpec[]): void {
  const viaDevs = reason.clusterRoleBinding("devs-edit", "edit", reason.group("devs"));
  const sessions: Array<[Identity, string, (day: number, at: (t: number, c: Call) => void, t: number) => void]> = [
    [people.alice, "10.20.0.11", (day, at, t) => {
      at(t, list(core("pods", "shop")));
      at(t + 3000, get(core("pods", "shop", "storefront-7d9c5b8f6-x2x9k", "log")));
      if (day % 2 === 0) at(t + 9000, { verb: "create", target: core("pods", "shop", "storefront-7d9c5b8f6-x2x9k", "exec"), query: "command=sh&container=storefront&stdin=true&stdout=true&tty=true", code: 101 });
    }],
    [people.bob, "10.20.0.12", (day, at, t) => {
      at(t, get(apps("deployments", "staging", "storefront")));
      at(t + 2000, { verb: "patch", target: apps("deployments", "staging", "storefront") });
      if (day === 2) at(t + 5000, { verb: "delete", target: core("namespaces", undefined, "staging"), code: 403 });
    }],
    [people.carol, "10.20.0.13", (day, at, t) => {
      at(t, list(core("pods", "staging")));
      at(t + 1500, { verb: "delete", target: core("pods", "staging", `storefront-5b7f9c-${random.hex(5)}`) });
      if (day === 1) at(t + 4000, { ...list(core("nodes")), code: 403 });
    }],
  ];
  for (const [person, ip, session] of sessions) {
    const call = client(out, person, KUBECTL, ip, viaDevs);
    const discovery = client(out, person, KUBECTL, ip, discoveryReason);
    for (let day = 0; day < DAYS; day++) {
      for (let n = 0; n < 3 + random.int(3); n++) {
        const t = workday(random, day);
        if (random.chance(0.5)) discovery(t - 300, { verb: "get", path: "/api?timeout=32s" });
        session(day, call, t);
      }
    }
  }
}

/** dana has `view` in payments via a RoleBinding; reads logs and (aggregated) ServiceMonitors; exec is denied. */
function viewer(random: Random, out: RequestSpec[]): void {
  const call = client(out, people.dana, KUBECTL, "10.20.0.14",
    reason.roleBinding("dana-view", "payments", "ClusterRole", "view", reason.user("dana@example.com")));
  for (let day = 0; day < DAYS; day++) {
    const t = workday(random, day);
    call(t, list(core("pods", "payments")));
    call(t + 2000, get(core("pods", "payments", "payments-api-6c4d8b7d9-7hv2p", "log")));
    call(t + 4000, list(monitoringCrds("servicemonitors", "payments")));
    if (day === 3) call(t + 6000, { verb: "create", target: core("pods", "payments", "payments-api-6c4d8b7d9-7hv2p", "exec"), query: "command=sh&stdin=true&tty=true", code: 403 });
  }
}

/** erin (platform-admins → cluster-admin) checks what dana can do by impersonating her. */
function impersonation(random: Random, out: RequestSpec[]): void {
  const own = client(out, people.erin, KUBECTL, "10.20.0.15", reason.clusterRoleBinding("platform-admins", "cluster-admin", reason.group("platform-admins")));
  const asDana = (t: number, c: Call) =>
    out.push({ code: 200, reason: reason.roleBinding("dana-view", "payments", "ClusterRole", "view", reason.user("dana@example.com")), ...c, time: t, user: people.erin, impersonatedUser: people.dana, userAgent: KUBECTL, sourceIP: "10.20.0.15" });
  for (let day = 0; day < DAYS; day++) {
    const t = workday(random, day);
    own(t, list(core("nodes")));
    own(t + 1000, list(rbacApi("clusterrolebindings")));
    if (day === 1) {
      asDana(t + 5000, list(core("pods", "payments")));
      asDana(t + 6000, { verb: "delete", target: core("pods", "payments", "payments-api-6c4d8b7d9-7hv2p"), code: 403 });
    }
  }
}

/** kubernetes-admin (system:masters): allowed without RBAC, so no RBAC change can limit it. */
function clusterAdmin(random: Random, out: RequestSpec[]): void {
  const call = client(out, people.kubernetesAdmin, KUBECTL, "10.20.0.2", reason.notRbac);
  const t = workday(random, 0);
  call(t, { verb: "create", target: core("namespaces", undefined, "staging"), code: 201 });
  call(t + 2000, list(core("pods"), "limit=500"));
  call(t + 4000, get(core("nodes", undefined, "ip-10-0-1-23.ec2.internal")));
}

/** Kubelets (Node authorizer, empty reason) and the control plane (system users): out of scope, listed. */
function controlPlane(random: Random, out: RequestSpec[]): void {
  for (const name of ["ip-10-0-1-23.ec2.internal", "ip-10-0-2-41.ec2.internal"]) {
    const kubelet = client(out, node(name), "kubelet/v1.31.2 (linux/amd64) kubernetes/5864a46", name.startsWith("ip-10-0-1") ? "10.0.1.23" : "10.0.2.41", reason.notRbac);
    every(random, 15 * MINUTE, (t) => kubelet(t, { verb: "update", target: leases("leases", "kube-node-lease", name) }));
    every(random, HOUR, (t) => kubelet(t, { verb: "patch", target: core("nodes", undefined, name, "status") }));
    every(random, 3 * HOUR, (t) => kubelet(t, get(core("configmaps", "shop", "kube-root-ca.crt"))));
  }
  const scheduler = client(out, people.scheduler, "kube-scheduler/v1.31.2 (linux/amd64) kubernetes/5864a46/leader-election", "10.0.0.10",
    reason.clusterRoleBinding("system:kube-scheduler", "system:kube-scheduler", reason.user("system:kube-scheduler")));
  every(random, 20 * MINUTE, (t) => scheduler(t, { verb: "update", target: leases("leases", "kube-system", "kube-scheduler") }));
  const manager = client(out, people.controllerManager, "kube-controller-manager/v1.31.2 (linux/amd64) kubernetes/5864a46/leader-election", "10.0.0.10",
    reason.clusterRoleBinding("system:kube-controller-manager", "system:kube-controller-manager", reason.user("system:kube-controller-manager")));
  every(random, 20 * MINUTE, (t) => manager(t, { verb: "update", target: leases("leases", "kube-system", "kube-controller-manager") }));
  const probe = client(out, people.anonymous, "ELB-HealthChecker/2.0", "10.0.0.250", publicInfoReason);
  every(random, 2 * HOUR, (t) => probe(t, { verb: "get", path: "/livez" }));
}

/** Prometheus scrapes /metrics and lists and watches pods and endpoints in every namespace; never reads nodes. */
function prometheus(random: Random, out: RequestSpec[]): void {
  const sa = serviceAccountUser(random, "monitoring", "prometheus", "prometheus-k8s-0");
  const call = client(out, sa, "Prometheus/2.54.1", "10.0.6.31", reason.clusterRoleBinding("prometheus", "prometheus", reason.serviceAccount("monitoring", "prometheus")));
  every(random, 10 * MINUTE, (t) => call(t, { verb: "get", path: "/metrics" }));
  // Informers: a list across all namespaces, then watches that are renewed every few minutes.
  every(random, 6 * HOUR, (t) => call(t, list(core("pods"), "limit=500&resourceVersion=0")));
  every(random, 6 * HOUR, (t) => call(t, list(core("endpoints"), "limit=500&resourceVersion=0")));
  every(random, HOUR, (t) => call(t, watch(core("pods"))));
  every(random, HOUR, (t) => call(t, watch(core("endpoints"))));
  every(random, 6 * HOUR, (t) => call(t, list(core("services"))));
}

/** frank has no binding of his own: he reads staging secrets through the binding to system:authenticated. */
function secretReaderForEveryone(random: Random, out: RequestSpec[]): void {
  const call = client(out, people.frank, KUBECTL, "10.20.0.16",
    reason.clusterRoleBinding("legacy-secret-readers", "secret-reader", reason.group("system:authenticated")));
  for (let day = 0; day < DAYS; day++) {
    const t = workday(random, day);
    call(t, get(core("secrets", "staging", "staging-db")));
    if (day === 0) call(t + 3000, list(core("secrets", "staging")));
  }
}

/** Every request of the demo, in time order. batch/report-exporter is deliberately absent: it never calls. */
export function demoTraffic(random: Random): RequestSpec[] {
  const out: RequestSpec[] = [];
  for (const scenario of [storefront, ciDeployer, paymentsDefault, developers, viewer, impersonation, clusterAdmin, controlPlane, prometheus, secretReaderForEveryone]) {
    scenario(random, out);
  }
  return out.sort((a, b) => a.time - b.time);
}
