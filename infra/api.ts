import { results } from "./storage";

/**
 * The review API: one function serves every route (the same Hono app as `rbac-recommender serve`).
 * Every route but /healthz requires IAM authorization (SigV4); the caller's IAM ARN is the review actor.
 * The function reads the nightly results and writes review state under `reviews/` only: it can never
 * change what the nightly analysis published.
 */
export const reviewFunction = new sst.aws.Function("ReviewApiHandler", {
  handler: "packages/functions/src/api.handler",
  runtime: "nodejs22.x",
  architecture: "arm64",
  timeout: "30 seconds",
  memory: "1024 MB",
  environment: { RESULTS_BUCKET: results.name },
  permissions: [
    { actions: ["s3:ListBucket"], resources: [results.arn] },
    { actions: ["s3:GetObject"], resources: [$interpolate`${results.arn}/*`] },
    { actions: ["s3:PutObject"], resources: [$interpolate`${results.arn}/reviews/*`] },
  ],
});

export const api = new sst.aws.ApiGatewayV2("ReviewApi");
api.route("GET /healthz", reviewFunction.arn);
api.route("$default", reviewFunction.arn, { auth: { iam: true } });
