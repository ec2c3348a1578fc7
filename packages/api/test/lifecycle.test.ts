import { describe, expect, it } from "vitest";
import { ApiProblem } from "../src/problem.ts";
import { contentHash } from "../src/review/content-hash.ts";
import type { ReviewRecord } from "../src/review/record.ts";
import { resolvedRecommendation, reviewRecommendation, type ReviewedRecommendation } from "../src/review/reviewed-recommendation.ts";
import { ReviewStateSchema, StoredStateSchema, type ReviewState, type StoredState } from "../src/review/states.ts";
import { applyStateChange } from "../src/review/transition.ts";
import { recommendation } from "./support/report-fixture.ts";

const NOW = new Date("2026-11-22T08:00:00Z");
const monday = recommendation({ subject: { kind: "ServiceAccount", namespace: "shop", name: "checkout" } });
const tuesday = recommendation({ subject: { kind: "ServiceAccount", namespace: "shop", name: "checkout" }, verbs: ["get"] });

function record(state: StoredState, extra: Partial<ReviewRecord> = {}): { value: ReviewRecord; etag: string } {
  return { value: { schemaVersion: 1, id: monday.id, state, history: [], ...extra }, etag: '"e1"' };
}
const claimedMonday = { claimed: { contentHash: contentHash(monday), recommendation: monday } };

/** A recommendation seen in each effective state. */
const IN_STATE: Record<ReviewState, ReviewedRecommendation> = {
  ACTIVE: reviewRecommendation(monday, undefined, NOW)!,
  DISMISSED: reviewRecommendation(monday, record("DISMISSED"), NOW)!,
  CLAIMED: reviewRecommendation(monday, record("CLAIMED", claimedMonday), NOW)!,
  OUTDATED: reviewRecommendation(tuesday, record("CLAIMED", claimedMonday), NOW)!,
  SUCCEEDED: reviewRecommendation(monday, record("SUCCEEDED", claimedMonday), NOW)!,
  FAILED: reviewRecommendation(monday, record("FAILED", claimedMonday), NOW)!,
  RESOLVED: resolvedRecommendation(monday, record("DISMISSED"), "20261124T020000Z-000003"),
};

const ALLOWED: Record<ReviewState, StoredState[]> = {
  ACTIVE: ["CLAIMED", "DISMISSED"],
  DISMISSED: ["ACTIVE"],
  CLAIMED: ["SUCCEEDED", "FAILED"],
  OUTDATED: ["ACTIVE", "SUCCEEDED", "FAILED"],
  SUCCEEDED: ["FAILED"],
  FAILED: ["SUCCEEDED"],
  RESOLVED: [],
};

describe("review lifecycle", () => {
  it.each(ReviewStateSchema.options)("from %s allows exactly the documented moves; others are 409", (from) => {
    expect(IN_STATE[from].state).toBe(from);
    for (const to of StoredStateSchema.options) {
      const change = () => applyStateChange(IN_STATE[from], { state: to, actor: "arn:aws:iam::1:user/r", at: NOW, reason: "r" });
      if (ALLOWED[from].includes(to)) expect(change().state, `${from}→${to}`).toBe(to);
      else expect(change, `${from}→${to}`).toThrow(expect.objectContaining({ status: 409 }) as ApiProblem);
    }
  });

  it("freezes the content at claim time and keeps it through rollout", () => {
    const claimed = applyStateChange(IN_STATE.ACTIVE, { state: "CLAIMED", actor: "a", at: NOW });
    const stored = { value: claimed, etag: '"e2"' };
    const outdated = reviewRecommendation(tuesday, stored, NOW)!;
    expect(outdated.state).toBe("OUTDATED");
    expect(outdated.recommendation).toEqual(monday);
    const succeeded = applyStateChange(outdated, { state: "SUCCEEDED", actor: "a", at: NOW });
    expect(succeeded.claimed?.recommendation).toEqual(monday);
    expect(succeeded.history.map((h) => `${h.from}→${h.to}`)).toEqual(["ACTIVE→CLAIMED", "OUTDATED→SUCCEEDED"]);
  });

  it("ignores evidence and provenance when deciding whether claimed content changed", () => {
    const moreEvidence = recommendation({ subject: monday.subject, requests: 500 });
    const restamped = { ...moreEvidence, apply: moreEvidence.apply.map((o) => ({ ...o, metadata: { ...o.metadata, annotations: { window: "later" } } })) };
    expect(reviewRecommendation(restamped, record("CLAIMED", claimedMonday), NOW)!.state).toBe("CLAIMED");
  });

  it("reads a dismissal as ACTIVE from its expiry on, and the etag changes with it", () => {
    const dismissed = record("DISMISSED", { expiresAt: "2026-11-30T00:00:00Z" });
    const before = reviewRecommendation(monday, dismissed, new Date("2026-11-29T23:59:59Z"))!;
    const after = reviewRecommendation(monday, dismissed, new Date("2026-11-30T00:00:00Z"))!;
    expect([before.state, after.state]).toEqual(["DISMISSED", "ACTIVE"]);
    expect(after.etag).not.toBe(before.etag);
  });

  it("reopens an applied recommendation when a newer run recommends something else for the subject", () => {
    const reopened = reviewRecommendation(tuesday, record("SUCCEEDED", claimedMonday), NOW)!;
    expect(reopened.state).toBe("ACTIVE");
    expect(reopened.recommendation).toEqual(tuesday);
  });

  it("leaves reviewed recommendations the newest report no longer has to the RESOLVED look-up, but keeps claims and applied ones", () => {
    expect(reviewRecommendation(undefined, undefined, NOW)).toBeUndefined();
    expect(reviewRecommendation(undefined, record("DISMISSED"), NOW)).toBeUndefined();
    expect(reviewRecommendation(undefined, record("FAILED", claimedMonday), NOW)).toBeUndefined();
    expect(reviewRecommendation(undefined, record("CLAIMED", claimedMonday), NOW)?.state).toBe("OUTDATED");
    expect(reviewRecommendation(undefined, record("SUCCEEDED", claimedMonday), NOW)?.state).toBe("SUCCEEDED");
  });
});
