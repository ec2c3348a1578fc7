import type { ApiApp } from "./context.ts";

export const OPENAPI_INFO = {
  openapi: "3.0.3",
  info: {
    title: "rbac-recommender review API",
    version: "1",
    description: "Least-privilege RBAC recommendations from Kubernetes audit logs, and their review lifecycle.",
  },
  security: [{ bearer: [] }, { sigv4: [] }] as Array<Record<string, string[]>>,
};

export function registerSystemRoutes(app: ApiApp): void {
  app.openAPIRegistry.registerComponent("securitySchemes", "bearer", { type: "http", scheme: "bearer", description: "`serve --token`" });
  app.openAPIRegistry.registerComponent("securitySchemes", "sigv4", {
    type: "apiKey",
    name: "Authorization",
    in: "header",
    description: "AWS: API Gateway IAM authorization (SigV4-signed requests)",
  });
  app.doc("/openapi.json", OPENAPI_INFO);
}
