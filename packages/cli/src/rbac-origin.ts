import { resolve } from "node:path";
import { describeFsError, readRbacFiles, type RbacSource } from "@rbac-recommender/adapters";
import type { RbacSnapshot } from "@rbac-recommender/core";
import type { RbacInput } from "./analyze-args.ts";
import { CommandError, firstLine } from "./command-error.ts";
import { plural } from "./wording.ts";

/** The RBAC an analysis ran against, and how the summary names where it came from. */
export interface RbacOrigin {
  /** "1 RBAC file", "live from https://…". */
  described: string;
  location: string;
  snapshot: RbacSnapshot;
}

/**
 * Reads RBAC before any audit log: an invalid file or an unreachable cluster should fail in a second, not
 * after an hour of logs (and, with --store, before a run is recorded).
 */
export async function readRbacInput(input: RbacInput): Promise<RbacOrigin | undefined> {
  if (input === undefined) return undefined;
  if ("files" in input) {
    const read = await readRbacFiles(input.files);
    return { described: plural(read.files, "RBAC file"), location: input.files.map((p) => resolve(p)).join(","), snapshot: read.snapshot };
  }
  const source = await kubeconfigSource(input.kubeconfig, input.context);
  const snapshot = await source.snapshot().catch((error: unknown) => {
    throw new CommandError(`RBAC from ${source.location}: ${firstLine(error)}`);
  });
  return { described: `live from ${source.location}`, location: source.location, snapshot };
}

/** The snapshot already taken, as the pipeline's RBAC source, so the run analyses exactly what was read. */
export function rbacSourceOf(origin: RbacOrigin): RbacSource {
  return { location: origin.location, snapshot: async () => origin.snapshot };
}

async function kubeconfigSource(path: string, context: string | undefined): Promise<RbacSource> {
  // Loaded only when a cluster is asked for: the Kubernetes client is most of the command's start-up otherwise.
  const { rbacSourceFromKubeconfig } = await import("@rbac-recommender/adapters/kubernetes");
  try {
    return rbacSourceFromKubeconfig(path, context ? { context } : {});
  } catch (error) {
    throw new CommandError(`kubeconfig ${path}: ${describeFsError(error)}`);
  }
}
