import { z } from "zod";

/**
 * One zod schema per external shape, parsing what the API server (or a manifest) holds into the types of
 * model.ts. Unknown fields are dropped; null is read as absent, because `kubectl get -o yaml` writes
 * `rules: null` for an aggregated ClusterRole and `creationTimestamp: null` for generated objects.
 * Older RBAC API versions are read as v1: their shapes are the same for everything read here.
 */

export const RBAC_GROUP = "rbac.authorization.k8s.io";
const RBAC_V1 = `${RBAC_GROUP}/v1` as const;

const rbacApiVersion = z
  .enum([RBAC_V1, `${RBAC_GROUP}/v1beta1`, `${RBAC_GROUP}/v1alpha1`])
  .optional()
  .transform(() => RBAC_V1);
const coreApiVersion = z
  .literal("v1")
  .optional()
  .transform(() => "v1" as const);

const optional = <T extends z.ZodType>(schema: T) => schema.nullish().transform((v) => v ?? undefined);
const strings = z.array(z.string());
const stringMap = z.record(z.string(), z.string());

export const ObjectMetaSchema = z.object({
  name: z.string().min(1),
  namespace: optional(z.string()),
  labels: optional(stringMap),
  annotations: optional(stringMap),
  creationTimestamp: optional(z.string()),
  uid: optional(z.string()),
});

const NEEDS_NAMESPACE = "a namespaced object needs metadata.namespace";
const NamespacedMetaSchema = ObjectMetaSchema.extend({
  namespace: z.string({ error: NEEDS_NAMESPACE }).min(1, NEEDS_NAMESPACE),
});
/** A namespace on a cluster-scoped object means nothing to the API server, so it is dropped. */
const ClusterMetaSchema = ObjectMetaSchema.omit({ namespace: true });

export const PolicyRuleSchema = z.object({
  verbs: strings,
  apiGroups: optional(strings),
  resources: optional(strings),
  resourceNames: optional(strings),
  nonResourceURLs: optional(strings),
});

export const LabelSelectorSchema = z.object({
  matchLabels: optional(stringMap),
  matchExpressions: optional(
    z.array(
      z.object({
        key: z.string(),
        operator: z.enum(["In", "NotIn", "Exists", "DoesNotExist"]),
        values: optional(strings),
      }),
    ),
  ),
});

const rules = z
  .array(PolicyRuleSchema)
  .nullish()
  .transform((v) => v ?? []);

export const RoleSchema = z.object({
  apiVersion: rbacApiVersion,
  kind: z.literal("Role"),
  metadata: NamespacedMetaSchema,
  rules,
});

export const ClusterRoleSchema = z.object({
  apiVersion: rbacApiVersion,
  kind: z.literal("ClusterRole"),
  metadata: ClusterMetaSchema,
  rules,
  aggregationRule: optional(z.object({ clusterRoleSelectors: optional(z.array(LabelSelectorSchema)) })),
});

export const RoleRefSchema = z.object({
  apiGroup: optional(z.string()).transform((v) => v ?? RBAC_GROUP),
  kind: z.enum(["Role", "ClusterRole"]),
  name: z.string().min(1),
});

export const BindingSubjectSchema = z.object({
  kind: z.enum(["User", "Group", "ServiceAccount"]),
  name: z.string().min(1),
  namespace: optional(z.string()),
  apiGroup: optional(z.string()),
});

const subjects = optional(z.array(BindingSubjectSchema));

export const RoleBindingSchema = z.object({
  apiVersion: rbacApiVersion,
  kind: z.literal("RoleBinding"),
  metadata: NamespacedMetaSchema,
  roleRef: RoleRefSchema,
  subjects,
});

export const ClusterRoleBindingSchema = z.object({
  apiVersion: rbacApiVersion,
  kind: z.literal("ClusterRoleBinding"),
  metadata: ClusterMetaSchema,
  roleRef: RoleRefSchema,
  subjects,
});

/** Loose: a change to one field must re-apply the others (imagePullSecrets, secrets) exactly as they are. */
export const ServiceAccountSchema = z
  .object({
    apiVersion: coreApiVersion,
    kind: z.literal("ServiceAccount"),
    metadata: NamespacedMetaSchema,
    automountServiceAccountToken: optional(z.boolean()),
  })
  .loose();

export const NamespaceSchema = z.object({
  apiVersion: coreApiVersion,
  kind: z.literal("Namespace"),
  metadata: ClusterMetaSchema,
});

/** The schema for each kind read, and the API group it must come from ("" = core). */
export const RBAC_KINDS = {
  Role: { group: RBAC_GROUP, schema: RoleSchema },
  ClusterRole: { group: RBAC_GROUP, schema: ClusterRoleSchema },
  RoleBinding: { group: RBAC_GROUP, schema: RoleBindingSchema },
  ClusterRoleBinding: { group: RBAC_GROUP, schema: ClusterRoleBindingSchema },
  ServiceAccount: { group: "", schema: ServiceAccountSchema },
  Namespace: { group: "", schema: NamespaceSchema },
} as const;

export type RbacKind = keyof typeof RBAC_KINDS;
