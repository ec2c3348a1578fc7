import { ApiProblem } from "../problem.ts";
import { contentHash } from "./content-hash.ts";
import type { ReviewRecord } from "./record.ts";
import type { ReviewedRecommendation } from "./reviewed-recommendation.ts";
import { canTransition, nextStates, type StoredState } from "./states.ts";

export interface StateChange {
  state: StoredState;
  actor: string;
  at: Date;
  reason?: string;
  ticket?: string;
  expiresAt?: string;
}

/** The review record after `change`, or a 409 naming the states `current` can move to. */
export function applyStateChange(current: ReviewedRecommendation, change: StateChange): ReviewRecord {
  if (!canTransition(current.state, change.state)) {
    const allowed = nextStates(current.state);
    throw new ApiProblem(
      409,
      "invalid-transition",
      `${current.recommendation.id} is ${current.state}; it can move to ${allowed.length ? allowed.join(", ") : "no other state"}, not ${change.state}`,
    );
  }
  if (change.state === "CLAIMED" && current.recommendation.held?.length) {
    throw new ApiProblem(409, "invalid-transition", `${current.recommendation.id} is held back (${current.recommendation.held.join("; ")}): apply nothing of it yet`);
  }
  const previous = current.review?.value;
  const entry = {
    from: current.state,
    to: change.state,
    actor: change.actor,
    at: change.at.toISOString(),
    ...(change.reason !== undefined ? { reason: change.reason } : {}),
    ...(change.ticket !== undefined ? { ticket: change.ticket } : {}),
    ...(change.expiresAt !== undefined ? { expiresAt: change.expiresAt } : {}),
  };
  return {
    schemaVersion: 1,
    id: current.recommendation.id,
    state: change.state,
    ...(change.state === "DISMISSED" && change.expiresAt ? { expiresAt: change.expiresAt } : {}),
    ...claimedContent(current, change.state, previous),
    history: [...(previous?.history ?? []), entry],
  };
}

/** Claiming freezes what the reviewer saw; applied/failed keep that; going back to ACTIVE lets it refresh. */
function claimedContent(current: ReviewedRecommendation, to: StoredState, previous: ReviewRecord | undefined): Pick<ReviewRecord, "claimed"> {
  if (to === "CLAIMED") return { claimed: { contentHash: contentHash(current.recommendation), recommendation: current.recommendation } };
  if ((to === "SUCCEEDED" || to === "FAILED") && previous?.claimed) return { claimed: previous.claimed };
  return {};
}
