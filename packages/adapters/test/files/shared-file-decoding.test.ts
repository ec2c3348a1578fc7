import { readFileSync } from "node:fs";
import { mkdtemp, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { setTimeout as sleep } from "node:timers/promises";
import { AuditDecoder, DedupeTrace, Usage } from "@rbac-recommender/core/decoding";
import { beforeAll, describe, expect, it } from "vitest";
import { decodeRange } from "../../src/files/audit-range.ts";
import { readAuditLogs } from "../../src/files/audit-files.ts";
import type { ChunkReading } from "../../src/files/chunk-reading.ts";
import type { RunningRange } from "../../src/files/decoder-pool.ts";
import { decodeShared, type RangeReader } from "../../src/files/shared-file-decoding.ts";
import { addDecodeStats, emptyDecodeStats } from "../../src/files/decode-stats.ts";
import { configmapReads, event, jsonLines, withReceived, type Json } from "../../../core/test/audit/events.ts";

const T0 = Date.UTC(2026, 10, 16, 9);
const MB = 1 << 20;

/**
 * Which thread is done first depends on the host; these stand-ins for the worker (on this thread, read at a pace
 * the test sets) make each way of sharing happen every time. The worker itself is tested in decoder-pool.test.ts.
 */
abstract class StandIn implements RangeReader {
  ready: Promise<void> = Promise.resolve();
  /** Each range as it was read in the end (its end lowered when this thread took the tail). */
  readonly read: Array<{ start: number; end: number }> = [];
  /** How often it agreed to end a range early. */
  ended = 0;
  abstract runRange(job: { path: string; range: { start: number; end: number } }): RunningRange;
  async close(): Promise<void> {}
}

/**
 * A worker that reads one chunk and then waits until this thread has taken the tail of its part `takeovers`
 * times (ending early on request as the worker does, audit-worker.ts): each way of sharing then happens
 * whatever the speed of either side.
 */
class StalledWorker extends StandIn {
  private resume: () => void = () => {};
  private readonly resumed = new Promise<void>((resolve) => (this.resume = resolve));

  constructor(private readonly takeovers: number) {
    super();
  }

  runRange(job: { path: string; range: { start: number; end: number } }): RunningRange {
    let position = job.range.start;
    let done = false;
    // A safety net: a sharing that never comes back for the tail fails the test instead of hanging it.
    const stalled = Promise.race([this.resumed, sleep(20_000)]);
    const reading: ChunkReading = { ...job.range, onChunk: async (bytes) => {
      position += bytes;
      await stalled;
    } };
    const outcome = decodeRange(job.path, reading).then((o) => {
      done = true;
      this.read.push({ start: job.range.start, end: reading.end });
      return { usage: o.usage.toTransfer(), stats: o.stats, atBoundary: o.atBoundary, dedupe: o.dedupe };
    });
    return {
      outcome,
      get position() {
        return position;
      },
      endAt: async (at) => {
        if (done || at < position || at >= reading.end) return false;
        reading.end = at;
        if (++this.ended >= this.takeovers) this.resume();
        return true;
      },
    };
  }
}

/** A worker done with any range before this thread reads its next chunk. */
class InstantWorker extends StandIn {
  runRange(job: { path: string; range: { start: number; end: number } }): RunningRange {
    const { start, end } = job.range;
    this.read.push({ start, end });
    const usage = new Usage();
    const decoder = new AuditDecoder((r) => usage.add(r), { dedupeTrace: new DedupeTrace() });
    decoder.push(readFileSync(job.path).subarray(start, end));
    const atBoundary = decoder.atRecordBoundary();
    decoder.end();
    const outcome = { usage: usage.toTransfer(), stats: addDecodeStats(emptyDecodeStats(), decoder.stats), atBoundary, dedupe: decoder.dedupeTrace()! };
    return { outcome: Promise.resolve(outcome), position: end, endAt: async () => false };
  }
}

/** A worker that fails on its range, as one whose thread dies does. */
class FailingWorker extends StandIn {
  runRange(job: { path: string; range: { start: number; end: number } }): RunningRange {
    this.read.push(job.range);
    return { outcome: sleep(5).then(() => Promise.reject(new Error("worker exited"))), position: job.range.start, endAt: async () => false };
  }
}

/** A worker that never loads. */
class AbsentWorker extends StandIn {
  override ready = new Promise<void>(() => {});
  runRange(): RunningRange {
    throw new Error("no range may go to a worker that never loaded");
  }
}

/**
 * ~11 MB of JSON lines: distinct reads from several namespaces, and requests logged at two stages. With
 * `resent`, a log shipper also sent some responses twice, the copy ~900 events after the original: a part that
 * starts between the two cannot know the first, so the parts do not merge and this thread reads on.
 */
function sampleLog(resent: boolean): string {
  const events: Json[] = [];
  for (let block = 0; block < 16; block++) {
    const at = T0 + block * 3_600_000;
    events.push(...configmapReads(600, at, `team-${block}`));
    for (let i = 0; i < 160; i++) events.push(...withReceived({ user: `dev-${i % 7}`, verb: "list", resource: "pods", namespace: `team-${block}`, at: at + i * 10 }));
    if (!resent) continue;
    const copy = event({ user: "sa:ops:deployer", verb: "patch", resource: "deployments", apiGroup: "apps", namespace: "ops", name: `web-${block}`, at, auditID: `resent-${block}` });
    events.splice(events.length - 900, 0, copy);
    events.push(copy);
  }
  return jsonLines(events);
}

async function inThisThread(path: string) {
  const usage = new Usage();
  const { stats } = await readAuditLogs([path], (r) => usage.add(r));
  return { usage: usage.toJSON(), stats };
}

async function shared(path: string, worker: RangeReader, minSharedBytes = MB) {
  const usage = new Usage();
  const size = readFileSync(path).length;
  const stats = await decodeShared(path, size, usage, () => {}, { worker, minSharedBytes });
  return { usage: usage.toJSON(), stats };
}

describe("one large log read on two threads that share the work until the end", () => {
  let path: string;
  let expected: Awaited<ReturnType<typeof inThisThread>>;
  let resent: string;

  beforeAll(async () => {
    const dir = await mkdtemp(join(tmpdir(), "rbac-rec-shared-"));
    path = join(dir, "audit.log");
    await writeFile(path, sampleLog(false));
    expected = await inThisThread(path);
    expect(readFileSync(path).length).toBeGreaterThan(10 * MB);
    expect(expected.stats.requests).toBeGreaterThan(9000);
    resent = join(dir, "resent.log");
    await writeFile(resent, sampleLog(true));
  });

  it("counts exactly what one thread counts when this thread takes the tail of a slow worker's part, again and again", async () => {
    const worker = new StalledWorker(2);
    expect(await shared(path, worker, MB / 4)).toEqual(expected);
    // One part went to the worker; this thread took the tail of what it had left twice, then the worker read on.
    expect(worker.read.length).toBe(1);
    expect(worker.ended).toBeGreaterThanOrEqual(2);
    const [{ start, end }] = worker.read as [{ start: number; end: number }];
    expect(end - start).toBeLessThan((readFileSync(path).length - start) / 2);
  });

  it("counts exactly what one thread counts when a fast worker keeps taking half of what this thread has left", async () => {
    const worker = new InstantWorker();
    expect(await shared(path, worker)).toEqual(expected);
    expect(worker.read.length).toBeGreaterThanOrEqual(2);
    // Parts in file order, each one a tail of what this thread had left: every byte was read once.
    const ends = worker.read.map((r) => r.end);
    expect(ends[0]).toBe(readFileSync(path).length);
    for (let k = 1; k < worker.read.length; k++) expect(worker.read[k]!.end).toBe(worker.read[k - 1]!.start);
  });

  it("reads on in this thread when a part repeats audit IDs from before its start", async () => {
    const worker = new InstantWorker();
    expect(await shared(resent, worker)).toEqual(await inThisThread(resent));
    expect(worker.read.length).toBeGreaterThanOrEqual(1);
  });

  it("reads on in this thread when the worker fails, and when it never loads", async () => {
    const failing = new FailingWorker();
    expect(await shared(path, failing)).toEqual(expected);
    expect(failing.read.length).toBe(1);
    const absent = new AbsentWorker();
    expect(await shared(path, absent)).toEqual(expected);
    expect(absent.read).toEqual([]);
  });
});
