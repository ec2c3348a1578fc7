import { handle } from "hono/aws-lambda";
import { storeFromUrl, type ResultsStore } from "@rbac-recommender/adapters";
import { createApp } from "./app.ts";
import { iamCaller } from "./auth.ts";

/**
 * The same application behind API Gateway (HTTP API, payload v2) with IAM authorization on every route: the
 * actor recorded in review history is the caller's IAM ARN.
 */
export function createLambdaHandler(store: string | ResultsStore, cursorSecret: string) {
  const results = typeof store === "string" ? storeFromUrl(store) : store;
  // Every response is text (JSON, problem+json, YAML); hono's default would base64 application/yaml as binary.
  return handle(createApp({ store: results, authenticate: iamCaller(), cursorSecret }), { isContentTypeBinary: () => false });
}
