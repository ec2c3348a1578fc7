import { createRoute, z } from "@hono/zod-openapi";
import { renderBundle, renderManifest } from "@rbac-recommender/core";
import type { Context } from "hono";
import { renderRollback } from "../rollback.ts";
import { BundleQuerySchema, IdParamsSchema } from "../schemas.ts";
import { commonProblems, found, notFound, type ApiApp, type RouteDeps } from "./context.ts";

const yamlFile = (description: string) => ({ description, content: { "application/yaml": { schema: z.string() } } });

const manifest = createRoute({
  method: "get",
  path: "/v1/recommendations/{id}/manifest.yaml",
  summary: "The change as a file for kubectl apply -f; removals are stated in the comment header",
  request: { params: IdParamsSchema },
  responses: { 200: yamlFile("multi-document YAML"), ...commonProblems, ...notFound },
});

const rollback = createRoute({
  method: "get",
  path: "/v1/recommendations/{id}/rollback.yaml",
  summary: "The RBAC objects the change edits or deletes, as they were before it",
  request: { params: IdParamsSchema },
  responses: { 200: yamlFile("multi-document YAML"), ...commonProblems, ...notFound },
});

const bundle = createRoute({
  method: "get",
  path: "/v1/manifests.yaml",
  summary: "Every recommendation in one state (default CLAIMED: approved for rollout) as one file",
  request: { query: BundleQuerySchema },
  responses: { 200: yamlFile("multi-document YAML"), ...commonProblems },
});

function yamlAttachment(c: Context, filename: string, text: string) {
  return c.body(text, 200, {
    "content-type": "application/yaml; charset=utf-8",
    "content-disposition": `attachment; filename="${filename}"`,
  });
}

export function registerManifestRoutes(app: ApiApp, deps: RouteDeps): void {
  app.openapi(manifest, async (c) => {
    const { id } = c.req.valid("param");
    const item = found(await deps.catalog.one(id), id);
    return yamlAttachment(c, `${id}.yaml`, renderManifest(item.recommendation));
  });

  app.openapi(rollback, async (c) => {
    const { id } = c.req.valid("param");
    const item = found(await deps.catalog.one(id), id);
    return yamlAttachment(c, `${id}-rollback.yaml`, renderRollback(item.recommendation));
  });

  app.openapi(bundle, async (c) => {
    const { state } = c.req.valid("query");
    const items = (await deps.catalog.all()).filter((item) => item.state === state);
    return yamlAttachment(c, `${state.toLowerCase()}.yaml`, renderBundle(items.map((item) => item.recommendation)));
  });
}
