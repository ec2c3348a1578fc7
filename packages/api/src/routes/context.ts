import type { OpenAPIHono } from "@hono/zod-openapi";
import type { ResultsStore } from "@rbac-recommender/adapters";
import type { CursorCodec } from "../listing/cursor.ts";
import { ApiProblem } from "../problem.ts";
import type { ReviewCatalog } from "../review/review-catalog.ts";
import type { ReviewedRecommendation } from "../review/reviewed-recommendation.ts";
import { ProblemSchema } from "../schemas.ts";

export type ApiEnv = { Variables: { actor: string } };
export type ApiApp = OpenAPIHono<ApiEnv>;

export interface RouteDeps {
  store: ResultsStore;
  catalog: ReviewCatalog;
  cursors: CursorCodec;
  now: () => Date;
}

export function found(item: ReviewedRecommendation | undefined, id: string): ReviewedRecommendation {
  if (!item) throw new ApiProblem(404, "not-found", `no recommendation ${id} in the current report or the review history`);
  return item;
}

const problem = (description: string) => ({ description, content: { "application/problem+json": { schema: ProblemSchema } } });

/** Responses every authenticated route can give, for the OpenAPI document. */
export const commonProblems = {
  400: problem("invalid path, query or body"),
  401: problem("missing or invalid credentials"),
};
export const notFound = { 404: problem("no such recommendation") };
export const reviewProblems = { 409: problem("the state cannot move that way"), 412: problem("stale etag"), 413: problem("body over 16 KiB") };
