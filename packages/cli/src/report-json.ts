import { open } from "node:fs/promises";
import type { Report } from "@rbac-recommender/core";

/** Where the recommendations go in the report's own JSON: its key at the top level (2 spaces), the array empty. */
const EMPTY_RECOMMENDATIONS = '\n  "recommendations": []';

/**
 * Writes exactly `JSON.stringify(report, null, 2)` and a newline, one recommendation at a time. On a 1 GB log the
 * report is ~90 MB of JSON: as one string, its concatenation and its encoding, it was most of the command's
 * peak memory. Strings in JSON hold no raw newline, so re-indenting a recommendation by its lines is exact.
 */
export async function writeReportJson(path: string, report: Report): Promise<void> {
  const skeleton = JSON.stringify({ ...report, recommendations: [] }, null, 2);
  const at = skeleton.indexOf(EMPTY_RECOMMENDATIONS);
  const file = await open(path, "w");
  try {
    if (report.recommendations.length === 0 || at < 0) return void (await file.writeFile(`${JSON.stringify(report, null, 2)}\n`));
    await file.write(`${skeleton.slice(0, at)}\n  "recommendations": [`);
    for (const [k, recommendation] of report.recommendations.entries()) {
      await file.write(`${k > 0 ? "," : ""}\n    ${JSON.stringify(recommendation, null, 2).replaceAll("\n", "\n    ")}`);
    }
    await file.write(`\n  ]${skeleton.slice(at + EMPTY_RECOMMENDATIONS.length)}\n`);
  } finally {
    await file.close();
  }
}
