import type { RequestAttributes } from "../audit/request.ts";
import type { PolicyRule } from "../rbac/model.ts";
import { apiGroupMatches, resourceMatches, verbMatches } from "../rbac/rule.ts";

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

/** A known resource as a request for it reads: `a/b/c` is resource a, subresource b, so requested `a/b`. */
interface Requestable extends KnownResource {
  requested: string;
  subresource: string;
}

export class KnownResources {
  private readonly resources = new Map<string, Requestable>();
  /** apiGroup → requested resource → known resources: what a rule naming both can grant. Built when asked. */
  private named: Map<string, Map<string, Requestable[]>> | undefined;
  /** apiGroup → resource → subresources already added: what `addUsed` checks before building a key. */
  private readonly used = new Map<string, Map<string, Set<string>>>();
  /** `atomsGrantedBy` per rules list: every binding to a role (and every alternative) asks about its rules. */
  private granted: WeakMap<readonly PolicyRule[], readonly string[]> | undefined;

  constructor() {
    for (const [apiGroup, list] of BUILT_IN) for (const resource of list) this.add(apiGroup, resource);
  }

  get size(): number {
    return this.resources.size;
  }

  add(apiGroup: string, resource: string): void {
    if (apiGroup === "*" || resource === "*" || resource.startsWith("*/")) return;
    const [name, subresource = ""] = resource.split("/") as [string, string?];
    this.resources.set(`${apiGroup}/${resource}`, { apiGroup, resource, requested: subresource === "" ? name : `${name}/${subresource}`, subresource });
    this.granted = undefined;
    this.named = undefined;
  }

  /** The resource of a request that was made: ~10^5 of them name a few hundred resources. */
  addUsed(attrs: RequestAttributes): void {
    if (!attrs.resourceRequest) return;
    let resources = this.used.get(attrs.apiGroup);
    if (resources === undefined) this.used.set(attrs.apiGroup, (resources = new Map()));
    let subresources = resources.get(attrs.resource);
    if (subresources === undefined) resources.set(attrs.resource, (subresources = new Set()));
    if (subresources.has(attrs.subresource)) return;
    subresources.add(attrs.subresource);
    this.add(attrs.apiGroup, attrs.subresource ? `${attrs.resource}/${attrs.subresource}` : attrs.resource);
  }

  addRule(rule: PolicyRule): void {
    for (const g of rule.apiGroups ?? []) for (const r of rule.resources ?? []) this.add(g, r);
  }

  /** `group/resource:verb` atoms the rules grant, for resource requests, sorted. */
  atomsGrantedBy(rules: readonly PolicyRule[]): readonly string[] {
    const granted = (this.granted ??= new WeakMap());
    let atoms = granted.get(rules);
    if (atoms === undefined) granted.set(rules, (atoms = Object.freeze([...this.grantedAtoms(rules)].sort())));
    return atoms;
  }

  /** An atom for each known resource and verb some rule allows on any object (names are not looked at). */
  private grantedAtoms(rules: readonly PolicyRule[]): Set<string> {
    const verbs = verbsFor(rules);
    const atoms = new Set<string>();
    for (const rule of rules) {
      for (const known of this.reachedBy(rule)) {
        if (!apiGroupMatches(rule, known.apiGroup) || !resourceMatches(rule, known.requested, known.subresource)) continue;
        for (const verb of verbs) if (verbMatches(rule, verb)) atoms.add(atomOf(known.apiGroup, known.resource, verb));
      }
    }
    return atoms;
  }

  /** The known resources a rule may match: those it names, or every one when it has a wildcard. */
  private reachedBy(rule: PolicyRule): Iterable<Requestable> {
    const groups = rule.apiGroups ?? [];
    const resources = rule.resources ?? [];
    if (groups.includes("*") || resources.some((r) => r === "*" || r.startsWith("*/"))) return this.resources.values();
    const named = (this.named ??= this.byName());
    return groups.flatMap((g) => resources.flatMap((r) => named.get(g)?.get(r) ?? []));
  }

  private byName(): Map<string, Map<string, Requestable[]>> {
    const named = new Map<string, Map<string, Requestable[]>>();
    for (const known of this.resources.values()) {
      let resources = named.get(known.apiGroup);
      if (resources === undefined) named.set(known.apiGroup, (resources = new Map()));
      const list = resources.get(known.requested);
      if (list === undefined) resources.set(known.requested, [known]);
      else list.push(known);
    }
    return named;
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
