import { parseArgs } from "node:util";
import { parseDuration } from "@rbac-recommender/core";
import { ANALYZE_USAGE } from "./help.ts";
import { argumentsError, UsageError } from "./usage-error.ts";

/** Where RBAC comes from: files, a cluster through a kubeconfig, or nowhere (usage-only). */
export type RbacInput = { files: string[] } | { kubeconfig: string; context?: string } | undefined;

export interface AnalyzeOptions {
  /** Local paths, or one s3:// location. */
  auditLogs: string[];
  rbac: RbacInput;
  includeDenied: boolean;
  /** Only the last `windowMs` of the logs (one-shot) or of the days up to today (--store). */
  windowMs?: number;
  /** The keep-list file: subjects and bindings not to touch, with owner, reason and expiry. */
  exceptions?: string;
}

/** One-shot (`--out`): results as files. */
export interface OneShotOptions extends AnalyzeOptions {
  out: string;
}

/** Incremental (`--store`): the nightly pipeline. */
export interface StoreOptions extends AnalyzeOptions {
  store: string;
}

const DAY_MS = 86_400_000;

const fail = (message: string) => new UsageError(message, ANALYZE_USAGE);

/** The `analyze` flags; every mistake is a `UsageError` so the caller exits 2 with the usage line. */
export function parseAnalyzeArgs(args: string[]): OneShotOptions | StoreOptions {
  const { values } = parse(args);
  const auditLogs = values["audit-log"] ?? [];
  if (auditLogs.length === 0) throw fail("--audit-log is required");
  const base: AnalyzeOptions = { auditLogs, rbac: rbacInput(values), includeDenied: values["include-denied"] ?? false };
  if (values.window !== undefined) base.windowMs = duration(values.window);
  if (values.exceptions !== undefined) base.exceptions = values.exceptions;
  if (values.out && values.store) throw fail("--out and --store exclude each other: results go to files or to a store");
  if (values.store) {
    if (base.windowMs !== undefined && base.windowMs % DAY_MS !== 0) throw fail("--window with --store is whole days, e.g. 90d");
    return { ...base, store: values.store };
  }
  if (!values.out) throw fail("--out or --store is required");
  return { ...base, out: values.out };
}

export function isStoreRun(options: OneShotOptions | StoreOptions): options is StoreOptions {
  return "store" in options;
}

function rbacInput(values: ReturnType<typeof parse>["values"]): RbacInput {
  const files = values.rbac ?? [];
  if (values.kubeconfig && files.length > 0) throw fail("--rbac and --kubeconfig exclude each other: RBAC comes from files or from the cluster");
  if (values.context && !values.kubeconfig) throw fail("--context needs --kubeconfig");
  if (values.kubeconfig) return { kubeconfig: values.kubeconfig, ...(values.context ? { context: values.context } : {}) };
  return files.length > 0 ? { files } : undefined;
}

function duration(text: string): number {
  try {
    return parseDuration(text);
  } catch (error) {
    throw fail(`--window: ${error instanceof Error ? error.message : String(error)}`);
  }
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
        kubeconfig: { type: "string" },
        context: { type: "string" },
        out: { type: "string" },
        store: { type: "string" },
        "include-denied": { type: "boolean" },
        window: { type: "string" },
        exceptions: { type: "string" },
      },
    });
  } catch (error) {
    throw argumentsError(error, ANALYZE_USAGE);
  }
}
