import { manifestKey, reportKey } from "@rbac-recommender/adapters";
import type { PipelineRun } from "./pipeline-run.ts";
import { count, plural } from "./wording.ts";

/** What this run did with the audit objects: the incremental part a nightly run is about. */
export function runLines({ record }: PipelineRun): string[] {
  const o = record.objects;
  const extra = [
    o.failed ? `${count(o.failed)} unreadable (tried again next run)` : "",
    o.deferred ? `${count(o.deferred)} left for the next run` : "",
    o.outOfWindow ? `${count(o.outOfWindow)} older than the window` : "",
  ].filter(Boolean);
  const published = record.status === "succeeded" ? "published" : "not published: a run with newer results published first";
  return [
    `run:              ${record.id} ${record.status} (${published})`,
    `audit objects:    read ${plural(o.read, "new object")}, skipped ${count(o.alreadyProcessed)} already processed (${count(o.listed)} listed${extra.length ? `; ${extra.join(", ")}` : ""})`,
  ];
}

/** Where the run's results are in the store, and how to review them. */
export function storeResultLines(run: PipelineRun, storeUrl: string): string[] {
  const results = run.record.results ?? "";
  const manifests = run.store.describe(manifestKey(results, "<id>"));
  return [
    `results:          ${run.store.describe(reportKey(results))}`,
    `                  ${manifests} (one per recommendation)`,
    `review:           rbac-recommender serve --store ${storeUrl}`,
  ];
}
