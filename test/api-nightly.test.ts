import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startTestApi, type RunningTestApi } from "../packages/api/test/support/api-server.ts";
import { publishNightly } from "../packages/api/test/support/nightly.ts";
import { report, type RecommendationSpec } from "../packages/api/test/support/report-fixture.ts";
import { reviewer } from "../packages/api/test/support/reviewer.ts";
import { BACKENDS, type TestStore } from "../packages/api/test/support/stores.ts";

const sa = (namespace: string, name: string) => ({ kind: "ServiceAccount" as const, namespace, name });

/** Monday's run: what the reviewers decide on. */
const MONDAY: RecommendationSpec[] = [
  { subject: sa("shop", "checkout"), priority: "P1" },
  { subject: sa("shop", "cart"), priority: "P2" },
  { subject: sa("billing", "invoicer"), priority: "P1" },
  { subject: sa("ops", "backup"), priority: "P4" },
  { subject: sa("ops", "metrics") },
  { subject: { kind: "User", name: "alice" }, priority: "P2" },
];

/** Tuesday's run: new evidence for everyone, other content for some, some subjects gone, one new. */
const TUESDAY: RecommendationSpec[] = [
  { subject: sa("shop", "checkout"), priority: "P1", verbs: ["get"], requests: 20 },
  { subject: sa("shop", "cart"), priority: "P2", requests: 99 },
  { subject: sa("billing", "invoicer"), priority: "P1", requests: 30 },
  { subject: { kind: "User", name: "alice" }, priority: "P2", verbs: ["get", "watch"] },
  { subject: sa("ops", "newcomer"), priority: "P3" },
];

describe.each(BACKENDS)("a nightly re-run over the $backend store", ({ open }) => {
  let testStore: TestStore;
  let running: RunningTestApi;

  beforeAll(async () => {
    testStore = await open();
    await publishNightly(testStore.store, report(MONDAY, "2026-11-23T02:00:00.000Z"), "20261123T020000Z-000001");
    running = await startTestApi(testStore);
  });
  afterAll(async () => {
    await running?.close();
    await testStore?.close();
  });

  const client = () => running.client;
  const { move, read } = reviewer(client);

  it("keeps every review decision and serves claimed content as it was approved", async () => {
    await move("sa-shop-checkout", "CLAIMED", { ticket: "RBAC-1" });
    await move("sa-shop-cart", "CLAIMED");
    await move("sa-billing-invoicer", "DISMISSED", { reason: "owned by another team" });
    await move("sa-ops-backup", "CLAIMED");
    await move("sa-ops-backup", "SUCCEEDED");
    await move("sa-ops-metrics", "CLAIMED");
    await move("user-alice", "CLAIMED");
    await move("user-alice", "SUCCEEDED");
    const mondayManifest = (await client().get("/v1/recommendations/sa-shop-checkout/manifest.yaml")).text;

    await publishNightly(testStore.store, report(TUESDAY, "2026-11-24T02:00:00.000Z"), "20261124T020000Z-000002");

    const states = Object.fromEntries(
      (await client().get("/v1/recommendations")).json().items.map((item: { id: string; state: string }) => [item.id, item.state]),
    );
    expect(states).toEqual({
      "sa-shop-checkout": "OUTDATED", // content changed after the claim
      "sa-shop-cart": "CLAIMED", // only the evidence changed
      "sa-billing-invoicer": "DISMISSED",
      "sa-ops-backup": "SUCCEEDED", // applied, so gone from the new report
      "sa-ops-metrics": "OUTDATED", // claimed, gone from the new report
      "user-alice": "ACTIVE", // applied, and the new run recommends something else: a new round
      "sa-ops-newcomer": "ACTIVE",
    });

    const checkout = await read("sa-shop-checkout");
    expect(checkout.review.history).toMatchObject([{ to: "CLAIMED", ticket: "RBAC-1" }]);
    expect(checkout.usage.requests).toBe(10); // Monday's evidence, frozen with the claim
    expect(checkout.review.next).toEqual(["ACTIVE", "SUCCEEDED", "FAILED"]);
    expect((await client().get("/v1/recommendations/sa-shop-checkout/manifest.yaml")).text).toBe(mondayManifest);

    expect((await read("sa-billing-invoicer")).review.history).toMatchObject([{ to: "DISMISSED", reason: "owned by another team" }]);
    expect((await read("user-alice")).review.history.map((h: { to: string }) => h.to)).toEqual(["CLAIMED", "SUCCEEDED"]);

    const bundle = (await client().get("/v1/manifests.yaml")).text;
    expect(bundle).toContain("recommendation: sa-shop-cart");
    expect(bundle).not.toContain("recommendation: sa-shop-checkout");
  });

  it("lets an outdated claim go back to ACTIVE to review the newer content", async () => {
    await move("sa-shop-checkout", "ACTIVE", { reason: "re-review Tuesday's role" });
    const checkout = await read("sa-shop-checkout");
    expect(checkout.review.state).toBe("ACTIVE");
    expect(checkout.usage.requests).toBe(20);
    expect(checkout.apply[0].rules[0].verbs).toEqual(["get"]);
    expect(checkout.review.history.map((h: { from: string; to: string }) => `${h.from}→${h.to}`)).toEqual(["ACTIVE→CLAIMED", "OUTDATED→ACTIVE"]);
  });
});
