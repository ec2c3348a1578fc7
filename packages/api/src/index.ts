export { createApp, MAX_BODY_BYTES, type ApiDeps } from "./app.ts";
export { serveApi, type RunningApi, type ServeOptions } from "./serve.ts";
export { createLambdaHandler } from "./lambda.ts";
export { bearerToken, iamCaller, type Authenticator } from "./auth.ts";
export { ReviewStateSchema, StoredStateSchema, type ReviewState, type StoredState } from "./review/states.ts";
export { ReviewRecordSchema, type ReviewRecord } from "./review/record.ts";
