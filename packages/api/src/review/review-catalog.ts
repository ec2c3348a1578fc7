import type { Recommendation } from "@rbac-recommender/core";
import type { ResultsStore } from "@rbac-recommender/adapters";
import { NightlyReport, type PublishedReport } from "../results/nightly-report.ts";
import { findResolutions } from "../results/resolutions.ts";
import { readReview, readReviews } from "./review-records.ts";
import { resolvedRecommendation, resolvesWhenGone, reviewRecommendation, type ReviewedRecommendation } from "./reviewed-recommendation.ts";

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

  /**
   * Every recommendation of the newest report, plus claimed and applied ones it no longer has (OUTDATED,
   * SUCCEEDED). RESOLVED ones are left to `resolved()`: finding them reads older reports.
   */
  async all(): Promise<ReviewedRecommendation[]> {
    const [published, reviews] = await Promise.all([this.nightly.current(), readReviews(this.store)]);
    const current = new Map<string, Recommendation>((published?.report.recommendations ?? []).map((r) => [r.id, r]));
    const ids = new Set([...current.keys(), ...reviews.keys()]);
    const now = this.now();
    return [...ids].flatMap((id) => reviewRecommendation(current.get(id), reviews.get(id), now) ?? []);
  }

  /** Reviewed recommendations the newest report no longer makes, as last recommended. */
  async resolved(): Promise<ReviewedRecommendation[]> {
    const [published, reviews] = await Promise.all([this.nightly.current(), readReviews(this.store)]);
    if (!published) return [];
    const current = new Set(published.report.recommendations.map((r) => r.id));
    const gone = [...reviews.values()].filter((review) => !current.has(review.value.id) && resolvesWhenGone(review));
    const found = await findResolutions(this.store, published.runId, new Set(gone.map((review) => review.value.id)));
    return gone.flatMap((review) => {
      const resolution = found.get(review.value.id);
      return resolution ? [resolvedRecommendation(resolution.lastSeen, review, resolution.resolvedBy)] : [];
    });
  }

  async one(id: string): Promise<ReviewedRecommendation | undefined> {
    const [published, review] = await Promise.all([this.nightly.current(), readReview(this.store, id)]);
    const current = published?.report.recommendations.find((r) => r.id === id);
    const item = reviewRecommendation(current, review, this.now());
    if (item || current || !published || !resolvesWhenGone(review)) return item;
    const resolution = (await findResolutions(this.store, published.runId, new Set([id]))).get(id);
    return resolution && resolvedRecommendation(resolution.lastSeen, review, resolution.resolvedBy);
  }
}
