import { mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import type { Report } from "@rbac-recommender/core";
import { writeReportJson } from "../src/report-json.ts";

const dir = mkdtempSync(join(tmpdir(), "rbac-rec-report-json-"));

async function written(report: unknown): Promise<string> {
  const path = join(dir, "recommendations.json");
  await writeReportJson(path, report as Report);
  return readFileSync(path, "utf8");
}

describe("recommendations.json written in small pieces", () => {
  it("is byte for byte JSON.stringify(report, null, 2) and a newline, whatever the recommendations hold", async () => {
    const report = fc.record({
      schemaVersion: fc.constant(1),
      generatedAt: fc.string(),
      mode: fc.constantFrom("rbac", "usage-only"),
      recommendations: fc.array(fc.jsonValue(), { maxLength: 5 }),
      notAttributable: fc.array(fc.jsonValue(), { maxLength: 2 }),
      limits: fc.array(fc.string({ unit: "binary" }), { maxLength: 3 }),
      coverage: fc.option(fc.jsonValue(), { nil: undefined }),
      unchanged: fc.jsonValue(),
    });
    await fc.assert(
      fc.asyncProperty(report, async (r) => {
        expect(await written(r)).toBe(`${JSON.stringify(r, null, 2)}\n`);
      }),
      { numRuns: 150 },
    );
  });

  it("is JSON.stringify's text for any top-level members: lists, empty lists, objects, nothing", async () => {
    const member = fc.oneof(fc.jsonValue(), fc.array(fc.jsonValue(), { maxLength: 4 }), fc.constant(undefined), fc.constant([]));
    await fc.assert(
      fc.asyncProperty(fc.dictionary(fc.string(), member, { maxKeys: 5 }), async (r) => {
        expect(await written(r)).toBe(`${JSON.stringify(r, null, 2)}\n`);
      }),
      { numRuns: 150 },
    );
  });

  it("is JSON.stringify's text for reports nested deeper than it writes part by part, with undefined and null inside", async () => {
    const deep = fc.letrec((tie) => ({
      node: fc.oneof({ depthSize: "small" }, fc.jsonValue({ maxDepth: 1 }), fc.constant(undefined), tie("list"), tie("map")),
      list: fc.array(tie("node"), { maxLength: 3 }),
      map: fc.dictionary(fc.string(), tie("node"), { maxKeys: 3 }),
    })).node;
    await fc.assert(
      fc.asyncProperty(fc.dictionary(fc.string(), fc.array(fc.array(fc.array(deep, { maxLength: 3 }), { maxLength: 3 }), { maxLength: 3 }), { maxKeys: 3 }), async (r) => {
        expect(await written(r)).toBe(`${JSON.stringify(r, null, 2)}\n`);
      }),
      { numRuns: 150 },
    );
  });

  it("keeps strings with newlines, quotes and the key's own text inside a recommendation exact", async () => {
    const tricky = { note: 'line\n  "recommendations": []\n"quoted"', nested: [{ "recommendations": [] }], emoji: "\u{1F600}" };
    const report = { schemaVersion: 1, recommendations: [tricky, {}, []], notAttributable: [] };
    expect(await written(report)).toBe(`${JSON.stringify(report, null, 2)}\n`);
  });
});
