import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { readAuditLogs, readRbacFiles } from "@rbac-recommender/adapters";
import { analyze, renderBundle, renderManifest, ReportSchema, Usage, type AuditRequest, type RbacSnapshot, type Report } from "@rbac-recommender/core";
import { beforeAll, describe, expect, it } from "vitest";
import { expectSafe } from "../packages/core/test/scenarios/harness.ts";

/**
 * The shipped demo cluster, analysed end to end through the file adapters, against a committed report and
 * bundle. A change in what the engine recommends for the demo shows up here as a diff a reviewer can read.
 *
 * After an intended change, regenerate the golden files and READ the diff before committing it:
 *
 *   UPDATE_GOLDEN=1 npx vitest run test/golden.test.ts
 */

const ROOT = join(dirname(fileURLToPath(import.meta.url)), "..");
const GOLDEN_DIR = join(ROOT, "test", "golden");
const GOLDEN_REPORT = join(GOLDEN_DIR, "demo-report.json");
const GOLDEN_BUNDLE = join(GOLDEN_DIR, "demo-all.yaml");
const UPDATE = process.env.UPDATE_GOLDEN === "1";
/** generatedAt is the only field that depends on the clock. */
const FIXED_GENERATED_AT = "2026-11-20T00:00:00.000Z";

async function analyseDemo(): Promise<Demo> {
  const rbac = await readRbacFiles([join(ROOT, "demo", "rbac")]);
  const usage = new Usage();
  const requests: AuditRequest[] = [];
  const audit = await readAuditLogs([join(ROOT, "demo", "audit")], (r) => {
    usage.add(r);
    requests.push(r);
  });
  const report = analyze({ usage, snapshot: rbac.snapshot, stats: audit.stats, files: audit.files });
  return { report: { ...report, generatedAt: FIXED_GENERATED_AT }, snapshot: rbac.snapshot, requests, usage };
}

/** What `manifests/all.yaml` holds: each subject's main change, not alternatives, not held ones. */
function bundleOf(report: Report): string {
  const changing = report.recommendations.filter((r) => r.apply.length > 0 || r.remove.length > 0);
  return renderBundle(changing.filter((r) => !r.alternativeTo && !r.held));
}

interface Demo {
  report: Report;
  snapshot: RbacSnapshot;
  requests: AuditRequest[];
  usage: Usage;
}

const reportText = (report: Report) => `${JSON.stringify(report, null, 2)}\n`;

function compareWithGolden(path: string, actual: string): void {
  if (UPDATE) {
    mkdirSync(GOLDEN_DIR, { recursive: true });
    writeFileSync(path, actual);
    return;
  }
  if (!existsSync(path)) throw new Error(`${path} is missing: run UPDATE_GOLDEN=1 npx vitest run test/golden.test.ts`);
  // toBe on whole text: vitest shows a line diff, which is what a reviewer wants to read.
  expect(actual).toBe(readFileSync(path, "utf8"));
}

describe("the demo cluster against its golden report", () => {
  let demo: Demo;
  let first: Report;
  let second: Report;
  beforeAll(async () => {
    demo = await analyseDemo();
    first = demo.report;
    second = (await analyseDemo()).report;
  });

  it("is a valid report", () => {
    expect(ReportSchema.safeParse(first).success).toBe(true);
  });

  it("matches test/golden/demo-report.json", () => {
    compareWithGolden(GOLDEN_REPORT, reportText(first));
  });

  it("matches test/golden/demo-all.yaml", () => {
    compareWithGolden(GOLDEN_BUNDLE, bundleOf(first));
  });

  it("is safe: applying any recommendation keeps every observed allowed request allowed and grants nothing new", () => {
    expectSafe(demo);
  });

  it("gives byte-identical report and manifests on a second run", () => {
    expect(reportText(second)).toBe(reportText(first));
    expect(bundleOf(second)).toBe(bundleOf(first));
    expect(second.recommendations.map(renderManifest)).toEqual(first.recommendations.map(renderManifest));
  });
});
