import { describeSubject } from "@rbac-recommender/core";
import { z } from "zod";
import type { ReviewedRecommendation } from "../review/reviewed-recommendation.ts";

/** Position in the listing: priority (P1 first), then subject, then id, which makes the order total. */
export const SortKeySchema = z.tuple([z.number().int().min(1).max(4), z.string(), z.string()]);
export type SortKey = z.infer<typeof SortKeySchema>;

export function sortKey({ recommendation }: ReviewedRecommendation): SortKey {
  return [Number(recommendation.priority.slice(1)), describeSubject(recommendation.subject), recommendation.id];
}

export function compareSortKeys(a: SortKey, b: SortKey): number {
  if (a[0] !== b[0]) return a[0] - b[0];
  for (const i of [1, 2] as const) if (a[i] !== b[i]) return a[i] < b[i] ? -1 : 1;
  return 0;
}
