import { appendFile, mkdir, mkdtemp, rm, utimes, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { FileAuditSource } from "../../src/pipeline/file-audit-source.ts";
import { runNightly, type NightlyOptions } from "../../src/pipeline/nightly.ts";
import { storeFromUrl } from "../../src/store/from-url.ts";
import { readCurrentResults, readRun, runKey } from "../../src/store/nightly-results.ts";
import type { ResultsStore } from "../../src/store/results-store.ts";
import { gzip, jsonLines, serviceAccountRequests } from "../../../core/test/audit/events.ts";

const DAY = 86_400_000;
const now = new Date("2026-11-22T02:00:00Z");
let dir: string;
let logs: string;
let store: ResultsStore;
let nextId = 0;

function requests(count: number, time: number) {
  const made = serviceAccountRequests("shop", "api", count, nextId, time, { verb: "get", resource: "pods", name: "web" });
  nextId += count;
  return made;
}

/** Writes an audit log whose modification time is `written` (what an object's LastModified is in S3). */
async function log(name: string, body: string | Uint8Array, written: number) {
  const path = join(logs, name);
  await writeFile(path, body);
  await utimes(path, written / 1000, written / 1000);
  return path;
}

const run = (options: Partial<NightlyOptions> = {}) =>
  runNightly({ auditSource: new FileAuditSource([logs]), store, now, onLog: () => {}, ...options });

beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), "nightly-"));
  logs = join(dir, "logs");
  await mkdir(logs);
  store = storeFromUrl(join(dir, "results"));
});
afterEach(() => rm(dir, { recursive: true, force: true }));

describe("nightly pipeline on local files and a directory store (the CLI's path)", () => {
  it("publishes a usage-only report and does nothing twice", async () => {
    const t = now.getTime() - DAY;
    await log("a.log.gz", gzip(jsonLines(requests(4, t))), t + 60_000);
    await log("b.log", jsonLines(requests(2, t)), t + 60_000);

    const first = await run();
    const second = await run();

    expect(first).toMatchObject({ status: "succeeded", objects: { read: 2, partials: 2 }, counts: { newRequests: 6 } });
    expect(second).toMatchObject({ status: "succeeded", objects: { read: 0, alreadyProcessed: 2, partials: 2 }, counts: { newRequests: 0, windowRequests: 6 } });
    const current = await readCurrentResults(store);
    expect(current?.pointer.runId).toBe(second.id);
    expect(current?.report).toMatchObject({ mode: "usage-only", input: { files: 2, requests: 6 } });
    expect((await readRun(store, first.id))?.value.status).toBe("succeeded");
  });

  it("records in the run why removals are held when the audit feed went silent, and judges a fresh one complete", async () => {
    const hours = (h: number) => now.getTime() - h * 3_600_000;
    await log("old.log", jsonLines(requests(3, hours(30))), hours(30));

    const stale = await run();
    await log("yesterday.log", jsonLines(requests(1, hours(14))), hours(14));
    await log("today.log", jsonLines(requests(1, hours(1))), hours(1));
    const fresh = await run();

    expect(stale.coverage).toEqual({
      complete: false,
      reasons: ["audit data missing for 2 day(s): 2026-11-21, 2026-11-22", "no audit data for 30 h (limit 24 h)"],
    });
    expect(fresh.coverage).toEqual({ complete: true, reasons: [] });
    expect((await readCurrentResults(store))?.report.coverage?.complete).toBe(true);
  });

  it("ignores logs written before the window and drops partials that fall out of it", async () => {
    const window = 30;
    await log("ancient.log", jsonLines(requests(5, now.getTime() - 40 * DAY)), now.getTime() - 40 * DAY);
    await log("recent.log", jsonLines(requests(3, now.getTime() - 20 * DAY)), now.getTime() - 20 * DAY);

    const today = await run({ windowDays: window });
    const later = await run({ windowDays: window, now: new Date(now.getTime() + 15 * DAY) });

    expect(today.objects).toMatchObject({ outOfWindow: 1, read: 1, partials: 1 });
    expect(today.counts.windowRequests).toBe(3);
    expect(later.objects).toMatchObject({ outOfWindow: 2, read: 0, pruned: 1, partials: 0 });
    expect((await readCurrentResults(store))?.report.input.requests).toBe(0);
  });

  it("replaces the partial of a log that changed, instead of adding to it", async () => {
    const t = now.getTime() - DAY;
    const path = await log("growing.log", jsonLines(requests(2, t)), t);
    await run();
    await appendFile(path, jsonLines(requests(3, t + 1000)));
    await utimes(path, (t + 5000) / 1000, (t + 5000) / 1000);

    const after = await run();

    expect(after.objects).toMatchObject({ read: 1, partials: 1 });
    expect((await readCurrentResults(store))?.report.input.requests).toBe(5);
  });

  it("defers what does not fit in the time budget to the next run", async () => {
    const t = now.getTime() - DAY;
    await log("a.log", jsonLines(requests(1, t)), t);
    await log("b.log", jsonLines(requests(1, t)), t);

    const out = await run({ deadline: 0 });
    const next = await run();

    expect(out.objects).toMatchObject({ read: 0, deferred: 2 });
    expect(next.objects).toMatchObject({ read: 2, deferred: 0 });
    expect((await readCurrentResults(store))?.report.input.requests).toBe(2);
  });

  it("records when it started by the clock, and the time it analysed up to (pinned when logs are replayed) as the window's end", async () => {
    await log("a.log", jsonLines(requests(2, now.getTime() - DAY)), now.getTime() - DAY);
    const started = now.getTime() + 3 * DAY;
    const record = await run({ clock: () => started });
    expect(record).toMatchObject({ status: "succeeded", counts: { newRequests: 2 } });
    expect(record.startedAt).toBe(new Date(started).toISOString());
    expect(record.id.startsWith(new Date(started).toISOString().replace(/[-:.]/g, ""))).toBe(true);
    expect(Date.parse(record.window.to)).toBeLessThanOrEqual(now.getTime());
    expect(Date.parse(record.window.to)).toBeGreaterThan(now.getTime() - DAY);
  });

  it("closes the record of a run that was killed before it could", async () => {
    const killed = await run();
    // With no log yet: an emptied log directory is nothing new, not a failure.
    expect(killed.status).toBe("succeeded");
    const stuck = { ...(await readRun(store, killed.id))!.value, status: "running", startedAt: new Date(now.getTime() - 2 * 3_600_000).toISOString() };
    await store.putJson(runKey(killed.id), stuck);

    await run();

    expect((await readRun(store, killed.id))?.value).toMatchObject({ status: "failed", error: expect.stringMatching(/abandoned/) });
  });

  it("records a failed run and keeps the previous results current", async () => {
    const t = now.getTime() - DAY;
    await log("a.log", jsonLines(requests(2, t)), t);
    const good = await run();
    await log("b.log", jsonLines(requests(7, t)), t);

    const failed = await run({ rbacSource: { location: "https://cluster", snapshot: () => Promise.reject(new Error("connection refused")) } });

    expect(failed).toMatchObject({ status: "failed", error: "connection refused" });
    expect((await readRun(store, failed.id))?.value).toMatchObject({ status: "failed", error: "connection refused" });
    const current = await readCurrentResults(store);
    expect(current?.pointer.runId).toBe(good.id);
    expect(current?.report.input.requests).toBe(2);
    // What the failed run counted is kept: the next run only merges it.
    const next = await run();
    expect(next.objects).toMatchObject({ read: 0, partials: 2 });
    expect((await readCurrentResults(store))?.report.input.requests).toBe(9);
  });
});
