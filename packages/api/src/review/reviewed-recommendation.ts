import type { Recommendation } from "@rbac-recommender/core";
import type { Stored } from "@rbac-recommender/adapters";
import { contentHash, digest } from "./content-hash.ts";
import type { ReviewRecord } from "./record.ts";
import type { ReviewState } from "./states.ts";

/** A recommendation as a reviewer sees it: the content served, its effective state and the etag covering both. */
export interface ReviewedRecommendation {
  recommendation: Recommendation;
  state: ReviewState;
  expiresAt?: string;
  /** The stored review, absent until someone first changes the state. */
  review?: Stored<ReviewRecord>;
  /** RESOLVED only: the run whose report first no longer had it. */
  resolvedBy?: string;
  etag: string;
}

function reviewed(
  recommendation: Recommendation,
  state: ReviewState,
  review: Stored<ReviewRecord> | undefined,
  extra: { expiresAt?: string; resolvedBy?: string } = {},
): ReviewedRecommendation {
  // The store's etag of the review changes on every write, the digest on every content or evidence refresh.
  const etag = digest({ content: recommendation, state, review: review?.etag ?? null, resolvedBy: extra.resolvedBy ?? null });
  return { recommendation, state, review, etag, ...extra };
}

/**
 * Stored states that turn RESOLVED when the newest report no longer has the recommendation: nothing of it is
 * in the cluster or on its way. A CLAIMED one reads OUTDATED instead (the claimer still has to report or
 * release it) and a SUCCEEDED one stays SUCCEEDED (applied: that is why it is gone).
 */
const RESOLVED_WHEN_GONE: ReadonlySet<ReviewRecord["state"]> = new Set(["ACTIVE", "DISMISSED", "FAILED"]);

export function resolvesWhenGone(review: Stored<ReviewRecord> | undefined): review is Stored<ReviewRecord> {
  return review !== undefined && RESOLVED_WHEN_GONE.has(review.value.state);
}

/** A reviewed recommendation as it was last recommended, with the run that stopped recommending it. */
export function resolvedRecommendation(lastSeen: Recommendation, review: Stored<ReviewRecord>, resolvedBy: string): ReviewedRecommendation {
  return reviewed(lastSeen, "RESOLVED", review, { resolvedBy });
}

/**
 * Combines the newest report's recommendation (if any) with its stored review (if any). Frozen content wins
 * for claimed-and-later states; a finished review whose content a newer report changed reopens as ACTIVE.
 * Undefined when the newest report lacks it and it is not a claim or an applied change: the catalog looks
 * up whether such a recommendation is RESOLVED (see `resolvesWhenGone`).
 */
export function reviewRecommendation(
  current: Recommendation | undefined,
  review: Stored<ReviewRecord> | undefined,
  now: Date,
): ReviewedRecommendation | undefined {
  const record = review?.value;
  if (!record) return current && reviewed(current, "ACTIVE", undefined);
  switch (record.state) {
    case "ACTIVE":
      return current && reviewed(current, "ACTIVE", review);
    case "DISMISSED": {
      if (!current) return undefined;
      const expired = record.expiresAt !== undefined && Date.parse(record.expiresAt) <= now.getTime();
      return expired ? reviewed(current, "ACTIVE", review) : reviewed(current, "DISMISSED", review, record.expiresAt ? { expiresAt: record.expiresAt } : {});
    }
    case "CLAIMED":
    case "SUCCEEDED":
    case "FAILED":
      return reviewFrozen(current, record, review);
  }
}

function reviewFrozen(current: Recommendation | undefined, record: ReviewRecord, review: Stored<ReviewRecord>): ReviewedRecommendation | undefined {
  const claimed = record.claimed;
  if (!claimed) return current && reviewed(current, "ACTIVE", review);
  if (!current && record.state === "FAILED") return undefined; // not applied, and no longer recommended: RESOLVED
  const changed = current === undefined || contentHash(current) !== claimed.contentHash;
  if (record.state === "CLAIMED") return reviewed(claimed.recommendation, changed ? "OUTDATED" : "CLAIMED", review);
  // Applied or failed, and the newest run recommends something else for the subject: a new round of review.
  if (current && changed) return reviewed(current, "ACTIVE", review);
  return reviewed(claimed.recommendation, record.state, review);
}
