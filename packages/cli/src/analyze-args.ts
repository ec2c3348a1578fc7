import { parseArgs } from "node:util";
import { parseDuration } from "@rbac-recommender/core";
import { UsageError } from "./usage-error.ts";

export interface AnalyzeOptions {
  auditLogs: string[];
  rbac: string[];
  out: string;
  includeDenied: boolean;
  /** Only the last `windowMs` of the logs; all of them when absent. */
  windowMs?: number;
}

/** The `analyze` flags; every mistake is a `UsageError` so the caller exits 2 with the usage line. */
export function parseAnalyzeArgs(args: string[]): AnalyzeOptions {
  const { values } = parse(args);
  const auditLogs = values["audit-log"] ?? [];
  if (auditLogs.length === 0) throw new UsageError("--audit-log is required");
  if (values.out === undefined || values.out === "") throw new UsageError("--out is required");
  const options: AnalyzeOptions = {
    auditLogs,
    rbac: values.rbac ?? [],
    out: values.out,
    includeDenied: values["include-denied"] ?? false,
  };
  if (values.window !== undefined) {
    try {
      options.windowMs = parseDuration(values.window);
    } catch (error) {
      throw new UsageError(`--window: ${error instanceof Error ? error.message : String(error)}`);
    }
  }
  return options;
}

function parse(args: string[]) {
  try {
    return parseArgs({
      args,
      strict: true,
      allowPositionals: false,
      options: {
        "audit-log": { type: "string", multiple: true },
        rbac: { type: "string", multiple: true },
        out: { type: "string" },
        "include-denied": { type: "boolean" },
        window: { type: "string" },
      },
    });
  } catch (error) {
    // node:util reports unknown flags and missing values with a code; its message is already one clear sentence.
    throw new UsageError(error instanceof Error ? error.message.split("\n")[0] ?? "bad arguments" : String(error));
  }
}
