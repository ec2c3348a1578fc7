import { describe, expect, it } from "vitest";
import { assessCoverage } from "../../src/insights/coverage.ts";
import { epochDay } from "../../src/usage/usage.ts";

const t = (iso: string) => Date.parse(iso);
const d = (iso: string) => epochDay(t(iso));

describe("assessCoverage", () => {
  const window = { from: t("2024-04-01T00:00:00Z"), to: t("2024-05-04T18:00:00Z") };
  const base = { window, now: t("2024-05-04T18:00:00Z"), newest: t("2024-05-04T17:00:00Z"), maxSilenceHours: 6 };

  it("complete when every day since data began has requests and the feed is fresh", () => {
    const c = assessCoverage({ ...base, days: [d("2024-05-02"), d("2024-05-03"), d("2024-05-04")] });
    expect(c).toMatchObject({ complete: true, observedFrom: "2024-05-02", observedDays: 3, missingDays: [], stale: false, reasons: [] });
  });

  it("names the missing days", () => {
    const c = assessCoverage({ ...base, days: [d("2024-05-01"), d("2024-05-04")] });
    expect(c.complete).toBe(false);
    expect(c.missingDays).toEqual(["2024-05-02", "2024-05-03"]);
    expect(c.reasons[0]).toMatch(/missing for 2 day\(s\): 2024-05-02, 2024-05-03/);
  });

  it("is stale when the newest request is older than the limit", () => {
    const c = assessCoverage({ ...base, days: [d("2024-05-04")], newest: t("2024-05-04T01:00:00Z") });
    expect(c).toMatchObject({ complete: false, stale: true });
    expect(c.reasons).toEqual(["no audit data for 17 h (limit 6 h)"]);
  });

  it("no data at all is never complete", () => {
    expect(assessCoverage({ ...base, days: [], newest: undefined }).complete).toBe(false);
  });
});
