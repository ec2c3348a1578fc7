import { z } from "zod";

/**
 * The shapes of the report (`recommendations.json`), one zod schema each: used to validate what is read
 * back from a store, as the TypeScript types, and for the API's OpenAPI document.
 */

export const SubjectSchema = z.object({
  kind: z.enum(["User", "Group", "ServiceAccount"]),
  name: z.string().min(1),
  namespace: z.string().min(1).optional(),
});

export const BindingRefSchema = z.object({
  kind: z.enum(["RoleBinding", "ClusterRoleBinding"]),
  name: z.string().min(1),
  namespace: z.string().min(1).optional(),
});

/** One permission as it was exercised: the request attributes plus how often and when. */
export const PermissionUseSchema = z.object({
  verb: z.string(),
  /** "" for the core group; absent for non-resource URLs. */
  apiGroup: z.string().optional(),
  /** `resource` or `resource/subresource`; absent for non-resource URLs. */
  resource: z.string().optional(),
  /** "" or absent = cluster-scoped or across all namespaces. */
  namespace: z.string().optional(),
  /** The object name when the verb is name-restrictable (never for create/list/watch/deletecollection). */
  name: z.string().optional(),
  /** Non-resource URL path, without the query string. */
  path: z.string().optional(),
  count: z.number().int().nonnegative(),
  firstSeen: z.string(),
  lastSeen: z.string(),
  /** Distinct UTC days with at least one such request. */
  days: z.number().int().nonnegative(),
  /** The binding that allowed it (from the audit annotation, else by evaluation). */
  via: BindingRefSchema.optional(),
});

export const WindowSchema = z.object({ from: z.string(), to: z.string() });

/** Any Kubernetes object, as emitted in a change set (Role, ClusterRole, bindings, ServiceAccount). */
export const KubernetesObjectSchema = z
  .object({
    apiVersion: z.string(),
    kind: z.string(),
    metadata: z
      .object({
        name: z.string(),
        namespace: z.string().optional(),
        labels: z.record(z.string(), z.string()).optional(),
        annotations: z.record(z.string(), z.string()).optional(),
      })
      .loose(),
  })
  .loose();

/**
 * REPLACE_ROLE: generated minimal roles in place of the subject's bindings. REMOVE_BINDING: nothing was used
 * through the bindings. SCOPE_DOWN: a cluster-wide binding used in a few namespaces becomes RoleBindings
 * there. DROP_RULES: keep the role, drop the rules never used.
 */
export const RecommendationKindSchema = z.enum(["REPLACE_ROLE", "REMOVE_BINDING", "SCOPE_DOWN", "DROP_RULES"]);

export const SeveritySchema = z.enum(["CRITICAL", "HIGH", "MEDIUM", "LOW"]);
export const PrioritySchema = z.enum(["P1", "P2", "P3", "P4"]);

export const RiskFindingSchema = z.object({ check: z.string(), title: z.string(), severity: SeveritySchema });

export const RuleJsonSchema = z.object({
  verbs: z.array(z.string()),
  apiGroups: z.array(z.string()).optional(),
  resources: z.array(z.string()).optional(),
  resourceNames: z.array(z.string()).optional(),
  nonResourceURLs: z.array(z.string()).optional(),
});

/** What one binding grants the subject, and what of it was used in the window. */
export const BindingEvidenceSchema = z.object({
  binding: BindingRefSchema,
  role: z.object({ kind: z.enum(["Role", "ClusterRole"]), name: z.string() }),
  bootstrap: z.boolean(),
  createdAt: z.string().optional(),
  /** The window's start, or the binding's creation when it is younger (then `young`). */
  observedFrom: z.string(),
  young: z.boolean(),
  requests: z.number().int().nonnegative(),
  lastUsed: z.string().optional(),
  rules: z.array(
    z.object({
      rule: RuleJsonSchema,
      requests: z.number().int().nonnegative(),
      lastSeen: z.string().optional(),
      risks: z.array(RiskFindingSchema),
      /** The aggregated ClusterRoles a rule came from, when the role is aggregated. */
      from: z.array(z.string()).optional(),
    }),
  ),
  namespacesUsed: z.array(z.string()),
  /** Permission atoms (group/resource:verb over the cluster's known resources) granted and used. */
  granted: z.number().int().nonnegative(),
  used: z.number().int().nonnegative(),
});

export const InsightSchema = z.object({
  bindings: z.array(BindingEvidenceSchema),
  granted: z.number().int().nonnegative(),
  used: z.number().int().nonnegative(),
  unused: z.number().int().nonnegative(),
  /** unused / granted, 0 when nothing is granted. */
  excessRatio: z.number().min(0).max(1),
  /** Risky access the subject holds today that this change takes away. */
  removedRisks: z.array(RiskFindingSchema),
  flags: z.array(z.object({ code: z.string(), message: z.string() })),
});

export const ExceptionRecordSchema = z.object({ owner: z.string(), reason: z.string(), expires: z.string().optional() });

export const RecommendationSchema = z.object({
  /** URL-safe and stable across runs for the same subject. */
  id: z.string().regex(/^[a-z0-9][a-z0-9-]{0,99}$/),
  subject: SubjectSchema,
  kind: RecommendationKindSchema,
  /** One sentence a reviewer reads first. */
  summary: z.string(),
  window: WindowSchema,
  /** Objects to create (`kubectl apply -f`). */
  apply: z.array(KubernetesObjectSchema),
  /** Bindings to take this subject out of; a binding goes when it has no subject left. */
  remove: z.array(BindingRefSchema),
  /** The bindings in `remove` that name no other subject, so they are deleted rather than edited. */
  deleteBindings: z.array(BindingRefSchema).optional(),
  usage: z.object({
    /** Allowed requests attributed to this subject in the window. */
    requests: z.number().int().nonnegative(),
    permissions: z.array(PermissionUseSchema),
  }),
  /** Requests RBAC denied: "needed but not granted". Never granted unless --include-denied. */
  denied: z.array(PermissionUseSchema),
  /** Allowed when observed but not held by this subject today: reported, never emitted (no new access). */
  notGranted: z.array(PermissionUseSchema),
  /** P1 (critical access unused) … P4; the API lists by it. */
  priority: PrioritySchema,
  /** The worst severity among the risks this change removes. */
  severity: SeveritySchema.optional(),
  insight: InsightSchema.optional(),
  /** Alternatives exclude each other: apply at most one recommendation of a group. */
  xorGroupId: z.string().optional(),
  /** Set on an alternative: the id of the subject's main recommendation. */
  alternativeTo: z.string().optional(),
  /** Why removals are held back (data gaps, stale feed): apply nothing of a held recommendation. */
  held: z.array(z.string()).optional(),
  /** Bindings deliberately left in place, and why (too new to judge, keep-list). */
  kept: z.array(z.object({ binding: BindingRefSchema, reason: z.string() })).optional(),
  /** The objects this change modifies or removes, as they are today: apply them to undo the change. */
  rollback: z.array(KubernetesObjectSchema),
});

export const NotAttributableSchema = z.object({
  user: z.string(),
  /** Why RBAC cannot be recommended for it. */
  reason: z.enum(["system-masters", "non-rbac-authorizer", "system-user"]),
  requests: z.number().int().nonnegative(),
  permissions: z.array(PermissionUseSchema),
});

export const ReportSchema = z.object({
  schemaVersion: z.literal(1),
  generatedAt: z.string(),
  mode: z.enum(["rbac", "usage-only"]),
  window: WindowSchema,
  input: z.object({
    files: z.number().int().nonnegative(),
    events: z.number().int().nonnegative(),
    requests: z.number().int().nonnegative(),
    skipped: z.record(z.string(), z.number().int().nonnegative()),
  }),
  recommendations: z.array(RecommendationSchema),
  notAttributable: z.array(NotAttributableSchema),
  /** Whether the audit data can back removals (no missing day, fresh feed). */
  coverage: z
    .object({
      complete: z.boolean(),
      observedFrom: z.string().optional(),
      observedDays: z.number().int().nonnegative(),
      missingDays: z.array(z.string()),
      stale: z.boolean(),
      reasons: z.array(z.string()),
    })
    .optional(),
  /** Recommendations withheld by the keep-list, with who decided and until when. */
  excepted: z.array(z.object({ id: z.string(), subject: SubjectSchema, exception: ExceptionRecordSchema })).optional(),
  /** Subjects whose every binding is kept for now (keep-list, too new to judge): no change yet, and why. */
  withheld: z
    .array(z.object({ id: z.string(), subject: SubjectSchema, kept: z.array(z.object({ binding: BindingRefSchema, reason: z.string() })) }))
    .optional(),
  /** Subjects seen in the window for which no change is proposed, with what they were denied. */
  unchanged: z
    .array(z.object({ subject: SubjectSchema, requests: z.number().int().nonnegative(), denied: z.array(PermissionUseSchema) }))
    .optional(),
  /** What this analysis cannot see: never read its silence as "clean". */
  limits: z.array(z.string()).optional(),
});

export type Subject = z.infer<typeof SubjectSchema>;
export type BindingRefJson = z.infer<typeof BindingRefSchema>;
export type PermissionUse = z.infer<typeof PermissionUseSchema>;
export type KubernetesObject = z.infer<typeof KubernetesObjectSchema>;
export type RecommendationKind = z.infer<typeof RecommendationKindSchema>;
export type Recommendation = z.infer<typeof RecommendationSchema>;
export type NotAttributable = z.infer<typeof NotAttributableSchema>;
export type Report = z.infer<typeof ReportSchema>;
export type Priority = z.infer<typeof PrioritySchema>;
export type Insight = z.infer<typeof InsightSchema>;
export type BindingEvidenceJson = z.infer<typeof BindingEvidenceSchema>;
