import { createRoute } from "@hono/zod-openapi";
import { ApiProblem } from "../problem.ts";
import { readLatestRun, readRuns } from "../results/run-records.ts";
import { RunListSchema, RunSchema, RunsQuerySchema } from "../schemas.ts";
import { commonProblems, type ApiApp, type RouteDeps } from "./context.ts";

const runs = createRoute({
  method: "get",
  path: "/v1/runs",
  summary: "Nightly run records, newest first, and which run's report is served",
  request: { query: RunsQuerySchema },
  responses: { 200: { description: "run records", content: { "application/json": { schema: RunListSchema } } }, ...commonProblems },
});

const latest = createRoute({
  method: "get",
  path: "/v1/runs/latest",
  summary: "The most recent nightly run, whatever its status",
  responses: {
    200: { description: "run record", content: { "application/json": { schema: RunSchema } } },
    ...commonProblems,
    404: { description: "no run yet" },
  },
});

export function registerRunRoutes(app: ApiApp, deps: RouteDeps): void {
  app.openapi(runs, async (c) => c.json(await readRuns(deps.store, c.req.valid("query").limit), 200));
  app.openapi(latest, async (c) => {
    const run = await readLatestRun(deps.store);
    if (!run) throw new ApiProblem(404, "not-found", "no nightly run has been recorded yet");
    return c.json(run, 200);
  });
}
