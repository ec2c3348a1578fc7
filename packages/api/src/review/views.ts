import type { z } from "@hono/zod-openapi";
import type { DetailSchema, SummarySchema } from "../schemas.ts";
import type { ReviewedRecommendation } from "./reviewed-recommendation.ts";
import { nextStates } from "./states.ts";

export function summaryView(item: ReviewedRecommendation): z.infer<typeof SummarySchema> {
  const { id, subject, kind, priority, severity, summary, window, usage, xorGroupId, alternativeTo, held } = item.recommendation;
  return {
    id,
    subject,
    kind,
    priority,
    ...(severity ? { severity } : {}),
    summary,
    state: item.state,
    ...(item.resolvedBy ? { resolvedBy: item.resolvedBy } : {}),
    window,
    requests: usage.requests,
    ...(xorGroupId ? { xorGroupId } : {}),
    ...(alternativeTo ? { alternativeTo } : {}),
    ...(held?.length ? { held } : {}),
    etag: item.etag,
  };
}

export function detailView(item: ReviewedRecommendation): z.infer<typeof DetailSchema> {
  return {
    ...item.recommendation,
    review: {
      state: item.state,
      ...(item.expiresAt ? { expiresAt: item.expiresAt } : {}),
      ...(item.resolvedBy ? { resolvedBy: item.resolvedBy } : {}),
      next: [...nextStates(item.state)],
      history: item.review?.value.history ?? [],
    },
    etag: item.etag,
  };
}
