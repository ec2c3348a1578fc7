import { RecommendationSchema } from "@rbac-recommender/core";
import { PreconditionFailedError, type ResultsStore, type Stored } from "@rbac-recommender/adapters";
import { ApiProblem } from "../problem.ts";
import { ReviewRecordSchema, type ReviewRecord } from "./record.ts";

/** Outside `nightly/`: the pipeline never writes here, so no run can lose a decision. */
const PREFIX = "reviews/";
const READS_IN_FLIGHT = 16;

function reviewKey(id: string): string {
  // Routes validate ids already; checking again here means no caller can turn an id into another key.
  if (!RecommendationSchema.shape.id.safeParse(id).success) throw new Error(`not a recommendation id: ${JSON.stringify(id)}`);
  return `${PREFIX}${id}.json`;
}

export async function readReview(store: ResultsStore, id: string): Promise<Stored<ReviewRecord> | undefined> {
  return store.getJson(reviewKey(id), ReviewRecordSchema);
}

/** Every stored review by recommendation id. Only reviewed recommendations have one, so this stays small. */
export async function readReviews(store: ResultsStore): Promise<Map<string, Stored<ReviewRecord>>> {
  const keys: string[] = [];
  for await (const key of store.list(PREFIX)) if (key.endsWith(".json")) keys.push(key);
  const reviews = new Map<string, Stored<ReviewRecord>>();
  // A few reads in flight at a time: enough to hide S3 latency without a burst per listing request.
  for (let start = 0; start < keys.length; start += READS_IN_FLIGHT) {
    const read = await Promise.all(keys.slice(start, start + READS_IN_FLIGHT).map((key) => store.getJson(key, ReviewRecordSchema)));
    for (const review of read) if (review) reviews.set(review.value.id, review);
  }
  return reviews;
}

/**
 * Writes only if the review is still the one the caller read (or still absent), so of two reviewers racing
 * on one recommendation exactly one wins; the other gets a 412 and nothing of theirs is stored.
 */
export async function writeReview(store: ResultsStore, record: ReviewRecord, previous: Stored<ReviewRecord> | undefined): Promise<void> {
  const condition = previous ? { ifMatch: previous.etag } : { ifNoneMatch: "*" as const };
  try {
    await store.putJson(reviewKey(record.id), record, condition);
  } catch (error) {
    if (error instanceof PreconditionFailedError) throw new ApiProblem(412, "stale-etag", `${record.id} was changed by someone else; read it again and retry`);
    throw error;
  }
}
