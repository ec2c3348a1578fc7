export * from "./files/input-paths.ts";
export * from "./files/make-directory.ts";
export * from "./files/decode-stats.ts";
export * from "./files/audit-files.ts";
export * from "./files/rbac-files.ts";
export * from "./pipeline/exports.ts";
export * from "./files/audit-usage.ts";
export * from "./files/exceptions-file.ts";
