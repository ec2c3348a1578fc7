// The AWS side and the nightly pipeline, as the CLI, the API and the Lambda functions import them. The live RBAC
// source is `@rbac-recommender/adapters/kubernetes` (only its interface is here).
export * from "./audit-source.ts";
export * from "./file-audit-source.ts";
export * from "./audit-inputs.ts";
export * from "./decode-object.ts";
export * from "./log.ts";
export * from "./window.ts";
export { runNightly, DEFAULT_WINDOW_DAYS, type NightlyOptions } from "./nightly.ts";
export * from "../s3/location.ts";
export * from "../s3/audit-source.ts";
export type { RbacSource } from "../kubernetes/rbac-source.ts";
export * from "../store/keys.ts";
export * from "../store/object-store.ts";
export * from "../store/results-store.ts";
export * from "../store/fs-object-store.ts";
export * from "../store/s3-object-store.ts";
export * from "../store/from-url.ts";
export * from "../store/nightly-records.ts";
export * from "../store/nightly-results.ts";
export { writeResults, switchCurrent, type SwitchOutcome } from "./publish.ts";
