import { describe, expect, it } from "vitest";
import { StringPool } from "../../src/audit/string-pool.ts";
import { StringScan } from "../../src/audit/json-scan.ts";
import { auditEvent, decode, jsonLines } from "./events.ts";

const REASON = "authorization.k8s.io/reason";
const long = (tail: string) => `RBAC: allowed by ClusterRoleBinding "system:controller:replicaset-controller" of ClusterRole "${tail}"`;

/** Decodes events that differ only in their reason annotation; returns the reasons of the requests, in order. */
function reasons(values: readonly string[]): (string | undefined)[] {
  const events = values.map((reason) => auditEvent({ annotations: { "authorization.k8s.io/decision": "allow", [REASON]: reason } }));
  return decode(jsonLines(events)).requests.map((r) => r.reason);
}

describe("long strings (over 64 bytes) are cached exactly", () => {
  it("two long reasons sharing a prefix do not collide, in either order and repeated", () => {
    const a = long("system:controller:replicaset-controller");
    const b = long("system:controller:replicaset-controllex");
    const values = [a, b, a, a, b, b, a];
    expect(reasons(values)).toEqual(values);
  });

  it("long reasons of different lengths, with escapes and non-ASCII, read as JSON.parse reads them", () => {
    const values = [long("x"), long("x\"y"), long("x\\y"), long("équipe"), long("\u2028"), long("x"), long("x\"y"), long("")];
    expect(reasons(values)).toEqual(values);
    expect(reasons([...values].reverse())).toEqual([...values].reverse());
  });

  it("a long string is not taken for one it begins, nor one it is the beginning of", () => {
    const a = long("abc");
    const values = [a, a + " and more", a, a.slice(0, -2) + "\"", a];
    expect(reasons(values)).toEqual(values);
  });

  it("strings that land in the same slot are told apart by their bytes", () => {
    const pool = new StringPool();
    const scan = new StringScan();
    const text = (s: string, hash: number) => {
      const b = Buffer.from(JSON.stringify(s));
      expect(scan.endHashed(b, 1, b.length)).toBe(b.length - 1);
      return pool.text(b, 1, b.length - 1, scan.flags, hash);
    };
    // A forced hash: every string goes to slot 0 of its kind.
    for (const s of [long("a"), long("b"), "short-a", "short-b", long("a"), "short-a", long("b")]) expect(text(s, 0)).toBe(s);
  });

  it("very long strings (past the cache) still decode", () => {
    const huge = long("z".repeat(5000));
    expect(reasons([huge, huge])).toEqual([huge, huge]);
  });
});

describe("the string pool stays exact when strings crowd it", () => {
  it("a hundred thousand distinct strings, several to a slot within one event, read as JSON.parse reads them", () => {
    let state = 7;
    const random = () => (state = (Math.imul(state, 1103515245) + 12345) >>> 0);
    const text = (length: number) => Array.from({ length }, () => String.fromCharCode(97 + (random() % 26))).join("");
    // Short groups share the 65,536 short slots, long ones (over 64 bytes) the 4,096 long ones.
    const groups = (n: number) => Array.from({ length: n }, (_, k) => (k % 6 === 0 ? `long-${text(80 + (random() % 200))}` : text(8 + (random() % 40))));
    const events = Array.from({ length: 1500 }, (_, k) => auditEvent({
      auditID: `pool-${k}`, user: { username: text(10), groups: groups(32) }, impersonatedUser: { username: text(70), groups: groups(32) },
      annotations: { "authorization.k8s.io/decision": "allow", [REASON]: long(text(60)) },
    }));
    const input = jsonLines(events);
    const { requests } = decode(input, Array.from({ length: Math.floor(input.length / 65536) }, (_, k) => (k + 1) * 65536));
    expect(requests.map((r) => [r.user.name, r.user.groups, r.reason])).toEqual(events.map((e) => {
      const as = e.impersonatedUser as { username: string; groups: string[] };
      return [as.username, as.groups, (e.annotations as Record<string, string>)[REASON]];
    }));
  });
});

describe("remembered audit IDs", () => {
  it("earlier stages still count as audit events and their IDs are not taken for the final stage's", () => {
    const id = "11111111-2222-4333-8444-555555555555";
    const events = [auditEvent({ auditID: id, stage: "RequestReceived" }), auditEvent({ auditID: id }), auditEvent({ auditID: id })];
    const { requests, stats } = decode(jsonLines(events));
    expect(requests).toHaveLength(1);
    expect(stats).toMatchObject({ events: 3, requests: 1, skipped: { "not-final-stage": 1, "duplicate-audit-id": 1 } });
  });

  it("knows an ID again however it is written: packed from the bytes, decoded from escapes, or kept as text", () => {
    const id = "0a1b2c3d-4e5f-4a6b-8c7d-9e0f1a2b3c4d";
    const ids = [
      id, id.replace("0a1b", "\\u0030a1b"), // the same UUID, once plain (packed from the input), once escaped
      id.toUpperCase(), id.toUpperCase(), // no packed form: remembered by its text
      "my-id", "my-\\u0069d", // a client's own ID, escaped the second time
      id.replace("3c4d", "3c4e"), // another UUID
    ];
    const text = ids.map((auditID) => JSON.stringify(auditEvent({ auditID })).replace(/"auditID":"[^"]*"/, `"auditID":"${auditID}"`)).join("\n");
    const { stats } = decode(new TextEncoder().encode(text));
    expect(stats).toMatchObject({ events: 7, requests: 4, skipped: { "duplicate-audit-id": 3 } });
  });
});

describe("fallback timestamps, parsed only when requestReceivedTimestamp is not usable", () => {
  const base = '{"kind":"Event","apiVersion":"audit.k8s.io/v1","auditID":"t-ID","stage":"ResponseComplete","verb":"get",' +
    '"user":{"username":"alice"},"objectRef":{"resource":"pods"},';
  const time = (members: string) => {
    const { requests, stats } = decode(base.replace("ID", String(Math.random())) + members + "}\n");
    return requests.length === 1 ? new Date(requests[0]!.time).toISOString() : Object.keys(stats.skipped)[0];
  };

  it.each([
    ["stageTimestamp before requestReceivedTimestamp", '"stageTimestamp":"2024-05-01T10:00:02Z","requestReceivedTimestamp":"2024-05-01T10:00:01Z"', "2024-05-01T10:00:01.000Z"],
    ["an unparseable requestReceivedTimestamp", '"requestReceivedTimestamp":"nope","stageTimestamp":"2024-05-01T10:00:02Z"', "2024-05-01T10:00:02.000Z"],
    ["a stageTimestamp written with escapes", '"requestReceivedTimestamp":7,"stageTimestamp":"2024-05-01T10:00:03\\u005a"', "2024-05-01T10:00:03.000Z"],
    ["a stageTimestamp of the wrong type", '"stageTimestamp":null,"timestamp":"2017-09-11T19:55:05Z"', "2017-09-11T19:55:05.000Z"],
    ["a repeated stageTimestamp: the last one", '"stageTimestamp":"2024-05-01T10:00:04Z","stageTimestamp":"2024-05-01T10:00:05Z"', "2024-05-01T10:00:05.000Z"],
    ["a string then a non-string stageTimestamp", '"stageTimestamp":"2024-05-01T10:00:04Z","stageTimestamp":1', "missing-fields"],
    ["none", '"level":"Metadata"', "missing-fields"],
  ])("%s", (_, members, expected) => {
    expect(time(members)).toBe(expected);
  });
});
