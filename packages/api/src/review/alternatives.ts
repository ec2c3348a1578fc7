import { ApiProblem } from "../problem.ts";
import type { ReviewedRecommendation } from "./reviewed-recommendation.ts";
import type { ReviewState } from "./states.ts";

/** States in which a recommendation's change is, or is about to be, in the cluster. */
const TAKEN: readonly ReviewState[] = ["CLAIMED", "OUTDATED", "SUCCEEDED"];

/**
 * Alternatives (one xorGroupId) exclude each other: once one is claimed or applied, claiming another would
 * apply two contradicting changes for one subject. Checked on read, so two claims landing in the same instant
 * can still both pass; the history shows it.
 */
export function assertNoAlternativeTaken(item: ReviewedRecommendation, all: readonly ReviewedRecommendation[]): void {
  const group = item.recommendation.xorGroupId;
  if (!group) return;
  const taken = all.find((other) => other.recommendation.xorGroupId === group && other.recommendation.id !== item.recommendation.id && TAKEN.includes(other.state));
  if (taken) {
    throw new ApiProblem(409, "invalid-transition", `alternative ${taken.recommendation.id} is already ${taken.state}; apply at most one of group ${group}`);
  }
}
