import { describe, expect, it } from "vitest";
import { AuditDecoder, continuesExactly, DedupeTrace } from "../../src/audit/decoder.ts";
import { Usage } from "../../src/usage/usage.ts";
import { auditEvent, jsonLines } from "./events.ts";

/** A log of `n` final-stage events with IDs from `ids` (repeats are duplicates to drop). */
function log(ids: readonly string[]): string {
  return jsonLines(ids.map((auditID, k) => auditEvent({ auditID, requestReceivedTimestamp: new Date(Date.UTC(2026, 10, 16, 0, 0, k)).toISOString() })));
}

function decodeWhole(text: string, window: number): string {
  const usage = new Usage();
  const decoder = new AuditDecoder((r) => usage.add(r), { dedupeWindow: window });
  decoder.push(Buffer.from(text));
  decoder.end();
  return JSON.stringify([usage.toJSON(), decoder.stats]);
}

/** Decodes the log as two ranges cut after `cut` lines; undefined when the check says they may differ. */
function decodeSplit(text: string, cut: number, window: number): string | undefined {
  const lines = text.split("\n");
  const parts = [lines.slice(0, cut).join("\n") + "\n", lines.slice(cut).join("\n")];
  const outcomes = parts.map((part) => {
    const usage = new Usage();
    const decoder = new AuditDecoder((r) => usage.add(r), { dedupeWindow: window, dedupeTrace: new DedupeTrace() });
    decoder.push(Buffer.from(part));
    const atBoundary = decoder.atRecordBoundary();
    decoder.end();
    return { usage, stats: decoder.stats, atBoundary, trace: decoder.dedupeTrace()!, decoder };
  });
  const [a, b] = outcomes as [(typeof outcomes)[0], (typeof outcomes)[0]];
  // The first range's decoder itself answers as its trace does (how the main thread checks a worker's half).
  expect(a.decoder.isContinuedExactlyBy(b.trace)).toBe(continuesExactly(a.trace, b.trace));
  if (!a.atBoundary || !continuesExactly(a.trace, b.trace)) return undefined;
  const stats = { ...a.stats, events: a.stats.events + b.stats.events, requests: a.stats.requests + b.stats.requests, bytes: a.stats.bytes + b.stats.bytes };
  const skipped: Record<string, number> = { ...a.stats.skipped };
  for (const [reason, n] of Object.entries(b.stats.skipped)) skipped[reason] = (skipped[reason] ?? 0) + n;
  return JSON.stringify([a.usage.merge(b.usage).toJSON(), { ...stats, skipped }]);
}

describe("reading a JSON-lines log as two ranges", () => {
  const ids = (n: number, prefix = "id") => Array.from({ length: n }, (_, k) => `${prefix}-${k}`);

  it("merges into exactly the whole file's result when no duplicate spans the cut", () => {
    const text = log([...ids(12), "id-3", ...ids(12, "other"), "other-10"]);
    // Cuts where neither repeat (id-3 at line 13, other-10 at line 26) has its first copy before the cut.
    for (const cut of [1, 2, 3, 13, 17, 22, 23]) expect(decodeSplit(text, cut, 4)).toBe(decodeWhole(text, 4));
  });

  it("refuses when a retry spans the cut", () => {
    const text = log([...ids(6), "id-5", ...ids(4, "other")]);
    expect(decodeSplit(text, 6, 4)).toBeUndefined();
    expect(decodeSplit(text, 2, 4)).toBe(decodeWhole(text, 4));
  });

  it("refuses when a repeat lies where only the generations' turnover decides whether it is remembered", () => {
    // id-0 again after 5 others with a window of 4: remembered or not depending on how many IDs came before.
    const text = log(["a", "b", "c", ...ids(6), "id-0"]);
    expect(decodeSplit(text, 3, 4)).toBeUndefined();
  });

  it("is exact for every cut of a log with repeats at all distances, whenever it accepts", () => {
    const seq = Array.from({ length: 40 }, (_, k) => `id-${(k * 7) % 23}`);
    const text = log(seq);
    for (let cut = 1; cut < 40; cut++) {
      const split = decodeSplit(text, cut, 3);
      if (split !== undefined) expect(split).toBe(decodeWhole(text, 3));
    }
  });
});
