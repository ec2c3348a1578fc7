import { z } from "zod";
import { ReportSchema, type Report } from "@rbac-recommender/core";
import { readCurrentPointer, reportKey, type ResultsStore } from "@rbac-recommender/adapters";
import { ServedRecommendationSchema } from "../review/record.ts";

/** Recommendations keep fields the report gains later (priority, rollback) rather than stripping them. */
const ServedReportSchema = ReportSchema.extend({ recommendations: z.array(ServedRecommendationSchema) });

export interface PublishedReport {
  runId: string;
  report: Report;
}

/** The report a run published under `results` (its prefix in the store). */
export async function readPublishedReport(store: ResultsStore, results: string): Promise<Report | undefined> {
  return (await store.getJson(reportKey(results), ServedReportSchema))?.value;
}

/**
 * Reads the report `nightly/current.json` points at. A run's results are immutable once published, so the
 * parsed report is kept per results prefix and only the small pointer is read per request.
 */
export class NightlyReport {
  private cached: { results: string; published: PublishedReport } | undefined;

  constructor(private readonly store: ResultsStore) {}

  async current(): Promise<PublishedReport | undefined> {
    const pointer = await readCurrentPointer(this.store);
    if (!pointer) return undefined;
    const { results, runId } = pointer.value;
    if (this.cached?.results === results) return this.cached.published;
    const report = await readPublishedReport(this.store, results);
    if (!report) throw new Error(`${this.store.location}: current.json points at ${results}, which has no report`);
    const published = { runId, report };
    this.cached = { results, published };
    return published;
  }
}
