import { renderBundle, renderManifests, type Report } from "@rbac-recommender/core";
import { PreconditionFailedError } from "../store/object-store.ts";
import {
  bundleKey,
  CURRENT_KEY,
  manifestKey,
  readCurrentPointer,
  reportKey,
  resultsPrefix,
} from "../store/nightly-results.ts";
import type { CurrentPointer } from "../store/nightly-records.ts";
import type { ResultsStore } from "../store/results-store.ts";

/** Writes a run's results as new, create-only objects; nothing a reader can see changes yet. */
export async function writeResults(store: ResultsStore, runId: string, report: Report): Promise<string> {
  const results = resultsPrefix(runId);
  await store.putJson(reportKey(results), report, { ifNoneMatch: "*" });
  const manifests = renderManifests(report.recommendations);
  for (const [id, manifest] of manifests) await store.putText(manifestKey(results, id), manifest, { ifNoneMatch: "*" }, "application/yaml");
  await store.putText(bundleKey(results), renderBundle(report.recommendations, manifests), { ifNoneMatch: "*" }, "application/yaml");
  return results;
}

export type SwitchOutcome = "published" | "superseded";

/**
 * Publishes by switching `current.json` with a conditional write. If another run published results from a
 * later moment first, or wins the race for the same pointer version, this run's results stay unpublished.
 */
export async function switchCurrent(store: ResultsStore, pointer: CurrentPointer): Promise<SwitchOutcome> {
  const current = await readCurrentPointer(store);
  if (current && current.value.generatedAt > pointer.generatedAt) return "superseded";
  try {
    await store.putJson(CURRENT_KEY, pointer, current ? { ifMatch: current.etag } : { ifNoneMatch: "*" });
    return "published";
  } catch (error) {
    if (error instanceof PreconditionFailedError) return "superseded";
    throw error;
  }
}
