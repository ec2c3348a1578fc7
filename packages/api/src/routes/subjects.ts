import { createRoute } from "@hono/zod-openapi";
import { sameSubject, type BindingRefJson, type Report, type Subject } from "@rbac-recommender/core";
import { ApiProblem } from "../problem.ts";
import type { ReviewedRecommendation } from "../review/reviewed-recommendation.ts";
import { summaryView } from "../review/views.ts";
import { NamedSubjectParamsSchema, ServiceAccountParamsSchema, SubjectResponseSchema } from "../schemas.ts";
import { commonProblems, type ApiApp, type RouteDeps } from "./context.ts";

const problem404 = { 404: { description: "nothing recorded for this subject" } };
const ok = { 200: { description: "usage evidence", content: { "application/json": { schema: SubjectResponseSchema } } } };

const serviceAccount = createRoute({
  method: "get",
  path: "/v1/subjects/ServiceAccount/{namespace}/{name}",
  summary: "What a service account used, holds and was denied",
  request: { params: ServiceAccountParamsSchema },
  responses: { ...ok, ...commonProblems, ...problem404 },
});

const named = createRoute({
  method: "get",
  path: "/v1/subjects/{kind}/{name}",
  summary: "What a user or group used, holds and was denied (URL-encode names with / or :)",
  request: { params: NamedSubjectParamsSchema },
  responses: { ...ok, ...commonProblems, ...problem404 },
});

function bindingKey(b: BindingRefJson): string {
  return `${b.kind}/${b.namespace ?? ""}/${b.name}`;
}

/** The bindings behind the subject's access: those its recommendation edits plus those that allowed its use. */
function holds(item: ReviewedRecommendation): BindingRefJson[] {
  const r = item.recommendation;
  const all = [...r.remove, ...r.usage.permissions.flatMap((p) => (p.via ? [p.via] : []))];
  return [...new Map(all.map((b) => [bindingKey(b), b])).values()];
}

function evidence(subject: Subject, items: ReviewedRecommendation[], report: Report | undefined) {
  const item = items.find((i) => !i.recommendation.alternativeTo) ?? items[0];
  if (item) {
    const r = item.recommendation;
    const alternatives = items.filter((i) => i !== item).map(summaryView);
    return { subject, recommendation: summaryView(item), alternatives, window: r.window, requests: r.usage.requests, used: r.usage.permissions, holds: holds(item), denied: r.denied, notGranted: r.notGranted };
  }
  // Users RBAC cannot describe (system:masters, other authorizers) have usage but no recommendation.
  const unattributable = subject.kind === "User" ? report?.notAttributable.find((n) => n.user === subject.name) : undefined;
  if (!report || !unattributable) throw new ApiProblem(404, "not-found", "the current report records nothing for this subject");
  const { requests, permissions: used, reason } = unattributable;
  return { subject, alternatives: [], window: report.window, requests, used, holds: [], denied: [], notGranted: [], notAttributable: reason };
}

async function lookUp(deps: RouteDeps, subject: Subject) {
  const [items, published] = await Promise.all([deps.catalog.all(), deps.catalog.published()]);
  return evidence(subject, items.filter((item) => sameSubject(item.recommendation.subject, subject)), published?.report);
}

export function registerSubjectRoutes(app: ApiApp, deps: RouteDeps): void {
  app.openapi(serviceAccount, async (c) => {
    const { namespace, name } = c.req.valid("param");
    return c.json(await lookUp(deps, { kind: "ServiceAccount", namespace, name }), 200);
  });
  app.openapi(named, async (c) => {
    const { kind, name } = c.req.valid("param");
    return c.json(await lookUp(deps, { kind, name }), 200);
  });
}
