import type { Recommendation } from "@rbac-recommender/core";
import type { ResultsStore } from "@rbac-recommender/adapters";
import { NightlyReport, type PublishedReport } from "../results/nightly-report.ts";
import { readReview, readReviews } from "./review-records.ts";
import { reviewRecommendation, type ReviewedRecommendation } from "./reviewed-recommendation.ts";

/** The newest nightly report joined with the stored reviews: what every read route serves. */
export class ReviewCatalog {
  private readonly nightly: NightlyReport;

  constructor(
    private readonly store: ResultsStore,
    private readonly now: () => Date,
  ) {
    this.nightly = new NightlyReport(store);
  }

  published(): Promise<PublishedReport | undefined> {
    return this.nightly.current();
  }

  /** Every recommendation of the newest report, plus claimed ones it no longer has (they read as OUTDATED). */
  async all(): Promise<ReviewedRecommendation[]> {
    const [published, reviews] = await Promise.all([this.nightly.current(), readReviews(this.store)]);
    const current = new Map<string, Recommendation>((published?.report.recommendations ?? []).map((r) => [r.id, r]));
    const ids = new Set([...current.keys(), ...reviews.keys()]);
    const now = this.now();
    return [...ids].flatMap((id) => reviewRecommendation(current.get(id), reviews.get(id), now) ?? []);
  }

  async one(id: string): Promise<ReviewedRecommendation | undefined> {
    const [published, review] = await Promise.all([this.nightly.current(), readReview(this.store, id)]);
    const current = published?.report.recommendations.find((r) => r.id === id);
    return reviewRecommendation(current, review, this.now());
  }
}
