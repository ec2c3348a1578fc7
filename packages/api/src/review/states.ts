import { z } from "zod";

/** States a reviewer can set; stored in the review record. */
export const StoredStateSchema = z.enum(["ACTIVE", "CLAIMED", "SUCCEEDED", "FAILED", "DISMISSED"]);

/**
 * States a reader sees. Two are derived, never stored: OUTDATED (a claim whose content a newer report changed)
 * and RESOLVED (a reviewed recommendation the newest report no longer makes: what it would remove got used,
 * or the access went away).
 */
export const ReviewStateSchema = z.enum([...StoredStateSchema.options, "OUTDATED", "RESOLVED"]);

export type StoredState = z.infer<typeof StoredStateSchema>;
export type ReviewState = z.infer<typeof ReviewStateSchema>;

/**
 * The lifecycle, after Google's IAM Recommender: claimed content is frozen until the change is reported as
 * applied or failed. An OUTDATED claim may be released back to ACTIVE so the newer content can be reviewed.
 */
const NEXT: Record<ReviewState, readonly StoredState[]> = {
  ACTIVE: ["CLAIMED", "DISMISSED"],
  DISMISSED: ["ACTIVE"],
  CLAIMED: ["SUCCEEDED", "FAILED"],
  OUTDATED: ["ACTIVE", "SUCCEEDED", "FAILED"],
  SUCCEEDED: ["FAILED"],
  FAILED: ["SUCCEEDED"],
  // Nothing left to decide; if a later report recommends it again, it reads as its stored state again.
  RESOLVED: [],
};

export function nextStates(from: ReviewState): readonly StoredState[] {
  return NEXT[from];
}

export function canTransition(from: ReviewState, to: StoredState): boolean {
  return NEXT[from].includes(to);
}
