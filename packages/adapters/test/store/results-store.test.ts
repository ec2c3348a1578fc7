import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { z } from "zod";
import { FsObjectStore } from "../../src/store/fs-object-store.ts";
import { InvalidKeyError } from "../../src/store/keys.ts";
import { PreconditionFailedError } from "../../src/store/object-store.ts";
import { ResultsStore } from "../../src/store/results-store.ts";
import { S3ObjectStore } from "../../src/store/s3-object-store.ts";
import { startS3, type S3TestEnv } from "../../../../test/setup/s3-test-env.ts";

const Review = z.object({ state: z.enum(["open", "accepted"]), by: z.string() });

let s3: S3TestEnv;
let dir: string;

beforeAll(async () => {
  s3 = await startS3();
  dir = await mkdtemp(join(tmpdir(), "store-"));
});
afterAll(async () => {
  await s3?.stop();
  await rm(dir, { recursive: true, force: true });
});

const backends: Array<[string, () => Promise<ResultsStore>]> = [
  ["filesystem", async () => new ResultsStore(new FsObjectStore(await mkdtemp(join(dir, "fs-"))))],
  ["s3", async () => new ResultsStore(new S3ObjectStore(s3.client, { bucket: await s3.bucket("store"), prefix: "team/a" }, 2))],
];

describe.each(backends)("results store on %s", (_name, makeStore) => {
  it("reads back what was written, validated against the schema", async () => {
    const store = await makeStore();
    const { etag } = await store.putJson("reviews/r1.json", { state: "open", by: "alice" });
    const read = await store.getJson("reviews/r1.json", Review);
    expect(read).toEqual({ value: { state: "open", by: "alice" }, etag });
    expect(await store.getJson("reviews/missing.json", Review)).toBeUndefined();
    await store.putJson("reviews/bad.json", { state: "maybe" });
    await expect(store.getJson("reviews/bad.json", Review)).rejects.toThrow(/does not match its schema/);
  });

  it("create-only: of two racing creates exactly one wins", async () => {
    const store = await makeStore();
    const results = await Promise.allSettled([
      store.putJson("reviews/r2.json", { state: "open", by: "alice" }, { ifNoneMatch: "*" }),
      store.putJson("reviews/r2.json", { state: "accepted", by: "bob" }, { ifNoneMatch: "*" }),
    ]);
    expect(results.filter((r) => r.status === "fulfilled")).toHaveLength(1);
    const rejected = results.find((r) => r.status === "rejected") as PromiseRejectedResult;
    expect(rejected.reason).toBeInstanceOf(PreconditionFailedError);
    const winner = (results.find((r) => r.status === "fulfilled") as PromiseFulfilledResult<{ etag: string }>).value;
    expect((await store.getJson("reviews/r2.json", Review))?.etag).toBe(winner.etag);
  });

  it("if-match: of two updates from the same version exactly one wins, a stale etag always loses", async () => {
    const store = await makeStore();
    const { etag } = await store.putJson("current.json", { state: "open", by: "run-1" });
    const results = await Promise.allSettled([
      store.putJson("current.json", { state: "open", by: "run-2" }, { ifMatch: etag }),
      store.putJson("current.json", { state: "open", by: "run-3" }, { ifMatch: etag }),
    ]);
    expect(results.map((r) => r.status).sort()).toEqual(["fulfilled", "rejected"]);
    const by = (await store.getJson("current.json", Review))!.value.by;
    expect(["run-2", "run-3"]).toContain(by);
    await expect(store.putJson("current.json", { state: "open", by: "late" }, { ifMatch: etag })).rejects.toBeInstanceOf(PreconditionFailedError);
    await expect(store.putJson("nothing-here.json", { state: "open", by: "x" }, { ifMatch: etag })).rejects.toBeInstanceOf(PreconditionFailedError);
  });

  it("lists keys under a prefix across pages, relative to the store root", async () => {
    const store = await makeStore();
    for (const key of ["a/1.json", "a/2.json", "a/3.json", "b/1.json", "ab.json"]) await store.putJson(key, {});
    const keys: string[] = [];
    for await (const key of store.list("a/")) keys.push(key);
    expect(keys).toEqual(["a/1.json", "a/2.json", "a/3.json"]);
    await store.delete("a/2.json");
    const after: string[] = [];
    for await (const key of store.list("")) after.push(key);
    expect(after).toEqual(["a/1.json", "a/3.json", "ab.json", "b/1.json"]);
  });

  it.each(["../escape.json", "a/../../b.json", "/abs.json", "a//b.json", ".hidden", "a/b c.json", ""])(
    "refuses the key %j",
    async (key) => {
      const store = await makeStore();
      await expect(store.putJson(key, {})).rejects.toBeInstanceOf(InvalidKeyError);
      await expect(store.getText(key)).rejects.toBeInstanceOf(InvalidKeyError);
    },
  );
});
