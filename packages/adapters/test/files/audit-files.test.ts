import { mkdir, mkdtemp, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { constants, gzipSync, gunzipSync } from "node:zlib";
import type { AuditRequest } from "@rbac-recommender/core";
import { describe, expect, it } from "vitest";
import { readAuditLogs, type AuditReadProgress } from "../../src/files/audit-files.ts";
import { InputError } from "../../src/files/input-paths.ts";
import { configmapReads, eventList, firehoseObject, jsonLines } from "../../../core/test/audit/events.ts";

const T0 = Date.UTC(2026, 10, 16, 9);

async function dir(files: Record<string, string | Buffer>): Promise<string> {
  const root = await mkdtemp(join(tmpdir(), "rbac-rec-audit-"));
  for (const [name, content] of Object.entries(files)) {
    await mkdir(join(root, name, ".."), { recursive: true });
    await writeFile(join(root, name), content);
  }
  return root;
}

async function read(paths: string[]) {
  const requests: AuditRequest[] = [];
  const result = await readAuditLogs(paths, (r) => requests.push(r));
  return { ...result, requests, names: requests.map((r) => r.name) };
}

describe("readAuditLogs", () => {
  it("reads every format in a directory tree, detecting gzip by content rather than by name", async () => {
    const root = await dir({
      "plain.log": jsonLines(configmapReads(3, T0)),
      // A gzip file without .gz (as Firehose names objects) and a plain file that is named .gz.
      "nested/rotated-1": gzipSync(jsonLines(configmapReads(4, T0 + 10_000))),
      "nested/misnamed.log.gz": jsonLines(configmapReads(2, T0 + 20_000)),
      "webhook/batch.json": eventList(configmapReads(5, T0 + 30_000)),
      "firehose/2026/11/16/eks-audit-1-2026-11-16-09-00-00-abc": firehoseObject(configmapReads(6, T0 + 40_000)),
    });
    const { files, stats, requests } = await read([root]);
    expect(files).toBe(5);
    expect(requests).toHaveLength(3 + 4 + 2 + 5 + 6);
    expect(stats.requests).toBe(20);
    expect(stats.skipped["malformed-json"] ?? 0).toBe(0);
  });

  it("keeps everything before the cut of a truncated gzip and counts it", async () => {
    const whole = gzipSync(jsonLines(configmapReads(400, T0)));
    const cut = whole.subarray(0, Math.floor(whole.length * 0.6));
    // What a tolerant gunzip recovers from the same bytes: the complete lines are what must survive.
    const recoverable = gunzipSync(cut, { finishFlush: constants.Z_SYNC_FLUSH }).toString("utf8");
    const completeLines = recoverable.split("\n").length - 1;
    const root = await dir({ "audit.log.gz": cut, "later.log": jsonLines(configmapReads(1, T0 + 1_000_000)) });

    const { stats, requests, names } = await read([root]);
    expect(stats.skipped["truncated-gzip"]).toBe(1);
    expect(completeLines).toBeGreaterThan(100);
    expect(requests).toHaveLength(completeLines + 1);
    expect(names.slice(0, 3)).toEqual(["config-0", "config-1", "config-2"]);
  });

  it("counts malformed lines and keeps the good ones around them", async () => {
    const [a, b] = configmapReads(2, T0).map((e) => JSON.stringify(e));
    const root = await dir({ "audit.log": `${a}\n{"kind":"Event","auditID":\nnot json at all\n${b}\n` });
    const { stats, names } = await read([root]);
    expect(names).toEqual(["config-0", "config-1"]);
    expect(stats.skipped["malformed-json"]).toBe(2);
  });

  it("reports progress with the bytes read from disk", async () => {
    const content = gzipSync(jsonLines(configmapReads(50, T0)));
    const root = await dir({ "a.gz": content });
    const updates: AuditReadProgress[] = [];
    await readAuditLogs([root], () => {}, { onProgress: (p) => updates.push(p) });
    expect(updates.at(-1)).toEqual({ bytesRead: content.length, events: 50 });
  });

  it("fails on a missing path with an error naming it", async () => {
    const root = await dir({ "a.log": jsonLines(configmapReads(1, T0)) });
    const missing = join(root, "missing.log");
    const error = await read([join(root, "a.log"), missing]).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(InputError);
    expect((error as Error).message).toBe(`audit log ${missing}: no such file or directory`);
  });
});
