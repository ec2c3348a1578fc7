import fc from "fast-check";
import { describe, expect, it } from "vitest";
import type { AuditRequest } from "../../src/audit/request.ts";
import { RequestSink } from "../../src/audit/request-sink.ts";
import { auditEvent } from "./arbitrary-events.ts";
import { decode } from "./events.ts";
import { JsonWriter } from "./json-writer.ts";
import { referenceFields } from "./reference.ts";

/** What JSON.parse-ing each event on its own makes of them. */
function reference(texts: readonly string[]): { requests: AuditRequest[]; stats: RequestSink["stats"] } {
  const requests: AuditRequest[] = [];
  const sink = new RequestSink((r) => requests.push(r), 100_000);
  for (const t of texts) {
    const fields = referenceFields(t);
    if (fields === undefined) sink.skip("not-audit-event");
    else sink.event(fields);
  }
  return { requests, stats: sink.stats };
}

describe("the fast reader equals JSON.parse", () => {
  it("on random events, written with shuffled keys, escapes and whitespace, cut into random chunks", () => {
    fc.assert(fc.property(
      fc.array(auditEvent, { minLength: 1, maxLength: 8 }), fc.integer(), fc.array(fc.nat(), { maxLength: 6 }),
      fc.constantFrom("\n", "", " "),
      (events, seed, cutSeeds, separator) => {
        const writer = new JsonWriter(seed);
        const texts = events.map((e) => writer.write(e));
        const input = new TextEncoder().encode(texts.join(separator));
        const cuts = [...new Set(cutSeeds.map((c) => c % (input.length + 1)))].sort((a, b) => a - b);
        const fast = decode(input, cuts);
        const slow = reference(texts);
        expect(fast.requests).toEqual(slow.requests);
        expect({ ...fast.stats, bytes: 0 }).toEqual({ ...slow.stats, bytes: 0 });
      },
    ), { numRuns: 400 });
  });
});
