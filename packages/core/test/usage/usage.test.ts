import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { Usage, epochDay } from "../../src/usage/usage.ts";
import { request } from "./requests.ts";

const day = (iso: string) => Date.parse(iso);

describe("Usage", () => {
  it("counts a repeated request once per observation with first and last seen", () => {
    const usage = new Usage();
    usage.add(request({ time: day("2024-05-01T10:00:00Z") }));
    usage.add(request({ time: day("2024-05-01T08:00:00Z") }));
    usage.add(request({ time: day("2024-05-02T09:00:00Z") }));
    const [record, ...rest] = usage.records();
    expect(rest).toHaveLength(0);
    expect(record).toMatchObject({
      count: 3,
      first: day("2024-05-01T08:00:00Z"),
      last: day("2024-05-02T09:00:00Z"),
      days: [epochDay(day("2024-05-01T00:00:00Z")), epochDay(day("2024-05-02T00:00:00Z"))],
      user: { name: "alice", groups: ["devs", "system:authenticated"] },
      attrs: { verb: "get", resource: "pods", namespace: "shop", name: "web-1" },
    });
  });

  it("stores each principal once: cells carry a small id, not the user, groups and reason", () => {
    const usage = new Usage();
    const reason = 'RBAC: allowed by ClusterRoleBinding "devs-read" of ClusterRole "pod-reader" to Group "devs"';
    usage.add(request({ user: { name: "alice", groups: ["a", "b", "c"] }, reason }));
    usage.add(request({ user: { name: "alice", groups: ["a", "b", "c"] }, reason, name: "web-2" }));
    const json = usage.toJSON();
    expect(json.principals).toEqual([{ user: "alice", groups: ["a", "b", "c"], outcome: "allow", reason }]);
    const keys = Object.values(json.days)[0]!.map(([k]) => k);
    expect(keys).toHaveLength(2);
    for (const key of keys) expect(key).not.toContain("alice");
    expect(usage.records().map((r) => r.user.groups)).toEqual([["a", "b", "c"], ["a", "b", "c"]]);
  });

  it("keeps requests that differ in any attribute, outcome or reason apart", () => {
    const usage = new Usage();
    usage.add(request());
    usage.add(request({ outcome: "forbid" }));
    usage.add(request({ reason: "" }));
    usage.add(request({ reason: 'RBAC: allowed by ClusterRoleBinding "a" of ClusterRole "view" to Group "devs"' }));
    usage.add(request({ subresource: "log" }));
    usage.add(request({ user: { name: "alice", groups: [] } }));
    expect(usage.records()).toHaveLength(6);
    expect(usage.records().filter((r) => r.reason === undefined)).toHaveLength(4);
  });

  it("survives names that contain the key's separators and non-ASCII text", () => {
    const usage = new Usage();
    const odd = request({ name: "we\u001fird\u001e", reason: "\u0000", user: { name: "zoë", groups: ["a\u001eb", "ü"] } });
    usage.add(odd);
    usage.add(request({ name: "we" }));
    const back = Usage.fromJSON(JSON.parse(JSON.stringify(usage.toJSON())));
    const record = back.records().find((r) => r.attrs.name !== "we");
    expect(record).toMatchObject({ count: 1, reason: "\u0000", user: { name: "zoë", groups: ["a\u001eb", "ü"] }, attrs: { name: "we\u001fird\u001e" } });
    expect(back.records()).toHaveLength(2);
  });

  it("records the impersonator's own use of impersonate on the user and the groups it asked for", () => {
    const usage = new Usage();
    usage.add(
      request({
        user: { name: "bob", groups: ["qa", "system:authenticated"] },
        impersonator: { name: "admin", groups: ["ops"] },
      }),
    );
    const mine = usage.records().filter((r) => r.user.name === "admin").map((r) => `${r.attrs.verb} ${r.attrs.resource}/${r.attrs.name}`);
    expect(mine.sort()).toEqual(["impersonate groups/qa", "impersonate users/bob"]);
  });

  it("records impersonating a service account as impersonate on serviceaccounts in its namespace", () => {
    const usage = new Usage();
    usage.add(
      request({
        user: { name: "system:serviceaccount:ci:deployer", groups: ["system:serviceaccounts", "system:serviceaccounts:ci", "system:authenticated"] },
        impersonator: { name: "admin", groups: [] },
      }),
    );
    const [imp] = usage.records().filter((r) => r.user.name === "admin");
    expect(imp?.attrs).toMatchObject({ verb: "impersonate", resource: "serviceaccounts", namespace: "ci", name: "deployer" });
  });

  it("windows by UTC day", () => {
    const usage = new Usage();
    usage.add(request({ time: day("2024-05-01T23:59:59Z") }));
    usage.add(request({ time: day("2024-05-03T00:00:00Z"), verb: "delete" }));
    const w = usage.window(day("2024-05-02T12:00:00Z"), day("2024-05-03T12:00:00Z"));
    expect(w.records().map((r) => r.attrs.verb)).toEqual(["delete"]);
    expect(usage.records()).toHaveLength(2);
  });

  it("a windowed copy can be merged into without changing the original", () => {
    const usage = new Usage();
    usage.add(request());
    const copy = usage.window(0, Date.parse("2030-01-01T00:00:00Z"));
    copy.merge(usage);
    expect(copy.records()[0]?.count).toBe(2);
    expect(usage.records()[0]?.count).toBe(1);
  });

  it("merges a transfer (a decoding worker's partial) exactly as the usage itself, cell order included", () => {
    const worker = new Usage();
    worker.add(request({ name: "we\u001fird", user: { name: "zoë", groups: ["a\u001eb"] } }));
    worker.add(request({ time: day("2024-05-03T00:00:00Z"), verb: "delete", reason: "" }));
    const main = new Usage();
    main.add(request({ verb: "list", name: "" }));
    const expected = Usage.fromJSON(main.toJSON()).merge(worker);
    expect(main.mergeTransfer(worker.toTransfer()).toJSON()).toEqual(expected.toJSON());
  });

  it("reads its records in place over a window's days, as a windowed copy would list them", () => {
    const usage = new Usage();
    usage.add(request({ time: day("2024-05-01T10:00:00Z") }));
    usage.add(request({ time: day("2024-05-02T10:00:00Z"), verb: "list" }));
    usage.add(request({ time: day("2024-05-03T10:00:00Z") }));
    const window = { from: day("2024-05-02T00:00:00Z"), to: day("2024-05-03T23:00:00Z") };
    const seen: unknown[] = [];
    // The visitor sees one record object, refilled: what it keeps, it copies.
    usage.forEachRecord(window, (record) => seen.push({ ...record }));
    expect(seen).toEqual(usage.window(window.from, window.to).records());
    expect(usage.days(window)).toEqual(usage.window(window.from, window.to).days());
    expect(usage.bounds(window)).toEqual(usage.window(window.from, window.to).bounds());
  });

  it("round-trips through JSON and rejects what is not a partial", () => {
    const usage = new Usage();
    usage.add(request());
    usage.add(request({ reason: "", time: day("2024-05-04T00:00:00Z") }));
    const back = Usage.fromJSON(JSON.parse(JSON.stringify(usage.toJSON())));
    expect(back.records()).toEqual(usage.records());
    expect(() => Usage.fromJSON({ version: 1, days: {} } as never)).toThrow(/usage partial \(version 2\)/);
  });

  it("merging partials in any grouping and order gives the same usage as adding everything to one", () => {
    const requests = fc.array(
      fc.record({
        verb: fc.constantFrom("get", "list", "delete"),
        name: fc.constantFrom("", "a", "b"),
        time: fc.integer({ min: day("2024-05-01T00:00:00Z"), max: day("2024-05-05T00:00:00Z") }),
        outcome: fc.constantFrom("allow" as const, "forbid" as const),
      }),
      { maxLength: 40 },
    );
    fc.assert(
      fc.property(requests, fc.integer({ min: 1, max: 5 }), (reqs, parts) => {
        const whole = new Usage();
        const partials = Array.from({ length: parts }, () => new Usage());
        reqs.forEach((r, i) => {
          whole.add(request(r));
          partials[i % parts]!.add(request(r));
        });
        const merged = partials.reverse().reduce((acc, p) => acc.merge(Usage.fromJSON(p.toJSON())), new Usage());
        const transferred = partials.reduce((acc, p) => acc.mergeTransfer(p.toTransfer()), new Usage());
        const sort = (u: Usage) => JSON.stringify(u.records().sort((a, b) => JSON.stringify(a).localeCompare(JSON.stringify(b))));
        expect(sort(merged)).toBe(sort(whole));
        expect(sort(transferred)).toBe(sort(whole));
      }),
    );
  });
});
