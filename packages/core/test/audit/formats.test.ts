import { describe, expect, it } from "vitest";
import { isGzip } from "../../src/audit/decoder.ts";
import { auditEvent, decode, jsonLines, type Json } from "./events.ts";

const names = (d: ReturnType<typeof decode>) => d.requests.map((r) => r.user.name);
const eventOf = (username: string, overrides: Json = {}) => auditEvent({ user: { username }, ...overrides });

/** A CloudWatch Logs subscription record as Firehose writes it to S3 for EKS. */
function firehoseRecord(events: Json[], messageType = "DATA_MESSAGE"): Json {
  return {
    messageType, owner: "123456789012", logGroup: "/aws/eks/prod/cluster", logStream: "kube-apiserver-audit-0123",
    subscriptionFilters: ["audit"],
    logEvents: events.map((e, k) => ({ id: `3758${k}`, timestamp: 1714557600000, message: JSON.stringify(e) })),
  };
}

describe("formats, recognised by content", () => {
  it("JSON lines, with blank and CRLF line ends", () => {
    const d = decode(`${JSON.stringify(eventOf("a"))}\r\n\n  ${JSON.stringify(eventOf("b"))}`);
    expect(names(d)).toEqual(["a", "b"]);
  });

  it("a pretty-printed EventList, as the webhook backend sends it", () => {
    const items = [eventOf("a"), eventOf("b"), eventOf("c")].map(({ kind: _k, apiVersion: _v, ...item }) => item);
    const doc = JSON.stringify({ kind: "EventList", apiVersion: "audit.k8s.io/v1", metadata: {}, items }, null, 2);
    const d = decode(doc);
    expect(names(d)).toEqual(["a", "b", "c"]);
    expect(d.stats.skipped).toEqual({});
  });

  it("an EventList whose kind comes after its items", () => {
    const d = decode(JSON.stringify({ items: [eventOf("a")], kind: "EventList", apiVersion: "audit.k8s.io/v1" }));
    expect(names(d)).toEqual(["a"]);
  });

  it("concatenated CloudWatch Logs records without separator, ignoring CONTROL_MESSAGE", () => {
    const control = { messageType: "CONTROL_MESSAGE", owner: "CloudwatchLogs", logGroup: "", logStream: "", subscriptionFilters: [],
      logEvents: [{ id: "", timestamp: 1714557600000, message: "CWL CONTROL MESSAGE: Checking health of destination Firehose." }] };
    const text = [firehoseRecord([eventOf("a"), eventOf("b")]), control, firehoseRecord([eventOf("c")])].map((r) => JSON.stringify(r)).join("");
    const d = decode(text);
    expect(names(d)).toEqual(["a", "b", "c"]);
    expect(d.stats.skipped).toEqual({});
  });

  it("a CONTROL_MESSAGE whose messageType comes after its logEvents", () => {
    const d = decode(JSON.stringify({ logEvents: [{ id: "1", timestamp: 0, message: "CWL CONTROL MESSAGE" }], messageType: "CONTROL_MESSAGE" }));
    expect(d.stats.skipped).toEqual({});
  });

  it("a CloudWatch message that is not an audit event is counted", () => {
    const d = decode(JSON.stringify({ messageType: "DATA_MESSAGE", logEvents: [{ message: "I0501 10:00:00 started" }, { message: "{\"a\":1}" }] }));
    expect(d.stats.skipped).toEqual({ "malformed-json": 1, "not-audit-event": 1 });
  });

  it("pretty-printed single events, one after the other", () => {
    const d = decode(JSON.stringify(eventOf("a"), null, 2) + "\n" + JSON.stringify(eventOf("b"), null, "\t"));
    expect(names(d)).toEqual(["a", "b"]);
  });

  it("a JSON array of events", () => {
    expect(names(decode(JSON.stringify([eventOf("a"), eventOf("b")])))).toEqual(["a", "b"]);
  });

  it("all of them mixed in one stream", () => {
    const text = jsonLines([eventOf("a")]) + JSON.stringify({ kind: "EventList", items: [eventOf("b")] }, null, 1) +
      JSON.stringify(firehoseRecord([eventOf("c")])) + JSON.stringify(eventOf("d"), null, 2) + "\n" + jsonLines([eventOf("e")]);
    expect(names(decode(text))).toEqual(["a", "b", "c", "d", "e"]);
  });
});

describe("input that is not an audit event", () => {
  it("valid JSON of another kind is counted as not-audit-event", () => {
    const d = decode(jsonLines([{ kind: "Pod", apiVersion: "v1" }, "text", 42, null, [1, { a: 1 }], eventOf("a")]));
    expect(names(d)).toEqual(["a"]);
    expect(d.stats.skipped).toEqual({ "not-audit-event": 6 });
  });

  it("malformed lines are counted and decoding goes on at the next line", () => {
    const good = JSON.stringify(eventOf("a"));
    const text = [good, good.slice(0, 80), "not json at all", `{"kind":"Event",}`, "}", JSON.stringify(eventOf("b"))].join("\n");
    const d = decode(text);
    expect(names(d)).toEqual(["a", "b"]);
    expect(d.stats.skipped).toEqual({ "malformed-json": 4 });
  });

  it("a truncated last record is counted", () => {
    const d = decode(jsonLines([eventOf("a")]) + JSON.stringify(eventOf("b")).slice(0, 100));
    expect(names(d)).toEqual(["a"]);
    expect(d.stats.skipped).toEqual({ "malformed-json": 1 });
  });

  it("a truncated EventList keeps the items before the cut", () => {
    const doc = JSON.stringify({ kind: "EventList", items: [eventOf("a"), eventOf("b")] });
    const d = decode(doc.slice(0, doc.length - 50));
    expect(names(d)).toEqual(["a"]);
    expect(d.stats.skipped).toEqual({ "malformed-json": 1 });
  });

  it("counts bytes and recognised events", () => {
    const text = jsonLines([eventOf("a", { stage: "RequestReceived" }), eventOf("a")]);
    const { stats } = decode(text);
    expect(stats).toMatchObject({ bytes: new TextEncoder().encode(text).length, events: 2, requests: 1 });
  });
});

describe("isGzip", () => {
  it.each([
    [[0x1f, 0x8b, 0x08], true],
    [[0x7b, 0x22], false],
    [[0x1f], false],
    [[], false],
  ])("%j → %s", (bytes, want) => {
    expect(isGzip(Uint8Array.from(bytes))).toBe(want);
  });
});
