import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { S3AuditSource } from "../../src/s3/audit-source.ts";
import { decodeAuditObject } from "../../src/pipeline/decode-object.ts";
import type { AuditObject } from "../../src/pipeline/audit-source.ts";
import { eventList, gzip, jsonLines, serviceAccountRequests } from "../../../core/test/audit/events.ts";
import { startS3, type S3TestEnv } from "../../../../test/setup/s3-test-env.ts";

let s3: S3TestEnv;
let bucket: string;
const time = Date.parse("2026-11-20T10:00:00Z");
const requests = (n: number, from: number) => serviceAccountRequests("shop", "api", n, from, time, { verb: "get", resource: "pods", name: "p" });

beforeAll(async () => {
  s3 = await startS3();
  bucket = await s3.bucket("audit");
  await s3.put(bucket, "logs/a/no-extension", gzip(jsonLines(requests(3, 0))));
  await s3.put(bucket, "logs/b/plain.json", eventList(requests(2, 100)));
  const cut = gzip(jsonLines(requests(40, 200)));
  await s3.put(bucket, "logs/c/cut.gz", cut.subarray(0, Math.floor(cut.length * 0.6)));
  await s3.put(bucket, "logs/d/", "");
  await s3.put(bucket, "other/x.gz", gzip(jsonLines(requests(1, 300))));
});
afterAll(() => s3?.stop());

async function listed(source: S3AuditSource): Promise<AuditObject[]> {
  const objects: AuditObject[] = [];
  for await (const object of source.list()) objects.push(object);
  return objects;
}

describe("audit logs in S3", () => {
  it("lists every object under the prefix across pages, skipping folder placeholders", async () => {
    const objects = await listed(new S3AuditSource(s3.client, { bucket, prefix: "logs/" }, 1));
    expect(objects.map((o) => o.uri)).toEqual([
      `s3://${bucket}/logs/a/no-extension`,
      `s3://${bucket}/logs/b/plain.json`,
      `s3://${bucket}/logs/c/cut.gz`,
    ]);
    expect(objects.every((o) => /^"[0-9a-f]{32}"$/.test(o.etag) && o.size > 0 && o.lastModified > 0)).toBe(true);
  });

  it("decodes gzip by its magic bytes whatever the name, and plain JSON as is", async () => {
    const source = new S3AuditSource(s3.client, { bucket, prefix: "logs/" });
    const [gzipped, plain] = await listed(source);
    const a = await decodeAuditObject(await source.open(gzipped!));
    expect(a.stats).toMatchObject({ events: 3, requests: 3, skipped: {} });
    expect(a.usage.days()).toEqual([Math.floor(time / 86_400_000)]);
    const b = await decodeAuditObject(await source.open(plain!));
    expect(b.stats).toMatchObject({ events: 2, requests: 2 });
  });

  it("keeps the requests before the cut of a truncated gzip and counts it", async () => {
    const source = new S3AuditSource(s3.client, { bucket, prefix: "logs/c/" });
    const [cut] = await listed(source);
    const { stats } = await decodeAuditObject(await source.open(cut!));
    expect(stats.skipped["truncated-gzip"]).toBe(1);
    expect(stats.requests).toBeGreaterThan(0);
    expect(stats.requests).toBeLessThan(40);
  });

  it("refuses to read a different version than the one listed", async () => {
    const source = new S3AuditSource(s3.client, { bucket, prefix: "logs/a/" });
    const [object] = await listed(source);
    await expect(source.open({ ...object!, etag: '"0123456789abcdef0123456789abcdef"' })).rejects.toThrow();
  });
});
