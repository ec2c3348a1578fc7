import { describe, expect, it } from "vitest";
import { parseTimestampText } from "../../src/audit/timestamp.ts";

describe("parseTimestampText", () => {
  it.each([
    ["2024-05-01T10:00:01Z", Date.UTC(2024, 4, 1, 10, 0, 1)],
    ["2024-05-01T10:00:01.000001Z", Date.UTC(2024, 4, 1, 10, 0, 1)],
    ["2024-05-01T10:00:01.987654321Z", Date.UTC(2024, 4, 1, 10, 0, 1, 987)],
    ["2024-05-01T10:00:01.5Z", Date.UTC(2024, 4, 1, 10, 0, 1, 500)],
    ["2024-05-01t10:00:01z", Date.UTC(2024, 4, 1, 10, 0, 1)],
    ["2024-05-01T12:30:00+02:30", Date.UTC(2024, 4, 1, 10, 0, 0)],
    ["2024-05-01T00:00:00-01:00", Date.UTC(2024, 4, 1, 1, 0, 0)],
    ["2024-02-29T23:59:59Z", Date.UTC(2024, 1, 29, 23, 59, 59)],
    ["1969-12-31T23:59:59Z", -1000],
    ["2100-03-01T00:00:00Z", Date.UTC(2100, 2, 1)],
  ])("%s", (text, want) => {
    expect(parseTimestampText(text)).toBe(want);
  });

  it.each(["", "2024-05-01", "2024-05-01T10:00:01", "2024-13-01T10:00:01Z", "2024-05-01T25:00:01Z", "2024-05-01T10:00:01.Z",
    "2024-05-01T10:00:01Zjunk", "2024-05-01 10:00:01Z", "20x4-05-01T10:00:01Z", "1714557601"])("%j is not a timestamp", (text) => {
    expect(parseTimestampText(text)).toBeNaN();
  });
});
