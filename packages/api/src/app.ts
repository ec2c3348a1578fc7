import { randomBytes } from "node:crypto";
import { OpenAPIHono } from "@hono/zod-openapi";
import type { ResultsStore } from "@rbac-recommender/adapters";
import type { Context } from "hono";
import { bodyLimit } from "hono/body-limit";
import { HTTPException } from "hono/http-exception";
import type { Authenticator } from "./auth.ts";
import { CursorCodec } from "./listing/cursor.ts";
import { ApiProblem, problemResponse } from "./problem.ts";
import { ReviewCatalog } from "./review/review-catalog.ts";
import type { ApiEnv, RouteDeps } from "./routes/context.ts";
import { registerManifestRoutes } from "./routes/manifests.ts";
import { registerRecommendationRoutes } from "./routes/recommendations.ts";
import { registerReviewRoutes } from "./routes/review.ts";
import { registerRunRoutes } from "./routes/runs.ts";
import { registerSubjectRoutes } from "./routes/subjects.ts";
import { registerSystemRoutes } from "./routes/system.ts";

export interface ApiDeps {
  store: ResultsStore;
  authenticate: Authenticator;
  now?: () => Date;
  /** Signs page cursors; Lambda instances must share one (else a cursor from one instance fails on another). */
  cursorSecret?: string;
}

export const MAX_BODY_BYTES = 16 * 1024;

function zodIssues(error: { issues: ReadonlyArray<{ path: ReadonlyArray<PropertyKey>; message: string }> }): string {
  return error.issues.map((issue) => `${issue.path.map(String).join(".") || "(root)"}: ${issue.message}`).join("; ");
}

const tooLarge = () => new ApiProblem(413, "payload-too-large", `request body is over ${MAX_BODY_BYTES} bytes`);

function toProblem(error: unknown): ApiProblem {
  if (error instanceof ApiProblem) return error;
  if (error instanceof HTTPException) {
    if (error.status === 413) return tooLarge();
    if (error.status === 415) return new ApiProblem(415, "unsupported-media-type", "send the body as Content-Type: application/json");
    if (error.status === 400) return new ApiProblem(400, "invalid-request", error.message || "malformed request");
  }
  console.error(error);
  return new ApiProblem(500, "internal-error", "the server failed; the error is in its log");
}

/** One application for Lambda and `serve`: routes, validation and errors are defined once. */
export function createApp(deps: ApiDeps) {
  const now = deps.now ?? (() => new Date());
  const app = new OpenAPIHono<ApiEnv>({
    defaultHook: (result, c) => {
      if (!result.success) return problemResponse(c, new ApiProblem(400, "invalid-request", zodIssues(result.error)));
    },
  });
  const routeDeps: RouteDeps = {
    store: deps.store,
    catalog: new ReviewCatalog(deps.store, now),
    cursors: new CursorCodec(deps.cursorSecret ?? randomBytes(32).toString("base64url")),
    now,
  };

  app.onError((error, c) => problemResponse(c, toProblem(error)));
  app.notFound((c) => problemResponse(c, new ApiProblem(404, "not-found", `no route ${c.req.method} ${c.req.path}`)));
  app.use("*", async (c, next) => {
    await next();
    // Review state changes under the reader; no proxy or browser may serve a stale copy.
    c.header("cache-control", "no-store");
  });
  app.get("/healthz", (c) => c.json({ ok: true }));
  app.use("*", async (c: Context<ApiEnv>, next) => {
    const actor = deps.authenticate(c);
    if (!actor) throw new ApiProblem(401, "unauthorized", "send valid credentials (a bearer token locally, SigV4 in AWS)");
    c.set("actor", actor);
    await next();
  });
  app.use("*", bodyLimit({ maxSize: MAX_BODY_BYTES, onError: () => { throw tooLarge(); } }));

  registerRecommendationRoutes(app, routeDeps);
  registerManifestRoutes(app, routeDeps);
  registerReviewRoutes(app, routeDeps);
  registerSubjectRoutes(app, routeDeps);
  registerRunRoutes(app, routeDeps);
  registerSystemRoutes(app);
  return app;
}
