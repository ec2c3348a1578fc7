import type { Context } from "hono";
import type { ContentfulStatusCode } from "hono/utils/http-status";

/**
 * Every error the API returns is an RFC 9457 problem document, so clients handle one shape whatever failed.
 * `type` names the kind of problem; `detail` says what to change.
 */
export interface Problem {
  type: string;
  title: string;
  status: number;
  detail: string;
}

const TITLES = {
  "invalid-request": "Invalid request",
  unauthorized: "Unauthorized",
  "not-found": "Not found",
  "invalid-transition": "Invalid state transition",
  "stale-etag": "Stale etag",
  "payload-too-large": "Payload too large",
  "unsupported-media-type": "Unsupported media type",
  "method-not-allowed": "Method not allowed",
  "internal-error": "Internal error",
} as const;

export type ProblemKind = keyof typeof TITLES;

export class ApiProblem extends Error {
  constructor(
    readonly status: ContentfulStatusCode,
    readonly kind: ProblemKind,
    detail: string,
  ) {
    super(detail);
    this.name = "ApiProblem";
  }

  toJSON(): Problem {
    return { type: `urn:rbac-recommender:problem:${this.kind}`, title: TITLES[this.kind], status: this.status, detail: this.message };
  }
}

export function problemResponse(c: Context, problem: ApiProblem): Response {
  const headers: Record<string, string> = { "content-type": "application/problem+json" };
  if (problem.status === 401) headers["www-authenticate"] = 'Bearer realm="rbac-recommender"';
  return c.body(JSON.stringify(problem.toJSON()), problem.status, headers);
}
