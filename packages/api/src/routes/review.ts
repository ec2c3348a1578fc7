import { createRoute } from "@hono/zod-openapi";
import { ApiProblem } from "../problem.ts";
import { assertNoAlternativeTaken } from "../review/alternatives.ts";
import { writeReview } from "../review/review-records.ts";
import { applyStateChange } from "../review/transition.ts";
import { detailView } from "../review/views.ts";
import { DetailSchema, IdParamsSchema, StateChangeSchema, type StateChangeBody } from "../schemas.ts";
import { commonProblems, found, notFound, reviewProblems, type ApiApp, type RouteDeps } from "./context.ts";

const changeState = createRoute({
  method: "post",
  path: "/v1/recommendations/{id}/state",
  summary: "Move a recommendation through its review lifecycle (optimistic concurrency on etag)",
  request: {
    params: IdParamsSchema,
    body: { required: true, content: { "application/json": { schema: StateChangeSchema } } },
  },
  responses: {
    200: { description: "the recommendation after the change", content: { "application/json": { schema: DetailSchema } } },
    ...commonProblems,
    ...notFound,
    ...reviewProblems,
  },
});

/** Clients may echo the ETag header (quoted, perhaps weak) or the body's etag field; both mean the same. */
function bareEtag(etag: string): string {
  return etag.replace(/^W\//, "").replace(/^"(.*)"$/, "$1");
}

function checkExpiry(body: StateChangeBody, now: Date): void {
  if (body.expiresAt && Date.parse(body.expiresAt) <= now.getTime()) {
    throw new ApiProblem(400, "invalid-request", `expiresAt ${body.expiresAt} is not in the future`);
  }
}

export function registerReviewRoutes(app: ApiApp, deps: RouteDeps): void {
  app.openapi(changeState, async (c) => {
    const { id } = c.req.valid("param");
    const body = c.req.valid("json");
    const now = deps.now();
    checkExpiry(body, now);
    const current = found(await deps.catalog.one(id), id);
    if (bareEtag(body.etag) !== current.etag) {
      throw new ApiProblem(412, "stale-etag", `${id} changed since etag ${body.etag} was read; read it again, check the change, and retry`);
    }
    const { state, reason, ticket, expiresAt } = body;
    if (state === "CLAIMED") assertNoAlternativeTaken(current, await deps.catalog.all());
    const record = applyStateChange(current, { state, reason, ticket, expiresAt, actor: c.get("actor"), at: now });
    await writeReview(deps.store, record, current.review);
    const after = found(await deps.catalog.one(id), id);
    c.header("etag", `"${after.etag}"`);
    return c.json(detailView(after), 200);
  });
}

