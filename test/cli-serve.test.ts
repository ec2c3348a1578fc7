import { createServer, type Server } from "node:net";
import { mkdirSync, mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { event, jsonLines, serviceAccountGroups } from "../packages/core/test/audit/events.ts";
import { runCli, startCli } from "../packages/cli/test/support/cli-process.ts";
import { storefrontRbacYaml, viaStorefrontAdmin } from "../packages/cli/test/support/storefront.ts";

const TOKEN = "a-reviewer-token-for-the-test";

/** Reads of one configmap by shop/storefront, an hour ago: inside the nightly window, which ends now. */
const storefrontReads = (count: number, name: string) =>
  jsonLines(
    Array.from({ length: count }, (_, i) =>
      event({
        user: "system:serviceaccount:shop:storefront", groups: serviceAccountGroups("shop"), verb: "get", resource: "configmaps",
        namespace: "shop", name, at: Date.now() - 3_600_000 + i * 1000, reason: viaStorefrontAdmin, auditID: `${name}-${i}`,
      }),
    ),
  );

let ws: string;
const path = (...parts: string[]) => join(ws, ...parts);

beforeAll(() => {
  ws = mkdtempSync(join(tmpdir(), "rbac-cli-serve-"));
  mkdirSync(path("audit"));
  writeFileSync(path("rbac.yaml"), storefrontRbacYaml);
});

describe("analyze --store with local files", () => {
  const analyze = () => runCli(["analyze", "--audit-log", path("audit"), "--rbac", path("rbac.yaml"), "--store", path("store")]);

  it("runs the nightly pipeline into a directory, reading only what is new each time", async () => {
    writeFileSync(path("audit", "day-1.log"), storefrontReads(3, "storefront-config"));
    const first = await analyze();
    expect(first.stderr).toBe("");
    expect(first.code).toBe(0);
    expect(first.stdout).toContain("read 1 new object, skipped 0 already processed (1 listed)");
    expect(first.stdout).toMatch(/mode: +rbac \(1 RBAC file, 3 objects\)/);

    writeFileSync(path("audit", "day-2.log"), storefrontReads(4, "storefront-flags"));
    const second = await analyze();
    expect(second.code).toBe(0);
    expect(second.stdout).toContain("read 1 new object, skipped 1 already processed (2 listed)");
    expect(second.stdout).toContain("input:            2 files, 7 events, 7 requests");
    expect(second.stdout).toContain(`review:           rbac-recommender serve --store ${path("store")}`);
  });
});

describe("rbac-recommender serve", () => {
  let busy: Server;
  beforeAll(async () => {
    busy = createServer();
    await new Promise<void>((resolve) => busy.listen(0, "127.0.0.1", resolve));
  });
  afterAll(() => new Promise<void>((resolve) => busy.close(() => resolve())));

  it("serves the store's recommendations with the given token until SIGINT, then exits 0", async () => {
    const serve = startCli(["serve", "--store", path("store"), "--port", "0", "--token", TOKEN]);
    const url = (await serve.waitFor(/^review API: +(\S+)$/m))[1]!;
    expect(serve.output().stdout).toContain(`token:            ${TOKEN}`);

    const res = await fetch(`${url}/v1/recommendations`, { headers: { authorization: `Bearer ${TOKEN}` } });
    expect(res.status).toBe(200);
    const items = ((await res.json()) as { items: unknown }).items as Array<{ subject: { name: string }; requests: number }>;
    expect(items.find((i) => i.subject.name === "storefront")?.requests).toBe(7);
    expect((await fetch(`${url}/v1/recommendations`, { headers: { authorization: "Bearer wrong-token-of-enough-length" } })).status).toBe(401);

    serve.child.kill("SIGINT");
    const done = await serve.exited;
    expect(done.code).toBe(0);
    await expect(fetch(`${url}/healthz`)).rejects.toThrow();
  });

  it("generates a token when none is given", async () => {
    const serve = startCli(["serve", "--store", path("store"), "--port", "0"]);
    const url = (await serve.waitFor(/^review API: +(\S+)$/m))[1]!;
    const token = (await serve.waitFor(/^token: +(\S+)$/m))[1]!;
    expect(token.length).toBeGreaterThanOrEqual(24);
    expect((await fetch(`${url}/v1/runs`, { headers: { authorization: `Bearer ${token}` } })).status).toBe(200);
    serve.child.kill("SIGTERM");
    expect((await serve.exited).code).toBe(0);
  });

  it.each([
    ["no --store", ["serve"]],
    ["a port that is not a number", ["serve", "--store", "x", "--port", "http"]],
    ["a short token", ["serve", "--store", "x", "--token", "abc"]],
    ["an unknown flag", ["serve", "--store", "x", "--verbose"]],
  ])("exits 2 with the serve usage line on %s", async (_, args) => {
    const run = await runCli(args);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain("usage: rbac-recommender serve --store");
    expect(run.stdout).toBe("");
  });

  it.each([
    ["a store directory that does not exist", () => ["serve", "--store", path("no-store"), "--port", "0"], /^rbac-recommender: store .*no-store: no such directory/],
    ["a port in use", () => ["serve", "--store", path("store"), "--port", String((busy.address() as { port: number }).port)], /^rbac-recommender: cannot listen on 127\.0\.0\.1:\d+: .*EADDRINUSE/],
  ])("fails with one line on %s", async (_, args, line) => {
    const run = await runCli(args());
    expect(run.code).toBe(1);
    expect(run.stderr.trimEnd().split("\n")).toHaveLength(1);
    expect(run.stderr).toMatch(line);
  });
});
