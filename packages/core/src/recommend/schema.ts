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

export const RecommendationKindSchema = z.enum(["REPLACE_ROLE", "REMOVE_BINDING"]);

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
});

export type Subject = z.infer<typeof SubjectSchema>;
export type BindingRefJson = z.infer<typeof BindingRefSchema>;
export type PermissionUse = z.infer<typeof PermissionUseSchema>;
export type KubernetesObject = z.infer<typeof KubernetesObjectSchema>;
export type RecommendationKind = z.infer<typeof RecommendationKindSchema>;
export type Recommendation = z.infer<typeof RecommendationSchema>;
export type NotAttributable = z.infer<typeof NotAttributableSchema>;
export type Report = z.infer<typeof ReportSchema>;
