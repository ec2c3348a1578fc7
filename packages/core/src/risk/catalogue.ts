import type { RequestAttributes } from "../audit/request.ts";
import type { PolicyRule } from "../rbac/model.ts";
import { ruleAllowsAnyName } from "../rbac/rule.ts";
import type { Severity } from "./severity.ts";

/**
 * The risky-permission catalogue (landscape.md §5). Each check names permissions by probe requests: a rule
 * is risky if it allows one of them. Probes carry no object name, so a rule limited by resourceNames only
 * matches the checks that stay dangerous on a single object (see `risk.ts`).
 */
export interface RiskCheck {
  id: string;
  title: string;
  /** Severity when granted cluster-wide or in a privileged namespace. */
  severity: Severity;
  /** Stays at full severity in an ordinary namespace and when limited to named objects. */
  alwaysFull?: boolean;
  /** Only risky in a privileged namespace or cluster-wide. */
  privilegedOnly?: boolean;
  probes: RequestAttributes[];
}

const NOTHING = "\u0000unmatchable";

function res(apiGroup: string, resources: string[], verbs: string[]): RequestAttributes[] {
  return resources.flatMap((combined) => {
    const [resource, subresource = ""] = combined.split("/") as [string, string?];
    return verbs.map((verb) => ({ verb, resourceRequest: true, apiGroup, resource, subresource, namespace: "", name: "", path: "" }));
  });
}

const WRITE = ["create", "update", "patch"];
const WORKLOADS: Array<[string, string[]]> = [
  ["", ["pods", "replicationcontrollers"]],
  ["apps", ["deployments", "daemonsets", "statefulsets", "replicasets"]],
  ["batch", ["jobs", "cronjobs"]],
];

export const RISK_CHECKS: readonly RiskCheck[] = [
  {
    id: "cluster-admin",
    title: "every verb on every resource (cluster-admin equivalent)",
    severity: "CRITICAL",
    probes: res(NOTHING, [NOTHING], [NOTHING]),
  },
  { id: "escalate", title: "escalate on roles: bypasses RBAC escalation prevention", severity: "CRITICAL", alwaysFull: true, probes: res("rbac.authorization.k8s.io", ["roles", "clusterroles"], ["escalate"]) },
  { id: "bind", title: "bind on roles: can bind any role, cluster-admin included", severity: "CRITICAL", alwaysFull: true, probes: res("rbac.authorization.k8s.io", ["roles", "clusterroles"], ["bind"]) },
  {
    id: "impersonate",
    title: "impersonate users, groups or service accounts",
    severity: "CRITICAL",
    alwaysFull: true,
    probes: [...res("", ["users", "groups", "serviceaccounts"], ["impersonate"]), ...res("authentication.k8s.io", ["userextras/scopes", "uids"], ["impersonate"])],
  },
  { id: "nodes-proxy", title: "nodes/proxy: kubelet API, exec in every pod of a node, bypasses audit", severity: "CRITICAL", probes: res("", ["nodes/proxy"], ["get", "create", "update", "patch", "delete"]) },
  { id: "secrets-read", title: "read secrets (list and watch return their contents)", severity: "CRITICAL", probes: res("", ["secrets"], ["get", "list", "watch"]) },
  { id: "token-request", title: "create service-account tokens", severity: "CRITICAL", probes: res("", ["serviceaccounts/token"], ["create"]) },
  { id: "csr-approval", title: "approve certificate signing requests (mint client certificates)", severity: "CRITICAL", probes: res("certificates.k8s.io", ["certificatesigningrequests/approval"], ["update", "patch"]) },
  {
    id: "workload-create-privileged",
    title: "create or change workloads in a privileged namespace (runs as any of its service accounts)",
    severity: "CRITICAL",
    privilegedOnly: true,
    probes: WORKLOADS.flatMap(([g, r]) => res(g, r, WRITE)),
  },
  { id: "webhook-config", title: "write admission webhook configurations", severity: "HIGH", probes: res("admissionregistration.k8s.io", ["mutatingwebhookconfigurations", "validatingwebhookconfigurations"], [...WRITE, "delete"]) },
  { id: "pods-exec", title: "exec or attach into pods", severity: "HIGH", probes: res("", ["pods/exec", "pods/attach"], ["create", "get"]) },
  { id: "ephemeral-containers", title: "inject ephemeral containers into pods", severity: "HIGH", probes: res("", ["pods/ephemeralcontainers"], ["update", "patch"]) },
  { id: "persistentvolume-create", title: "create persistent volumes (hostPath to the node)", severity: "HIGH", probes: res("", ["persistentvolumes"], ["create"]) },
  { id: "workload-create", title: "create or change workloads", severity: "HIGH", probes: WORKLOADS.flatMap(([g, r]) => res(g, r, WRITE)) },
  { id: "delete-any", title: "delete any resource", severity: "HIGH", probes: res(NOTHING, [NOTHING], ["delete", "deletecollection"]) },
  { id: "role-write", title: "change roles bound to others", severity: "MEDIUM", probes: res("rbac.authorization.k8s.io", ["roles", "clusterroles"], WRITE) },
  { id: "pods-portforward", title: "port-forward to pods, bypassing network controls", severity: "MEDIUM", probes: res("", ["pods/portforward"], ["create", "get"]) },
  { id: "crd-write", title: "change the API surface (CRDs, API services)", severity: "MEDIUM", probes: [...res("apiextensions.k8s.io", ["customresourcedefinitions"], WRITE), ...res("apiregistration.k8s.io", ["apiservices"], WRITE)] },
  { id: "pods-log", title: "read pod logs (secrets leak into logs)", severity: "LOW", probes: res("", ["pods/log"], ["get"]) },
];

export function checkMatches(check: RiskCheck, rule: PolicyRule): boolean {
  // Indexed: for-of allocated an iterator per call here (~10 MB per analysis).
  for (let k = 0; k < check.probes.length; k++) if (ruleAllowsAnyName(check.probes[k]!, rule)) return true;
  return false;
}

/** Any wildcard in verbs, apiGroups or resources also grants what does not exist yet. */
export function hasWildcard(rule: PolicyRule): boolean {
  return [rule.verbs, rule.apiGroups ?? [], rule.resources ?? [], rule.nonResourceURLs ?? []].some((list) => list.includes("*"));
}
