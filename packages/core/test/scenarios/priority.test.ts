import { describe, expect, it } from "vitest";
import { event, expectSafe, jsonLines, mainFor, runScenario, yamlDocs, type EventSpec } from "./harness.ts";

/**
 * The risk catalogue as a reviewer meets it: what each subject would lose decides the priority of its
 * recommendation. A background workload (view in namespace bg) gives every case the same window.
 */
const BACKGROUND = `apiVersion: rbac.authorization.k8s.io/v1
kind: RoleBinding
metadata: { name: ticker-view, namespace: bg }
roleRef: { apiGroup: rbac.authorization.k8s.io, kind: ClusterRole, name: view }
subjects:
- { kind: ServiceAccount, name: ticker, namespace: bg }`;
const TICKS: EventSpec[] = ["2026-11-16T00:30:00Z", "2026-11-17T00:30:00Z", "2026-11-18T00:30:00Z"].map((at) => ({ user: "sa:bg:ticker", verb: "list", resource: "pods", namespace: "bg", at }));

const clusterRole = (name: string, rules: string) => `apiVersion: rbac.authorization.k8s.io/v1
kind: ClusterRole
metadata: { name: ${name} }
rules:
${rules}`;
const role = (ns: string, name: string, rules: string) => `apiVersion: rbac.authorization.k8s.io/v1
kind: Role
metadata: { name: ${name}, namespace: ${ns} }
rules:
${rules}`;
const crb = (name: string, roleName: string, subject: string) => `apiVersion: rbac.authorization.k8s.io/v1
kind: ClusterRoleBinding
metadata: { name: ${name} }
roleRef: { apiGroup: rbac.authorization.k8s.io, kind: ClusterRole, name: ${roleName} }
subjects:
- ${subject}`;
const rb = (ns: string, name: string, kind: string, roleName: string, subject: string) => `apiVersion: rbac.authorization.k8s.io/v1
kind: RoleBinding
metadata: { name: ${name}, namespace: ${ns} }
roleRef: { apiGroup: rbac.authorization.k8s.io, kind: ${kind}, name: ${roleName} }
subjects:
- ${subject}`;

const SECRETS_READ = `- apiGroups: [""]\n  resources: ["secrets"]\n  verbs: ["get", "list"]`;

interface Case {
  subject: string;
  rbac: string[];
  events: EventSpec[];
  kind: string;
  priority: string;
  severity: string | undefined;
  /** A removed risk at the worst severity (none: nothing risky is removed). */
  worstRisk: string | undefined;
  flags: string[];
}

const CASES: Array<[string, Case]> = [
  [
    "cluster-admin bound to a user who never used it",
    {
      subject: "User ops",
      rbac: [crb("ops-admin", "cluster-admin", "{ kind: User, apiGroup: rbac.authorization.k8s.io, name: ops }")],
      events: [],
      kind: "REMOVE_BINDING",
      priority: "P1",
      severity: "CRITICAL",
      worstRisk: "cluster-admin:CRITICAL",
      flags: [],
    },
  ],
  [
    "secrets read in an app namespace, unused",
    {
      subject: "User reader",
      rbac: [role("shop", "secret-reader", SECRETS_READ), rb("shop", "reader", "Role", "secret-reader", "{ kind: User, apiGroup: rbac.authorization.k8s.io, name: reader }")],
      events: [],
      kind: "REMOVE_BINDING",
      priority: "P2",
      severity: "HIGH",
      worstRisk: "secrets-read:HIGH",
      flags: [],
    },
  ],
  [
    "secrets read granted cluster-wide to system:authenticated, one secret used in staging",
    {
      subject: "Group system:authenticated",
      rbac: [clusterRole("secret-reader", SECRETS_READ), crb("legacy-secret-readers", "secret-reader", "{ kind: Group, apiGroup: rbac.authorization.k8s.io, name: \"system:authenticated\" }")],
      events: [{ user: "frank", verb: "get", resource: "secrets", namespace: "staging", name: "db", at: "2026-11-17T12:00:00Z" }],
      kind: "REPLACE_ROLE",
      priority: "P1",
      severity: "CRITICAL",
      worstRisk: "secrets-read:CRITICAL",
      flags: ["granted-to-everyone"],
    },
  ],
  [
    "secrets read in one namespace granted to system:authenticated, unused",
    {
      subject: "Group system:authenticated",
      rbac: [role("staging", "secret-reader", SECRETS_READ), rb("staging", "everyone-reads", "Role", "secret-reader", "{ kind: Group, apiGroup: rbac.authorization.k8s.io, name: \"system:authenticated\" }")],
      events: [],
      kind: "REMOVE_BINDING",
      priority: "P2",
      severity: "HIGH",
      worstRisk: "secrets-read:HIGH",
      flags: ["granted-to-everyone"],
    },
  ],
  [
    "the default service account with a binding, used by the app",
    {
      subject: "ServiceAccount payments/default",
      rbac: [role("payments", "app", `- apiGroups: [""]\n  resources: ["configmaps"]\n  verbs: ["get", "list"]`), rb("payments", "app", "Role", "app", "{ kind: ServiceAccount, name: default, namespace: payments }")],
      events: [{ user: "sa:payments:default", verb: "get", resource: "configmaps", namespace: "payments", name: "cfg", at: "2026-11-17T12:00:00Z" }],
      kind: "REPLACE_ROLE",
      priority: "P4",
      severity: undefined,
      worstRisk: undefined,
      flags: ["default-service-account"],
    },
  ],
  [
    "nothing risky: configmap reads in one namespace, unused",
    {
      subject: "User cm",
      rbac: [role("shop", "cm", `- apiGroups: [""]\n  resources: ["configmaps"]\n  verbs: ["get"]`), rb("shop", "cm", "Role", "cm", "{ kind: User, apiGroup: rbac.authorization.k8s.io, name: cm }")],
      events: [],
      kind: "REMOVE_BINDING",
      priority: "P4",
      severity: undefined,
      worstRisk: undefined,
      flags: [],
    },
  ],
  [
    "medium only: port-forward cluster-wide, unused",
    {
      subject: "User tunnel",
      rbac: [clusterRole("pf", `- apiGroups: [""]\n  resources: ["pods/portforward"]\n  verbs: ["create"]`), crb("tunnel", "pf", "{ kind: User, apiGroup: rbac.authorization.k8s.io, name: tunnel }")],
      events: [],
      kind: "REMOVE_BINDING",
      priority: "P3",
      severity: "MEDIUM",
      worstRisk: "pods-portforward:MEDIUM",
      flags: [],
    },
  ],
  [
    "the same port-forward granted to system:authenticated: at least HIGH",
    {
      subject: "Group system:authenticated",
      rbac: [clusterRole("pf", `- apiGroups: [""]\n  resources: ["pods/portforward"]\n  verbs: ["create"]`), crb("everyone-tunnels", "pf", "{ kind: Group, apiGroup: rbac.authorization.k8s.io, name: \"system:authenticated\" }")],
      events: [],
      kind: "REMOVE_BINDING",
      priority: "P2",
      severity: "HIGH",
      worstRisk: "pods-portforward:HIGH",
      flags: ["granted-to-everyone"],
    },
  ],
];

describe("priority follows the risk of what the change removes", () => {
  it.each(CASES)("%s", (_, c) => {
    const scenario = runScenario(jsonLines([...TICKS, ...c.events].map(event)), yamlDocs(BACKGROUND, ...c.rbac));
    const rec = mainFor(scenario.report, c.subject);
    const risks = rec.insight?.removedRisks.map((r) => `${r.check}:${r.severity}`) ?? [];
    const worst = risks.filter((r) => r.endsWith(`:${rec.severity}`));
    const worstRisk = c.worstRisk && worst.includes(c.worstRisk) ? c.worstRisk : worst.join(",") || undefined;
    expect({ kind: rec.kind, priority: rec.priority, severity: rec.severity, worstRisk, flags: rec.insight?.flags.map((f) => f.code) }).toEqual({
      kind: c.kind,
      priority: c.priority,
      severity: c.severity,
      worstRisk: c.worstRisk,
      flags: c.flags,
    });
    expectSafe(scenario);
  });

  it("names cluster-admin among the risks removed, and says so in the manifest header", () => {
    const scenario = runScenario(jsonLines(TICKS.map(event)), yamlDocs(BACKGROUND, CASES[0]![1].rbac[0]!));
    const rec = mainFor(scenario.report, "User ops");
    expect(rec.insight?.removedRisks).toContainEqual(expect.objectContaining({ check: "cluster-admin", severity: "CRITICAL" }));
    expect(rec.remove).toEqual([{ kind: "ClusterRoleBinding", name: "ops-admin" }]);
  });
});
