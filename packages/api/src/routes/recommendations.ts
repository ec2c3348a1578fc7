import { createRoute } from "@hono/zod-openapi";
import { pageOf } from "../listing/page.ts";
import { detailView, summaryView } from "../review/views.ts";
import { DetailSchema, IdParamsSchema, ListQuerySchema, ListResponseSchema } from "../schemas.ts";
import { commonProblems, found, notFound, type ApiApp, type RouteDeps } from "./context.ts";

const list = createRoute({
  method: "get",
  path: "/v1/recommendations",
  summary: "Recommendations of the current report with their review state, highest priority first (state=RESOLVED: those it no longer makes)",
  request: { query: ListQuerySchema },
  responses: { 200: { description: "one page", content: { "application/json": { schema: ListResponseSchema } } }, ...commonProblems },
});

const detail = createRoute({
  method: "get",
  path: "/v1/recommendations/{id}",
  summary: "One recommendation with its evidence, review state, history and etag",
  request: { params: IdParamsSchema },
  responses: { 200: { description: "the recommendation", content: { "application/json": { schema: DetailSchema } } }, ...commonProblems, ...notFound },
});

export function registerRecommendationRoutes(app: ApiApp, deps: RouteDeps): void {
  app.openapi(list, async (c) => {
    const { limit, cursor, ...filter } = c.req.valid("query");
    // RESOLVED ones are only listed when asked for: they are not in the current report, and finding them reads older ones.
    const items = filter.state === "RESOLVED" ? await deps.catalog.resolved() : await deps.catalog.all();
    const page = pageOf(items, filter, limit, deps.cursors, cursor);
    return c.json({ items: page.items.map(summaryView), ...(page.nextCursor ? { nextCursor: page.nextCursor } : {}) }, 200);
  });

  app.openapi(detail, async (c) => {
    const { id } = c.req.valid("param");
    const item = found(await deps.catalog.one(id), id);
    c.header("etag", `"${item.etag}"`);
    return c.json(detailView(item), 200);
  });
}
