import type { APIGatewayProxyEventV2WithIAMAuthorizer, APIGatewayProxyStructuredResultV2 } from "aws-lambda";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { publishNightly } from "../packages/api/test/support/nightly.ts";
import { nightlySpecs, report } from "../packages/api/test/support/report-fixture.ts";
import { openS3Store, type TestStore } from "../packages/api/test/support/stores.ts";

const CALLER = "arn:aws:sts::123456789012:assumed-role/PlatformReviewer/jane";

/** An HTTP API (payload 2.0) event as API Gateway sends it for a route with IAM authorization. */
function apiGatewayEvent(method: string, rawPath: string, options: { query?: string; body?: string; caller?: string | null } = {}) {
  const caller = options.caller === undefined ? CALLER : options.caller;
  const headers: Record<string, string> = { host: "abc123.execute-api.eu-west-1.amazonaws.com", "user-agent": "aws-cli/2" };
  if (options.body !== undefined) {
    headers["content-type"] = "application/json";
    headers["content-length"] = String(Buffer.byteLength(options.body));
  }
  return {
    version: "2.0",
    routeKey: "$default",
    rawPath,
    rawQueryString: options.query ?? "",
    headers,
    requestContext: {
      accountId: "123456789012",
      apiId: "abc123",
      authorizer: caller
        ? { iam: { accessKey: "ASIAEXAMPLE", accountId: "123456789012", callerId: "AROAEXAMPLE:jane", cognitoIdentity: null, principalOrgId: null, userArn: caller, userId: "AROAEXAMPLE:jane" } }
        : undefined,
      domainName: "abc123.execute-api.eu-west-1.amazonaws.com",
      domainPrefix: "abc123",
      http: { method, path: rawPath, protocol: "HTTP/1.1", sourceIp: "203.0.113.7", userAgent: "aws-cli/2" },
      requestId: "Jd8mQhZ2oAMEb-w=",
      routeKey: "$default",
      stage: "$default",
      time: "22/Nov/2026:08:00:00 +0000",
      timeEpoch: 1795420800000,
    },
    isBase64Encoded: false,
    ...(options.body !== undefined ? { body: options.body } : {}),
  } as unknown as APIGatewayProxyEventV2WithIAMAuthorizer;
}

describe("the review API as an API Gateway → Lambda handler", () => {
  let testStore: TestStore;
  let handler: (event: APIGatewayProxyEventV2WithIAMAuthorizer) => Promise<APIGatewayProxyStructuredResultV2>;

  beforeAll(async () => {
    testStore = await openS3Store();
    await publishNightly(testStore.store, report(nightlySpecs()), "20261122T020000Z-0000aa");
    const bucket = testStore.url.slice("s3://".length).split("/")[0]!;
    Object.assign(process.env, { RESULTS_BUCKET: bucket, RESULTS_PREFIX: "cluster-a" });
    handler = (await import("../packages/functions/src/api.ts")).handler as never;
  });
  afterAll(async () => {
    await testStore?.close();
  });

  it("lists recommendations for an IAM-authorized caller", async () => {
    const res = await handler(apiGatewayEvent("GET", "/v1/recommendations", { query: "kind=REMOVE_BINDING&limit=2" }));
    expect(res.statusCode).toBe(200);
    const body = JSON.parse(res.body!);
    expect(body.items).toHaveLength(2);
    expect(body.nextCursor).toEqual(expect.any(String));
    const next = await handler(apiGatewayEvent("GET", "/v1/recommendations", { query: `kind=REMOVE_BINDING&limit=2&cursor=${encodeURIComponent(body.nextCursor)}` }));
    expect(JSON.parse(next.body!).items).toHaveLength(2);
  });

  it("records the caller's IAM ARN as the actor of a review decision", async () => {
    const detail = await handler(apiGatewayEvent("GET", "/v1/recommendations/sa-shop-checkout"));
    const { etag } = JSON.parse(detail.body!);
    const res = await handler(apiGatewayEvent("POST", "/v1/recommendations/sa-shop-checkout/state", { body: JSON.stringify({ state: "CLAIMED", etag }) }));
    expect(res.statusCode).toBe(200);
    expect(JSON.parse(res.body!).review.history[0]).toMatchObject({ to: "CLAIMED", actor: CALLER });
  });

  it("serves the manifest as YAML", async () => {
    const res = await handler(apiGatewayEvent("GET", "/v1/recommendations/sa-shop-cart/manifest.yaml"));
    expect(res.statusCode).toBe(200);
    expect(res.headers?.["content-type"]).toContain("application/yaml");
    expect(res.body).toContain("kind: Role");
  });

  it("refuses a request that carries no IAM identity", async () => {
    const res = await handler(apiGatewayEvent("GET", "/v1/recommendations", { caller: null }));
    expect(res.statusCode).toBe(401);
    expect(JSON.parse(res.body!).type).toBe("urn:rbac-recommender:problem:unauthorized");
  });
});
