import { z } from "@hono/zod-openapi";
import {
  BindingRefSchema,
  PermissionUseSchema,
  PrioritySchema,
  RecommendationKindSchema,
  RecommendationSchema,
  SeveritySchema,
  SubjectSchema,
  WindowSchema,
} from "@rbac-recommender/core";
import { RunRecordSchema } from "@rbac-recommender/adapters";
import { TransitionSchema } from "./review/record.ts";
import { ReviewStateSchema, StoredStateSchema } from "./review/states.ts";

/**
 * The API's request and response shapes. Report shapes come from core's schemas, so validation, types and
 * `/openapi.json` cannot drift apart.
 */

const NoControlCharacters = /^[^\u0000-\u001f\u007f]*$/;
const Namespace = z.string().regex(/^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/).max(63);

export const ProblemSchema = z
  .object({ type: z.string(), title: z.string(), status: z.number().int(), detail: z.string() })
  .openapi("Problem");

export const IdParamsSchema = z.object({
  // clone(): schemas built before @hono/zod-openapi loaded lack .openapi(); a copy made now has it.
  id: RecommendationSchema.shape.id.clone().openapi({ param: { name: "id", in: "path" }, example: "sa-shop-checkout" }),
});

export const ListQuerySchema = z
  .object({
    state: ReviewStateSchema.optional(),
    priority: PrioritySchema.optional(),
    severity: SeveritySchema.optional().openapi({ description: "worst risk the change removes; recommendations removing no risky access have none" }),
    namespace: Namespace.optional(),
    kind: RecommendationKindSchema.optional(),
    q: z.string().min(1).max(256).regex(NoControlCharacters).optional().openapi({ description: "case-insensitive substring of the subject" }),
    limit: z.coerce.number().int().min(1).max(500).default(50),
    cursor: z.string().min(1).max(2048).optional(),
  })
  .strict();

export const BundleQuerySchema = z.object({ state: ReviewStateSchema.default("CLAIMED") }).strict();

export const RunsQuerySchema = z.object({ limit: z.coerce.number().int().min(1).max(1000).default(50) }).strict();

export const ReviewSchema = z
  .object({
    state: ReviewStateSchema,
    expiresAt: z.string().optional(),
    /** RESOLVED only: the run whose report first no longer had it. */
    resolvedBy: z.string().optional(),
    /** States this recommendation can move to now. */
    next: z.array(StoredStateSchema),
    history: z.array(TransitionSchema),
  })
  .openapi("Review");

export const SummarySchema = z
  .object({
    id: z.string(),
    subject: SubjectSchema,
    kind: RecommendationKindSchema,
    priority: PrioritySchema,
    severity: SeveritySchema.optional(),
    summary: z.string(),
    state: ReviewStateSchema,
    /** RESOLVED only: the run whose report first no longer had it. */
    resolvedBy: z.string().optional(),
    /** Alternatives share a group; apply at most one of it. */
    xorGroupId: z.string().optional(),
    alternativeTo: z.string().optional(),
    /** Why nothing of it should be applied now (data gaps, stale feed); it cannot be claimed. */
    held: z.array(z.string()).optional(),
    window: WindowSchema,
    requests: z.number().int(),
    etag: z.string(),
  })
  .openapi("RecommendationSummary");

export const ListResponseSchema = z.object({ items: z.array(SummarySchema), nextCursor: z.string().optional() });

export const DetailSchema = RecommendationSchema.extend({
  review: ReviewSchema,
  etag: z.string(),
}).openapi("ReviewedRecommendation");

export const StateChangeSchema = z
  .object({
    state: StoredStateSchema,
    etag: z.string().min(1).max(128),
    reason: z.string().min(1).max(2000).optional(),
    ticket: z.string().min(1).max(512).regex(NoControlCharacters).optional().openapi({ description: "ticket or pull-request link" }),
    expiresAt: z.iso.datetime({ offset: true }).optional().openapi({ description: "DISMISSED only: reads as ACTIVE again after this" }),
  })
  .strict()
  .superRefine((body, ctx) => {
    if (body.state === "DISMISSED" && !body.reason) ctx.addIssue({ code: "custom", path: ["reason"], message: "a dismissal needs a reason" });
    if (body.expiresAt && body.state !== "DISMISSED") ctx.addIssue({ code: "custom", path: ["expiresAt"], message: "only a dismissal can expire" });
  })
  .openapi("StateChange");

const SubjectKindParam = z.enum(["User", "Group"]).openapi({ param: { name: "kind", in: "path" } });
const SubjectName = z.string().min(1).max(512).regex(NoControlCharacters);

export const NamedSubjectParamsSchema = z.object({ kind: SubjectKindParam, name: SubjectName.openapi({ param: { name: "name", in: "path" } }) });
export const ServiceAccountParamsSchema = z.object({
  namespace: Namespace.openapi({ param: { name: "namespace", in: "path" } }),
  name: z.string().regex(/^[a-z0-9]([-a-z0-9.]*[a-z0-9])?$/).max(253).openapi({ param: { name: "name", in: "path" } }),
});

export const SubjectResponseSchema = z
  .object({
    subject: SubjectSchema,
    recommendation: SummarySchema.optional(),
    /** Other recommendations for the subject that exclude the main one (same xorGroupId). */
    alternatives: z.array(SummarySchema),
    window: WindowSchema.optional(),
    requests: z.number().int(),
    used: z.array(PermissionUseSchema),
    /** Bindings that grant the subject its access today (those its recommendation edits or that allowed use). */
    holds: z.array(BindingRefSchema),
    denied: z.array(PermissionUseSchema),
    notGranted: z.array(PermissionUseSchema),
    /** Why no RBAC recommendation can be made for this user, when that is the case. */
    notAttributable: z.string().optional(),
  })
  .openapi("SubjectEvidence");

export const RunListSchema = z.object({ items: z.array(RunRecordSchema), current: z.string().optional() });
export const RunSchema = RunRecordSchema.clone().openapi("Run");

export type StateChangeBody = z.infer<typeof StateChangeSchema>;
