import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startTestApi, type RunningTestApi } from "../packages/api/test/support/api-server.ts";
import { publishNightly } from "../packages/api/test/support/nightly.ts";
import { report, type RecommendationSpec } from "../packages/api/test/support/report-fixture.ts";
import { reviewer } from "../packages/api/test/support/reviewer.ts";
import { BACKENDS, storeContents, type TestStore } from "../packages/api/test/support/stores.ts";

const sa = (namespace: string, name: string) => ({ kind: "ServiceAccount" as const, namespace, name });

const checkout = { subject: sa("shop", "checkout"), priority: "P1" } as const;
const invoicer = { subject: sa("billing", "invoicer"), priority: "P1" } as const;
const metrics = { subject: sa("ops", "metrics") } as const;
const backup = { subject: sa("ops", "backup"), priority: "P4" } as const;

/** Four nights. Invoicer and metrics start using what the recommendation would remove on Wednesday. */
const NIGHTS: Array<{ runId: string; generatedAt: string; specs: RecommendationSpec[] }> = [
  { runId: "20261123T020000Z-000001", generatedAt: "2026-11-23T02:00:00.000Z", specs: [checkout, invoicer, metrics, backup] },
  { runId: "20261124T020000Z-000002", generatedAt: "2026-11-24T02:00:00.000Z", specs: [checkout, { ...invoicer, requests: 30 }, metrics, backup] },
  { runId: "20261125T020000Z-000003", generatedAt: "2026-11-25T02:00:00.000Z", specs: [checkout] },
  { runId: "20261126T020000Z-000004", generatedAt: "2026-11-26T02:00:00.000Z", specs: [{ ...checkout, requests: 40 }] },
];
const publish = (testStore: TestStore, night: number) => publishNightly(testStore.store, report(NIGHTS[night]!.specs, NIGHTS[night]!.generatedAt), NIGHTS[night]!.runId);

describe.each(BACKENDS)("recommendations that resolve themselves, over the $backend store", ({ open }) => {
  let testStore: TestStore;
  let running: RunningTestApi;

  beforeAll(async () => {
    testStore = await open();
    await publish(testStore, 0);
    running = await startTestApi(testStore);
  });
  afterAll(async () => {
    await running?.close();
    await testStore?.close();
  });

  const client = () => running.client;
  const { move, read } = reviewer(client);
  const ids = async (query: string) => (await client().get(`/v1/recommendations${query}`)).json().items.map((i: { id: string }) => i.id).sort();

  it("reads a reviewed recommendation the nightly re-run no longer makes as RESOLVED, with its history and the run that stopped it", async () => {
    await move("sa-billing-invoicer", "DISMISSED", { reason: "owned by another team" });
    await move("sa-ops-metrics", "CLAIMED", { ticket: "RBAC-9" });
    await move("sa-ops-metrics", "FAILED", { reason: "the rollout broke scraping" });
    await move("sa-ops-backup", "CLAIMED");
    await move("sa-ops-backup", "SUCCEEDED");
    await publish(testStore, 1);
    await publish(testStore, 2);

    const invoicer = await read("sa-billing-invoicer");
    expect(invoicer.review).toMatchObject({ state: "RESOLVED", resolvedBy: NIGHTS[2]!.runId, next: [] });
    expect(invoicer.review.history).toMatchObject([{ from: "ACTIVE", to: "DISMISSED", reason: "owned by another team" }]);
    expect(invoicer.usage.requests).toBe(30); // as Tuesday, the last run that recommended it, had it
    const metrics = await read("sa-ops-metrics");
    expect(metrics.review).toMatchObject({ state: "RESOLVED", resolvedBy: NIGHTS[2]!.runId });
    expect(metrics.review.history.map((h: { to: string }) => h.to)).toEqual(["CLAIMED", "FAILED"]);

    expect(await ids("?state=RESOLVED")).toEqual(["sa-billing-invoicer", "sa-ops-metrics"]);
    // Applied, so gone for that reason: it stays SUCCEEDED; the plain listing is the current report and claims.
    expect(await ids("")).toEqual(["sa-ops-backup", "sa-shop-checkout"]);
    expect((await client().get("/v1/recommendations?state=RESOLVED")).json().items[0]).toMatchObject({ id: "sa-billing-invoicer", resolvedBy: NIGHTS[2]!.runId });
  });

  it("keeps naming the run that stopped recommending it after later runs", async () => {
    await publish(testStore, 3);
    expect((await read("sa-billing-invoicer")).review).toMatchObject({ state: "RESOLVED", resolvedBy: NIGHTS[2]!.runId });
    expect((await client().get("/v1/recommendations/sa-ops-metrics/manifest.yaml")).status).toBe(200);
  });

  it("refuses to move a RESOLVED recommendation and writes nothing", async () => {
    const before = await storeContents(testStore.store);
    const { etag } = await read("sa-billing-invoicer");
    const res = await client().post("/v1/recommendations/sa-billing-invoicer/state", { state: "ACTIVE", etag });
    expect(res.status).toBe(409);
    expect(res.json().detail).toContain("RESOLVED");
    expect(await storeContents(testStore.store)).toEqual(before);
  });

  it("still answers 404 for a recommendation that was never reviewed and is gone", async () => {
    expect((await client().get("/v1/recommendations/sa-nowhere-nobody")).status).toBe(404);
  });
});
