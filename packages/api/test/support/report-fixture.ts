import { ReportSchema, type KubernetesObject, type PermissionUse, type Recommendation, type Report, type Subject } from "@rbac-recommender/core";

/**
 * Reports as the nightly run writes them, built from a short spec. Every report is checked against core's
 * ReportSchema before a test uses it.
 */
export interface RecommendationSpec {
  subject: Subject;
  kind?: Recommendation["kind"];
  priority?: Recommendation["priority"];
  /** The worst risk the change removes; absent when it removes none. */
  severity?: Recommendation["severity"];
  /** Makes a second recommendation for the same subject (an alternative) get its own id. */
  variant?: string;
  xorGroupId?: string;
  alternativeTo?: string;
  held?: string[];
  /** Verbs the generated Role grants; changing them changes the recommendation's content. */
  verbs?: string[];
  /** Evidence only: changes nightly without changing the content. */
  requests?: number;
}

export const WINDOW = { from: "2026-08-24T00:00:00.000Z", to: "2026-11-22T00:00:00.000Z" };

export function idOf(subject: Subject, variant?: string): string {
  const parts = subject.kind === "ServiceAccount" ? ["sa", subject.namespace, subject.name] : [subject.kind.toLowerCase(), subject.name];
  if (variant) parts.push(variant);
  return parts.join("-").toLowerCase().replace(/[^a-z0-9-]/g, "-");
}

function rbacSubject(subject: Subject) {
  return subject.kind === "ServiceAccount"
    ? { kind: "ServiceAccount", name: subject.name, namespace: subject.namespace }
    : { kind: subject.kind, name: subject.name, apiGroup: "rbac.authorization.k8s.io" };
}

function namespaceOf(subject: Subject): string {
  return subject.namespace ?? "default";
}

function generatedObjects(spec: RecommendationSpec, id: string): KubernetesObject[] {
  const namespace = namespaceOf(spec.subject);
  const name = `rbac-recommender-${id}`;
  return [
    {
      apiVersion: "rbac.authorization.k8s.io/v1",
      kind: "Role",
      metadata: { name, namespace, annotations: { "rbac-recommender.io/window": `${WINDOW.from}/${WINDOW.to}` } },
      rules: [{ apiGroups: [""], resources: ["configmaps"], verbs: spec.verbs ?? ["get", "list"] }],
    },
    {
      apiVersion: "rbac.authorization.k8s.io/v1",
      kind: "RoleBinding",
      metadata: { name, namespace },
      roleRef: { apiGroup: "rbac.authorization.k8s.io", kind: "Role", name },
      subjects: [rbacSubject(spec.subject)],
    },
  ];
}

function oldBinding(spec: RecommendationSpec, id: string): KubernetesObject {
  return {
    apiVersion: "rbac.authorization.k8s.io/v1",
    kind: "RoleBinding",
    metadata: { name: `${id}-edit`, namespace: namespaceOf(spec.subject) },
    roleRef: { apiGroup: "rbac.authorization.k8s.io", kind: "ClusterRole", name: "edit" },
    subjects: [rbacSubject(spec.subject)],
  };
}

function used(spec: RecommendationSpec, id: string): PermissionUse[] {
  return [
    {
      verb: "get",
      apiGroup: "",
      resource: "configmaps",
      namespace: namespaceOf(spec.subject),
      count: spec.requests ?? 10,
      firstSeen: "2026-09-01T10:00:00.000Z",
      lastSeen: "2026-11-20T10:00:00.000Z",
      days: 7,
      via: { kind: "RoleBinding", name: `${id}-edit`, namespace: namespaceOf(spec.subject) },
    },
  ];
}

export function recommendation(spec: RecommendationSpec): Recommendation {
  const id = idOf(spec.subject, spec.variant);
  // Alternatives for one subject replace the same binding.
  const subjectId = idOf(spec.subject);
  const kind = spec.kind ?? "REPLACE_ROLE";
  const old = oldBinding(spec, subjectId);
  const removed = { kind: "RoleBinding" as const, name: old.metadata.name, namespace: namespaceOf(spec.subject) };
  return {
    id,
    subject: spec.subject,
    kind,
    priority: spec.priority ?? "P3",
    ...(spec.severity ? { severity: spec.severity } : {}),
    ...(spec.xorGroupId ? { xorGroupId: spec.xorGroupId } : {}),
    ...(spec.alternativeTo ? { alternativeTo: spec.alternativeTo } : {}),
    ...(spec.held ? { held: spec.held } : {}),
    summary: kind === "REMOVE_BINDING" ? `${id} used nothing in 90 days: remove its binding` : `${id} uses 1 of 40 permissions of edit: replace it`,
    window: WINDOW,
    apply: kind === "REMOVE_BINDING" ? [] : generatedObjects(spec, id),
    remove: [removed],
    deleteBindings: [removed],
    rollback: [old],
    usage: { requests: kind === "REMOVE_BINDING" ? 0 : (spec.requests ?? 10), permissions: kind === "REMOVE_BINDING" ? [] : used(spec, subjectId) },
    denied: [{ verb: "delete", apiGroup: "", resource: "pods", namespace: namespaceOf(spec.subject), count: 1, firstSeen: WINDOW.to, lastSeen: WINDOW.to, days: 1 }],
    notGranted: [],
  };
}

export function report(specs: RecommendationSpec[], generatedAt = "2026-11-22T02:00:00.000Z"): Report {
  const value = {
    schemaVersion: 1 as const,
    generatedAt,
    mode: "rbac" as const,
    window: WINDOW,
    input: { files: 3, events: 1000, requests: 900, skipped: {} },
    recommendations: specs.map(recommendation),
    notAttributable: [{ user: "kubernetes-admin", reason: "system-masters" as const, requests: 5, permissions: [] }],
  };
  const checked = ReportSchema.safeParse(value);
  if (!checked.success) throw new Error(`fixture is not a valid report: ${checked.error.message}`);
  return value;
}

/**
 * Fourteen recommendations across namespaces, kinds, subject kinds, priorities and severities (most without
 * one: they remove no risky access), including an alternative
 * (same xorGroupId) and one held back for a data gap.
 */
export function nightlySpecs(): RecommendationSpec[] {
  const sa = (namespace: string, name: string): Subject => ({ kind: "ServiceAccount", namespace, name });
  return [
    { subject: sa("shop", "checkout"), priority: "P1", severity: "CRITICAL", xorGroupId: "sa-shop-checkout" },
    { subject: sa("shop", "checkout"), variant: "view", priority: "P2", severity: "HIGH", xorGroupId: "sa-shop-checkout", alternativeTo: "sa-shop-checkout" },
    { subject: sa("shop", "cart"), priority: "P2", severity: "HIGH" },
    { subject: sa("shop", "legacy-cron"), kind: "REMOVE_BINDING", priority: "P3", severity: "LOW" },
    { subject: sa("billing", "invoicer"), priority: "P1", severity: "CRITICAL" },
    { subject: sa("billing", "exporter"), kind: "REMOVE_BINDING", priority: "P4" },
    { subject: sa("ops", "backup"), priority: "P4" },
    { subject: sa("ops", "metrics"), priority: "P3" },
    { subject: { kind: "User", name: "alice@example.com" }, priority: "P2" },
    { subject: { kind: "User", name: "bob@example.com" }, priority: "P4", held: ["no audit data for 2026-11-20"] },
    { subject: { kind: "User", name: "oidc:Carol" }, kind: "REMOVE_BINDING", priority: "P3" },
    { subject: { kind: "User", name: "https://idp.example.com/#jane" }, priority: "P3" },
    { subject: { kind: "Group", name: "devs" }, priority: "P2" },
    { subject: { kind: "Group", name: "auditors" }, kind: "REMOVE_BINDING", priority: "P4" },
  ];
}
