import type { RequestAttributes } from "../audit/request.ts";
import type { PolicyRule } from "../rbac/model.ts";

/**
 * The permission atoms (group, resource, verb) a rule can grant, over the resources a cluster is known to
 * have: the built-in API plus every resource named in its RBAC or seen in its audit log. Wildcards count
 * for what they reach today; that is what the excess ratio measures.
 */
const STANDARD_VERBS = ["get", "list", "watch", "create", "update", "patch", "delete", "deletecollection"];

const BUILT_IN: Array<[string, string[]]> = [
  ["", ["pods", "services", "endpoints", "configmaps", "secrets", "serviceaccounts", "events", "persistentvolumeclaims", "persistentvolumes", "namespaces", "nodes", "replicationcontrollers", "limitranges", "resourcequotas", "podtemplates"]],
  ["", ["pods/log", "pods/exec", "pods/attach", "pods/portforward", "pods/proxy", "pods/eviction", "pods/status", "pods/ephemeralcontainers", "serviceaccounts/token", "nodes/proxy", "nodes/status", "services/proxy"]],
  ["apps", ["deployments", "replicasets", "statefulsets", "daemonsets", "controllerrevisions", "deployments/scale", "statefulsets/scale"]],
  ["batch", ["jobs", "cronjobs"]],
  ["autoscaling", ["horizontalpodautoscalers"]],
  ["policy", ["poddisruptionbudgets"]],
  ["networking.k8s.io", ["ingresses", "networkpolicies", "ingressclasses"]],
  ["discovery.k8s.io", ["endpointslices"]],
  ["coordination.k8s.io", ["leases"]],
  ["rbac.authorization.k8s.io", ["roles", "rolebindings", "clusterroles", "clusterrolebindings"]],
  ["storage.k8s.io", ["storageclasses", "volumeattachments", "csidrivers", "csinodes"]],
  ["apiextensions.k8s.io", ["customresourcedefinitions"]],
  ["admissionregistration.k8s.io", ["mutatingwebhookconfigurations", "validatingwebhookconfigurations", "validatingadmissionpolicies", "validatingadmissionpolicybindings"]],
  ["certificates.k8s.io", ["certificatesigningrequests", "certificatesigningrequests/approval"]],
  ["scheduling.k8s.io", ["priorityclasses"]],
];

export interface KnownResource {
  apiGroup: string;
  /** `resource` or `resource/subresource` */
  resource: string;
}

export class KnownResources {
  private readonly resources = new Map<string, KnownResource>();

  constructor() {
    for (const [apiGroup, list] of BUILT_IN) for (const resource of list) this.add(apiGroup, resource);
  }

  get size(): number {
    return this.resources.size;
  }

  add(apiGroup: string, resource: string): void {
    if (apiGroup === "*" || resource === "*" || resource.startsWith("*/")) return;
    this.resources.set(`${apiGroup}/${resource}`, { apiGroup, resource });
  }

  addRule(rule: PolicyRule): void {
    for (const g of rule.apiGroups ?? []) for (const r of rule.resources ?? []) this.add(g, r);
  }

  /** `group/resource:verb` atoms the rules grant, for resource requests. */
  atomsGrantedBy(rules: readonly PolicyRule[], allows: (attrs: RequestAttributes, rule: PolicyRule) => boolean): Set<string> {
    const atoms = new Set<string>();
    for (const { apiGroup, resource: combined } of this.resources.values()) {
      const [resource, subresource = ""] = combined.split("/") as [string, string?];
      for (const verb of verbsFor(rules)) {
        const attrs = { verb, resourceRequest: true, apiGroup, resource, subresource, namespace: "", name: "", path: "" };
        if (rules.some((rule) => allows(attrs, { ...rule, resourceNames: [] }))) atoms.add(atomOf(apiGroup, combined, verb));
      }
    }
    return atoms;
  }
}

/** The standard verbs, plus the special ones (bind, escalate, impersonate, use…) the rules name. */
function verbsFor(rules: readonly PolicyRule[]): Set<string> {
  const verbs = new Set(STANDARD_VERBS);
  for (const rule of rules) for (const v of rule.verbs) if (v !== "*") verbs.add(v);
  return verbs;
}

export function atomOf(apiGroup: string, combinedResource: string, verb: string): string {
  return `${apiGroup}/${combinedResource}:${verb}`;
}
