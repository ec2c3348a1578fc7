import { readFileSync } from "node:fs";
import { join } from "node:path";
import { ReportSchema } from "@rbac-recommender/core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { parseAllDocuments } from "yaml";
import { ROOT, startCli, type Finished } from "../packages/cli/test/support/cli-process.ts";

/** `npm start` is `rbac-recommender demo`; --port 0 so a developer's running demo cannot collide with the test. */
describe("npm start: the demo through the nightly pipeline, then the review API", () => {
  let demo: ReturnType<typeof startCli>;
  let url: string;
  let token: string;
  let finished: Finished | undefined;

  beforeAll(async () => {
    demo = startCli(["demo", "--port", "0"]);
    url = (await demo.waitFor(/^review API: +(http:\/\/\S+)$/m, 60_000))[1]!;
    token = (await demo.waitFor(/^token: +(\S+)$/m))[1]!;
  }, 90_000);
  afterAll(async () => {
    if (!finished) demo?.child.kill("SIGKILL");
  });

  const get = (path: string, auth = true) => fetch(`${url}${path}`, { headers: auth ? { authorization: `Bearer ${token}` } : {} });

  it("prints the summary of a complete analysis (nothing held as stale) and keeps the report files", () => {
    const { stdout } = demo.output();
    expect(stdout).toMatch(/mode: +rbac \(1 RBAC file, \d+ objects\)/);
    expect(stdout).toContain("6 files, 4,924 events, 3,603 requests");
    expect(stdout).not.toContain("HELD:");
    expect(stdout).toContain(".rbac-recommender/demo-store");
    const report = ReportSchema.parse(JSON.parse(readFileSync(join(ROOT, ".rbac-recommender/demo/recommendations.json"), "utf8")));
    expect(report.coverage?.complete).toBe(true);
    expect(report.recommendations.some((r) => r.held?.length)).toBe(false);
  });

  it("answers /healthz without a token and nothing else without one", async () => {
    expect((await get("/healthz", false)).status).toBe(200);
    expect((await get("/v1/recommendations", false)).status).toBe(401);
  });

  it("serves the demo's recommendations, P1 first, with every kind the demo shows", async () => {
    const res = await get("/v1/recommendations?limit=500");
    expect(res.status).toBe(200);
    const items = ((await res.json()) as { items: unknown }).items as Array<{ id: string; kind: string; priority: string; state: string }>;
    expect(items[0]?.priority).toBe("P1");
    expect(new Set(items.map((i) => i.kind))).toEqual(new Set(["REPLACE_ROLE", "SCOPE_DOWN", "REMOVE_BINDING", "DROP_RULES"]));
    expect(items.every((i) => i.state === "ACTIVE")).toBe(true);
    const p1 = ((await (await get("/v1/recommendations?priority=P1")).json()) as { items: unknown }).items as Array<{ kind: string }>;
    expect(new Set(p1.map((i) => i.kind))).toEqual(new Set(["REPLACE_ROLE", "SCOPE_DOWN"]));
  });

  it("hands out a recommendation's manifest as YAML kubectl can read", async () => {
    const [first] = ((await (await get("/v1/recommendations?kind=REPLACE_ROLE&limit=1")).json()) as { items: unknown }).items as Array<{ id: string }>;
    const res = await get(`/v1/recommendations/${first!.id}/manifest.yaml`);
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toContain("application/yaml");
    const docs = parseAllDocuments(await res.text());
    expect(docs.flatMap((d) => d.errors)).toEqual([]);
    const kinds = docs.map((d) => (d.toJS() as { kind?: string } | null)?.kind).filter(Boolean);
    expect(kinds).toEqual(expect.arrayContaining(["RoleBinding"]));
    expect(kinds.some((k) => k === "Role" || k === "ClusterRole")).toBe(true);
  });

  it("stops cleanly on SIGTERM", async () => {
    demo.child.kill("SIGTERM");
    finished = await demo.exited;
    expect(finished.signal).toBeNull();
    expect(finished.code).toBe(0);
    expect(finished.stderr).toContain("review API stopped");
    await expect(get("/healthz", false)).rejects.toThrow();
  });
});
