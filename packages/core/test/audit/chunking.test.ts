import { describe, expect, it } from "vitest";
import { auditEvent, decode, jsonLines } from "./events.ts";

/** Every format, escapes and multi-byte characters: a cut can fall anywhere in something interesting. */
function mixedInput(): string {
  const user = { username: "J\u00fcrgen \ud83d\ude00", groups: ["\u00e9quipe"] };
  const escaped = JSON.stringify(auditEvent({ user })).replace('"verb":"get"', '"\\u0076erb":"g\\u0065t"');
  const eventList = JSON.stringify({ kind: "EventList", apiVersion: "audit.k8s.io/v1", items: [auditEvent(), auditEvent({ stage: "RequestReceived" })] }, null, 2);
  const firehose = JSON.stringify({ messageType: "DATA_MESSAGE", logEvents: [{ id: "1", timestamp: 0, message: JSON.stringify(auditEvent({ user })) }] });
  const control = JSON.stringify({ messageType: "CONTROL_MESSAGE", logEvents: [{ id: "", timestamp: 0, message: "CWL CONTROL MESSAGE" }] });
  return [escaped, "this line is not JSON", eventList + firehose + control, JSON.stringify(auditEvent({ requestObject: { verb: "x" } }), null, 1),
    jsonLines([auditEvent({ responseStatus: { code: 401 }, annotations: undefined })])].join("\n");
}

describe("chunk boundaries", () => {
  it("every cut position gives the same result as no cut", () => {
    const bytes = new TextEncoder().encode(mixedInput());
    const whole = decode(bytes);
    expect(whole.requests).toHaveLength(4);
    expect(whole.stats.skipped).toEqual({ "malformed-json": 1, "not-final-stage": 1, unauthenticated: 1 });
    for (let cut = 0; cut <= bytes.length; cut++) {
      expect(decode(bytes, [cut]), `cut at ${cut}`).toEqual(whole);
    }
  });

  it("byte-by-byte gives the same result as no cut", () => {
    const bytes = new TextEncoder().encode(mixedInput());
    expect(decode(bytes, Array.from({ length: bytes.length }, (_, k) => k))).toEqual(decode(bytes));
  });
});

describe("memory does not grow with the input", () => {
  it("an EventList much larger than the record limit is read item by item", () => {
    const items = Array.from({ length: 2000 }, () => auditEvent());
    const doc = JSON.stringify({ kind: "EventList", apiVersion: "audit.k8s.io/v1", items }, null, 2);
    const bytes = new TextEncoder().encode(doc);
    const cuts = Array.from({ length: Math.floor(bytes.length / 4096) }, (_, k) => (k + 1) * 4096);
    const d = decode(bytes, cuts, { maxRecordBytes: 16 * 1024 });
    expect(bytes.length).toBeGreaterThan(100 * 16 * 1024);
    expect(d.requests).toHaveLength(2000);
    expect(d.stats.skipped).toEqual({});
  });

  it("a record over the limit is skipped as malformed and reading goes on", () => {
    const huge = auditEvent({ responseObject: { data: "x".repeat(100_000) } });
    const d = decode(jsonLines([huge, auditEvent()]), [10, 50_000, 90_000], { maxRecordBytes: 32 * 1024 });
    expect(d.requests).toHaveLength(1);
    expect(d.stats.skipped).toEqual({ "malformed-json": 1 });
  });
});
