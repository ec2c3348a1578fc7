import { rename, rm, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { describeFsError, makeDirectory } from "@rbac-recommender/adapters";
import { renderBundle, renderManifests, type Recommendation, type Report } from "@rbac-recommender/core";
import { writeReportJson } from "./report-json.ts";

/** The results cannot be written; one line naming the directory, like an unreadable input. */
export class OutputError extends Error {
  constructor(outDir: string, cause: unknown) {
    super(`output directory ${outDir}: ${describeFsError(cause)}`);
    this.name = "OutputError";
  }
}

export interface WrittenResults {
  reportPath: string;
  manifestsDir: string;
  /** Per-recommendation manifest files written (all.yaml not counted). */
  manifests: number;
  /** Recommendations in all.yaml: each subject's main change, unless held. */
  bundled: number;
}

/** A recommendation is worth a manifest only when it changes something. */
export function hasChanges(recommendation: Recommendation): boolean {
  return recommendation.apply.length > 0 || recommendation.remove.length > 0;
}

/**
 * Writes `recommendations.json` and `manifests/` under `outDir`. manifests/ is recreated so that a
 * recommendation gone since the last run cannot linger there and be applied by mistake; the report is
 * renamed into place last, so whoever sees the new report also sees its manifests.
 */
export async function writeResults(outDir: string, report: Report): Promise<WrittenResults> {
  return writeFiles(outDir, report).catch((cause: unknown) => {
    throw new OutputError(outDir, cause);
  });
}

async function writeFiles(outDir: string, report: Report): Promise<WrittenResults> {
  const manifestsDir = join(outDir, "manifests");
  const { manifests, bundled } = await writeManifests(manifestsDir, report.recommendations);
  const reportPath = join(outDir, "recommendations.json");
  const partial = `${reportPath}.partial`;
  await writeReportJson(partial, report);
  await rename(partial, reportPath);
  return { reportPath, manifestsDir, manifests, bundled };
}

/**
 * manifests/ recreated, with a file per change and all.yaml. Their texts (~10 MB on a large log) are garbage
 * once this returns, before the report is written.
 */
async function writeManifests(manifestsDir: string, recommendations: readonly Recommendation[]): Promise<{ manifests: number; bundled: number }> {
  await rm(manifestsDir, { recursive: true, force: true });
  await makeDirectory(manifestsDir);
  const changing = recommendations.filter(hasChanges);
  const manifests = renderManifests(changing);
  for (const [id, manifest] of manifests) await writeFile(join(manifestsDir, `${id}.yaml`), manifest);
  // Alternatives exclude each other and held changes must not be applied: the bundle has neither.
  const bundled = changing.filter((r) => !r.alternativeTo && !r.held);
  await writeFile(join(manifestsDir, "all.yaml"), renderBundle(bundled, manifests));
  return { manifests: changing.length, bundled: bundled.length };
}
