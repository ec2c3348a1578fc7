import { createHash } from "node:crypto";
import { createLambdaHandler } from "@rbac-recommender/api";

/**
 * The review API behind API Gateway. Reads the results the nightly function writes (RESULTS_BUCKET,
 * RESULTS_PREFIX, as in infra) and keeps review state beside them.
 */
function required(name: string): string {
  const value = process.env[name]?.trim();
  if (!value) throw new Error(`missing environment variable ${name}`);
  return value;
}

type ApiHandler = ReturnType<typeof createLambdaHandler>;
let built: ApiHandler | undefined;

/** Built on the first invocation: a missing setting then fails that request with its name, not the import. */
function build(): ApiHandler {
  const storeUrl = `s3://${required("RESULTS_BUCKET")}/${process.env.RESULTS_PREFIX ?? ""}`;
  // Every instance must sign page cursors alike. Without CURSOR_SECRET the key derives from the store, which
  // still rejects corrupted cursors; a cursor only ever names a position, so forging one reveals nothing.
  const cursorSecret = process.env.CURSOR_SECRET?.trim() || createHash("sha256").update(`rbac-recommender cursor ${storeUrl}`).digest("base64url");
  return createLambdaHandler(storeUrl, cursorSecret);
}

export const handler = (event: Parameters<ApiHandler>[0], context?: Parameters<ApiHandler>[1]) => (built ??= build())(event, context);
