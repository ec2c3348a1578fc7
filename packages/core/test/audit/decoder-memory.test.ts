import { describe, expect, it } from "vitest";
import { AuditDecoder, releaseDecoderMemory } from "../../src/audit/decoder.ts";
import type { AuditRequest } from "../../src/audit/request.ts";
import { configmapReads, decode, jsonLines } from "./events.ts";

describe("releasing a thread's decoding memory (releaseDecoderMemory)", () => {
  it("leaves a decoder still reading, and one made meanwhile, reading exactly what they would have", () => {
    const text = jsonLines(configmapReads(300, Date.UTC(2026, 10, 16), "shop"));
    const expected = decode(text);
    expect(expected.requests).toHaveLength(300);

    const bytes = new TextEncoder().encode(text);
    const requests: AuditRequest[] = [];
    const reading = new AuditDecoder((r) => requests.push(r));
    reading.push(bytes.subarray(0, bytes.length >> 1));
    releaseDecoderMemory();
    // A decoder made now gets an indexer and a string pool of its own, while `reading` goes on with its own.
    const meanwhile = decode(text);
    reading.push(bytes.subarray(bytes.length >> 1));
    reading.end();

    expect(meanwhile.requests).toEqual(expected.requests);
    expect(requests).toEqual(expected.requests);
    expect(reading.stats).toEqual(expected.stats);
  });
});
