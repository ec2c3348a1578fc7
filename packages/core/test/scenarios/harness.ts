/**
 * Scenarios the way a user's data flows: audit JSON lines through the real decoder, RBAC YAML through the
 * parser, then `analyze`. Plus the safety check every scenario report must pass.
 */
import { expect } from "vitest";
import { analyze, type AnalysisInput } from "../../src/analyze.ts";
import { AuditDecoder } from "../../src/audit/decoder.ts";
import type { AuditRequest, RequestAttributes, UserInfo } from "../../src/audit/request.ts";
import { aggregateClusterRoles } from "../../src/rbac/aggregate.ts";
import { createAuthorizer } from "../../src/rbac/evaluate.ts";
import type { PolicyRule, RbacSnapshot } from "../../src/rbac/model.ts";
import { buildSnapshot, parseRbacDocuments } from "../../src/rbac/schema.ts";
import { ReportSchema, type Recommendation, type Report } from "../../src/recommend/schema.ts";
import { Usage } from "../../src/usage/usage.ts";
import { applyChangeSet } from "../recommend/fixtures.ts";

// Audit events are built where every test builds them.
export { event, jsonLines, repeated, withReceived, type EventSpec } from "../audit/events.ts";

/** The rules of an emitted Role or ClusterRole (undefined for other objects). */
export function rulesOf(o: { kind: string } | undefined): unknown {
  return (o as { rules?: unknown } | undefined)?.rules;
}

export interface Scenario {
  report: Report;
  snapshot: RbacSnapshot;
  requests: AuditRequest[];
  usage: Usage;
}

/** Decodes the log text with the real decoder and parses the YAML with the real parser, then analyses. */
export function runScenario(
  auditText: string,
  rbacYaml: string,
  options: Omit<AnalysisInput, "usage" | "snapshot" | "stats" | "files"> = {},
): Scenario {
  const usage = new Usage();
  const requests: AuditRequest[] = [];
  const decoder = new AuditDecoder((r) => {
    requests.push(r);
    usage.add(r);
  });
  decoder.push(Buffer.from(auditText));
  decoder.end();
  const parsed = parseRbacDocuments(rbacYaml, "test.yaml");
  if (parsed.errors.length) throw new Error(parsed.errors.join("\n"));
  const snapshot = buildSnapshot(parsed.objects);
  const report = analyze({ usage, snapshot, stats: decoder.stats, files: 1, now: new Date("2026-12-01T00:00:00Z"), ...options });
  const valid = ReportSchema.safeParse(report);
  if (!valid.success) throw new Error(`invalid report: ${valid.error.message}`);
  return { report, snapshot, requests, usage };
}

export function recFor(report: Report, id: (r: Recommendation) => boolean, what = "recommendation"): Recommendation {
  const found = report.recommendations.filter(id);
  if (found.length !== 1) throw new Error(`expected one ${what}, found ${found.length}: ${report.recommendations.map((r) => r.id).join(", ")}`);
  return found[0]!;
}

/** The subject's main recommendation ("ServiceAccount shop/api", "User alice", "Group devs"). */
export function mainFor(report: Report, subject: string): Recommendation {
  return recFor(report, (r) => !r.alternativeTo && describe(r) === subject, `main recommendation for ${subject}`);
}

export function alternativesFor(report: Report, subject: string): Recommendation[] {
  return report.recommendations.filter((r) => r.alternativeTo && describe(r) === subject);
}

function describe(r: Recommendation): string {
  return `${r.subject.kind} ${r.subject.namespace ? `${r.subject.namespace}/` : ""}${r.subject.name}`;
}

const RBAC_KINDS = new Set(["Role", "ClusterRole", "RoleBinding", "ClusterRoleBinding"]);

/** The cluster after a reviewer applies `recs` (RBAC objects only: a ServiceAccount edit changes no grant). */
export function applied(snapshot: RbacSnapshot, recs: readonly Recommendation[]): RbacSnapshot {
  const after = recs.reduce((s, rec) => applyChangeSet(s, { ...rec, apply: rec.apply.filter((o) => RBAC_KINDS.has(o.kind)) }), snapshot);
  // The aggregation controller rewrites aggregated roles when a source role changes.
  return { ...after, clusterRoles: aggregateClusterRoles(after.clusterRoles).clusterRoles };
}

/**
 * The two safety properties, checked with the evaluator on the cluster before and after each change set:
 * - every observed request RBAC allowed before is still allowed (impersonation included);
 * - nothing new: no probe built from every verb, resource, namespace and name in sight is allowed after
 *   and not before, for any user or group named in a binding or seen in the log.
 */
export function expectSafe({ report, snapshot, requests: all }: Pick<Scenario, "report" | "snapshot" | "requests">): void {
  const requests = distinct(all);
  const before = createAuthorizer(snapshot);
  const mains = report.recommendations.filter((r) => !r.alternativeTo);
  // All main changes together, each alternative with the other subjects' main changes, and every change alone
  // (a reviewer may apply one and dismiss the rest).
  const changeSets = [
    mains,
    ...report.recommendations.filter((r) => r.alternativeTo).map((alt) => [alt, ...mains.filter((m) => m.id !== alt.alternativeTo)]),
    ...report.recommendations.map((r) => [r]),
  ];
  const users = usersInSight(snapshot, requests);
  const namespaces = namespacesInSight(snapshot, requests);
  // Every verb × resource × namespace × name in sight, when that is small enough (the hand-written scenarios);
  // always what the change set itself grants (the objects it applies, and the roles its bindings refer to).
  const broad = probesInSight(snapshot, requests, report);
  const everyProbe = broad.length * users.length <= 2_000_000;
  for (const set of changeSets) {
    const afterSnapshot = applied(snapshot, set);
    const after = createAuthorizer(afterSnapshot);
    const probes = everyProbe ? broad : probesGrantedBy(set, afterSnapshot, namespaces);
    const label = set.map((r) => r.id).join(" + ");
    for (const r of requests) {
      if (r.outcome !== "allow") continue;
      if (before.allows(r.user, r)) expect(after.allows(r.user, r), `${label}: ${r.user.name} ${r.verb} ${r.resource || r.path} in "${r.namespace}" is no longer allowed`).toBe(true);
      if (r.impersonator) {
        for (const imp of impersonationChecks(r)) {
          if (before.allows(r.impersonator, imp)) expect(after.allows(r.impersonator, imp), `${label}: ${r.impersonator.name} can no longer impersonate ${imp.resource} ${imp.name}`).toBe(true);
        }
      }
    }
    for (const user of users) {
      for (const p of probes) {
        if (after.allows(user, p) && !before.allows(user, p)) {
          expect.fail(`${label}: new access for ${user.name || user.groups.join(",")}: ${p.verb} ${p.apiGroup}/${p.resource}${p.subresource ? `/${p.subresource}` : ""}${p.path} name="${p.name}" in "${p.namespace}"`);
        }
      }
    }
  }
}

/** One request per user, impersonator, outcome and attributes: the checks depend on nothing else. */
function distinct(requests: readonly AuditRequest[]): AuditRequest[] {
  const seen = new Map<string, AuditRequest>();
  for (const r of requests) {
    const key = JSON.stringify([r.user, r.impersonator ?? null, r.outcome, r.verb, r.resourceRequest, r.apiGroup, r.resource, r.subresource, r.namespace, r.name, r.path]);
    if (!seen.has(key)) seen.set(key, r);
  }
  return [...seen.values()];
}

/** What the API server checks before it runs a request as someone else (written out again, independently of src). */
function impersonationChecks(r: AuditRequest): RequestAttributes[] {
  const imp = (resource: string, name: string, namespace = ""): RequestAttributes => ({ verb: "impersonate", resourceRequest: true, apiGroup: "", resource, subresource: "", namespace, name, path: "" });
  const sa = /^system:serviceaccount:([^:]+):([^:]+)$/.exec(r.user.name);
  const implicit = new Set(["system:authenticated", "system:serviceaccounts", ...(sa ? [`system:serviceaccounts:${sa[1]}`] : [])]);
  return [sa ? imp("serviceaccounts", sa[2]!, sa[1]!) : imp("users", r.user.name), ...r.user.groups.filter((g) => !implicit.has(g)).map((g) => imp("groups", g))];
}

function usersInSight(snapshot: RbacSnapshot, requests: readonly AuditRequest[]): UserInfo[] {
  const users: UserInfo[] = requests.flatMap((r) => (r.impersonator ? [r.user, r.impersonator] : [r.user]));
  for (const b of [...snapshot.clusterRoleBindings, ...snapshot.roleBindings]) {
    for (const s of b.subjects ?? []) {
      if (s.kind === "Group") users.push({ name: "", groups: [s.name] });
      else if (s.kind === "User") users.push({ name: s.name, groups: [] });
      else users.push({ name: `system:serviceaccount:${s.namespace ?? b.metadata.namespace}:${s.name}`, groups: [] });
    }
  }
  const seen = new Map(users.map((u) => [`${u.name}|${u.groups.join(",")}`, u]));
  return [...seen.values()];
}

function namespacesInSight(snapshot: RbacSnapshot, requests: readonly AuditRequest[]): string[] {
  return [...new Set(["", ...requests.map((r) => r.namespace), ...snapshot.roleBindings.map((b) => b.metadata.namespace ?? "")])];
}

/** Probes for each atom the applied objects grant, where they grant it; an unrestricted rule is probed with no name. */
function probesGrantedBy(set: readonly Recommendation[], after: RbacSnapshot, namespaces: readonly string[]): RequestAttributes[] {
  const probes: RequestAttributes[] = [];
  const clusterRule = (name: string) => after.clusterRoles.find((r) => r.metadata.name === name)?.rules ?? [];
  const add = (rules: readonly PolicyRule[], where: readonly string[]) => {
    for (const rule of rules) {
      for (const verb of rule.verbs) {
        for (const path of rule.nonResourceURLs ?? []) probes.push({ verb, resourceRequest: false, apiGroup: "", resource: "", subresource: "", namespace: "", name: "", path: path.replace(/\*$/, "probe") });
        for (const apiGroup of rule.apiGroups ?? []) {
          for (const combined of rule.resources ?? []) {
            const [resource, subresource = ""] = combined.split("/") as [string, string?];
            for (const namespace of where) for (const name of rule.resourceNames?.length ? rule.resourceNames : [""]) probes.push({ verb, resourceRequest: true, apiGroup, resource, subresource, namespace, name, path: "" });
          }
        }
      }
    }
  };
  for (const rec of set) {
    for (const o of rec.apply as Array<{ kind: string; metadata: { namespace?: string }; rules?: PolicyRule[]; roleRef?: { kind: string; name: string } }>) {
      const ns = o.metadata.namespace ?? "";
      if (o.kind === "Role") add(o.rules ?? [], [ns]);
      else if (o.kind === "ClusterRole") add(o.rules ?? [], namespaces);
      else if (o.kind === "RoleBinding" && o.roleRef) add(o.roleRef.kind === "Role" ? (after.roles.find((r) => r.metadata.name === o.roleRef!.name && r.metadata.namespace === ns)?.rules ?? []) : clusterRule(o.roleRef.name), [ns]);
      else if (o.kind === "ClusterRoleBinding" && o.roleRef) add(clusterRule(o.roleRef.name), namespaces);
    }
  }
  return probes;
}

function probesInSight(snapshot: RbacSnapshot, requests: readonly AuditRequest[], report: Report): RequestAttributes[] {
  const rules: PolicyRule[] = [...snapshot.roles, ...snapshot.clusterRoles].flatMap((r) => r.rules);
  for (const rec of report.recommendations) for (const o of rec.apply) rules.push(...(((o as { rules?: PolicyRule[] }).rules) ?? []));
  const verbs = new Set(["get", "list", "watch", "create", "update", "patch", "delete", "impersonate", ...requests.map((r) => r.verb)]);
  const resources = new Set(["/pods", "/secrets", "/configmaps", "/nodes", "/namespaces", "apps/deployments", "/pods/exec", "/pods/log"]);
  const names = new Set(["", ...requests.map((r) => r.name)]);
  const namespaces = new Set(["", ...requests.map((r) => r.namespace), ...snapshot.roleBindings.map((b) => b.metadata.namespace ?? "")]);
  for (const rule of rules) {
    for (const v of rule.verbs) if (v !== "*") verbs.add(v);
    for (const g of rule.apiGroups ?? []) for (const res of rule.resources ?? []) if (g !== "*" && res !== "*") resources.add(`${g}/${res}`);
    for (const n of rule.resourceNames ?? []) names.add(n);
  }
  for (const r of requests) if (r.resourceRequest) resources.add(`${r.apiGroup}/${r.resource}${r.subresource ? `/${r.subresource}` : ""}`);
  const probes: RequestAttributes[] = [];
  for (const verb of verbs) {
    for (const gr of resources) {
      const slash = gr.indexOf("/");
      const [resource, subresource = ""] = gr.slice(slash + 1).split("/") as [string, string?];
      for (const namespace of namespaces) for (const name of names) probes.push({ verb, resourceRequest: true, apiGroup: gr.slice(0, slash), resource, subresource, namespace, name, path: "" });
    }
    for (const r of requests) if (!r.resourceRequest) probes.push({ verb, resourceRequest: false, apiGroup: "", resource: "", subresource: "", namespace: "", name: "", path: r.path });
  }
  return probes;
}

/** Bootstrap roles, abbreviated, as `kubectl get -o yaml` would list them. */
export const BOOTSTRAP_YAML = `
apiVersion: rbac.authorization.k8s.io/v1
kind: ClusterRole
metadata:
  name: cluster-admin
  labels: { kubernetes.io/bootstrapping: rbac-defaults }
rules:
- apiGroups: ["*"]
  resources: ["*"]
  verbs: ["*"]
- nonResourceURLs: ["*"]
  verbs: ["*"]
---
apiVersion: rbac.authorization.k8s.io/v1
kind: ClusterRole
metadata:
  name: view
  labels: { kubernetes.io/bootstrapping: rbac-defaults }
rules:
- apiGroups: [""]
  resources: ["pods", "pods/log", "configmaps", "services", "endpoints", "namespaces"]
  verbs: ["get", "list", "watch"]
- apiGroups: ["apps"]
  resources: ["deployments", "replicasets"]
  verbs: ["get", "list", "watch"]
---
apiVersion: rbac.authorization.k8s.io/v1
kind: ClusterRole
metadata:
  name: edit
  labels: { kubernetes.io/bootstrapping: rbac-defaults }
rules:
- apiGroups: [""]
  resources: ["pods", "pods/log", "configmaps", "services", "endpoints", "secrets"]
  verbs: ["get", "list", "watch", "create", "update", "patch", "delete"]
- apiGroups: [""]
  resources: ["namespaces"]
  verbs: ["get", "list", "watch"]
- apiGroups: [""]
  resources: ["pods/exec"]
  verbs: ["create", "get"]
- apiGroups: ["apps"]
  resources: ["deployments", "replicasets"]
  verbs: ["get", "list", "watch", "create", "update", "patch", "delete"]
`;

export const yamlDocs = (...docs: string[]) => [BOOTSTRAP_YAML, ...docs].map((d) => d.trim()).join("\n---\n") + "\n";
