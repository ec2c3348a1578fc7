export * from "./cli.ts";
export * from "./analyze-args.ts";
export * from "./run-analysis.ts";
export * from "./results.ts";
export * from "./summary.ts";
export * from "./demo.ts";
