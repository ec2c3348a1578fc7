import { describe, expect, it } from "vitest";
import { isoTime } from "../../src/recommend/iso-time.ts";

describe("isoTime", () => {
  it.each([0, 1, 999, 1000, 59_999, 86_399_999, 86_400_000, 951_782_400_000, 1_763_000_000_123, 253_402_300_799_999])(
    "%d ms is toISOString's text",
    (ms) => expect(isoTime(ms)).toBe(new Date(ms).toISOString()),
  );

  it.each([-1, -86_400_001, 1.5, 253_402_300_800_000])("%d ms (outside the fast range) is toISOString's text too", (ms) =>
    expect(isoTime(ms)).toBe(new Date(ms).toISOString()),
  );

  it("agrees with toISOString on random times from year 0 to 9999", () => {
    for (let k = 0; k < 20_000; k++) {
      const ms = Math.floor(Math.random() * 253_402_300_800_000);
      expect(isoTime(ms)).toBe(new Date(ms).toISOString());
    }
  });
});
