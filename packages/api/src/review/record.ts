import { z } from "zod";
import { RecommendationSchema } from "@rbac-recommender/core";
import { ReviewStateSchema, StoredStateSchema } from "./states.ts";

/** Keeps fields newer writers add (priority, rollback) instead of stripping them from frozen content. */
export const ServedRecommendationSchema = RecommendationSchema.loose();

export const TransitionSchema = z.object({
  from: ReviewStateSchema,
  to: StoredStateSchema,
  /** The caller's IAM ARN in AWS; `local-token` behind `serve`. */
  actor: z.string(),
  at: z.string(),
  reason: z.string().optional(),
  ticket: z.string().optional(),
  expiresAt: z.string().optional(),
});

/**
 * One recommendation's review, stored apart from the nightly results (`reviews/<id>.json`) so a nightly run
 * can never overwrite a decision. `claimed` is the content as approved, kept through SUCCEEDED and FAILED.
 */
export const ReviewRecordSchema = z.object({
  schemaVersion: z.literal(1),
  id: RecommendationSchema.shape.id,
  state: StoredStateSchema,
  /** DISMISSED only: after this instant the recommendation reads as ACTIVE again. */
  expiresAt: z.string().optional(),
  claimed: z.object({ contentHash: z.string(), recommendation: ServedRecommendationSchema }).optional(),
  history: z.array(TransitionSchema),
});

export type Transition = z.infer<typeof TransitionSchema>;
export type ReviewRecord = z.infer<typeof ReviewRecordSchema>;
