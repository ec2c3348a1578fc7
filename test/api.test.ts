import { parseRbacDocuments } from "@rbac-recommender/core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { parseAllDocuments } from "yaml";
import { apiClient } from "../packages/api/test/support/client.ts";
import { startTestApi, type RunningTestApi } from "../packages/api/test/support/api-server.ts";
import { publishNightly } from "../packages/api/test/support/nightly.ts";
import { nightlySpecs, report } from "../packages/api/test/support/report-fixture.ts";
import { BACKENDS, storeContents, type TestStore } from "../packages/api/test/support/stores.ts";

const RUN_ID = "20261122T020000Z-a1b2c3";
const PRIORITY_RANK: Record<string, number | undefined> = { P1: 1, P2: 2, P3: 3, P4: 4 };

describe.each(BACKENDS)("review API over the $backend store", ({ open }) => {
  let testStore: TestStore;
  let running: RunningTestApi;

  beforeAll(async () => {
    testStore = await open();
    await publishNightly(testStore.store, report(nightlySpecs()), RUN_ID);
    running = await startTestApi(testStore);
  });
  afterAll(async () => {
    await running?.close();
    await testStore?.close();
  });

  const client = () => running.client;
  const etagOf = async (id: string): Promise<string> => (await client().get(`/v1/recommendations/${id}`)).json().etag;

  it("pages through every recommendation exactly once, highest priority first", async () => {
    const seen: Array<{ id: string; priority: string }> = [];
    let cursor: string | undefined;
    let pages = 0;
    do {
      const res = await client().get(`/v1/recommendations?limit=5${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ""}`);
      expect(res.status).toBe(200);
      const body = res.json();
      seen.push(...body.items);
      cursor = body.nextCursor;
      pages += 1;
    } while (cursor);
    expect(pages).toBe(3);
    expect(seen.map((item) => item.id).sort()).toEqual(nightlySpecs().map((spec) => report([spec]).recommendations[0]!.id).sort());
    const ranks = seen.map((item) => PRIORITY_RANK[item.priority] ?? 0);
    expect(ranks).not.toContain(0);
    expect(ranks).toEqual([...ranks].sort((a, b) => a - b));
    expect(seen[0]).toMatchObject({ priority: "P1", severity: "CRITICAL", state: "ACTIVE" });
  });

  it.each([
    ["kind=REMOVE_BINDING", ["group-auditors", "sa-billing-exporter", "sa-shop-legacy-cron", "user-oidc-carol"]],
    ["namespace=shop", ["sa-shop-cart", "sa-shop-checkout", "sa-shop-checkout-view", "sa-shop-legacy-cron"]],
    ["q=ALICE", ["user-alice-example-com"]],
    ["q=shop%2Fc", ["sa-shop-cart", "sa-shop-checkout", "sa-shop-checkout-view"]],
    ["priority=P1", ["sa-billing-invoicer", "sa-shop-checkout"]],
    ["priority=P2&kind=REPLACE_ROLE&namespace=shop", ["sa-shop-cart", "sa-shop-checkout-view"]],
    ["severity=CRITICAL", ["sa-billing-invoicer", "sa-shop-checkout"]],
    ["severity=HIGH&namespace=shop", ["sa-shop-cart", "sa-shop-checkout-view"]],
    ["severity=LOW&kind=REMOVE_BINDING", ["sa-shop-legacy-cron"]],
    ["severity=MEDIUM", []],
  ])("filters by %s", async (query, ids) => {
    const res = await client().get(`/v1/recommendations?${query}`);
    expect(res.status).toBe(200);
    expect(res.json().items.map((item: { id: string }) => item.id).sort()).toEqual(ids);
  });

  it("refuses a cursor that was altered, truncated or made for another query", async () => {
    const first = (await client().get("/v1/recommendations?limit=2")).json();
    const cursor: string = first.nextCursor;
    const flipped = cursor.slice(0, 3) + (cursor[3] === "A" ? "B" : "A") + cursor.slice(4);
    for (const bad of [flipped, cursor.slice(0, -2), "not-a-cursor", `${cursor}.x`]) {
      const res = await client().get(`/v1/recommendations?limit=2&cursor=${encodeURIComponent(bad)}`);
      expect(res.status, bad).toBe(400);
      expect(res.headers.get("content-type")).toContain("application/problem+json");
    }
    const other = await client().get(`/v1/recommendations?limit=2&kind=REPLACE_ROLE&cursor=${encodeURIComponent(cursor)}`);
    expect(other.status).toBe(400);
    expect(other.json().detail).toMatch(/other filters/);
  });

  it("serves one recommendation with its evidence, review state and etag (also as the ETag header)", async () => {
    const res = await client().get("/v1/recommendations/sa-shop-checkout");
    expect(res.status).toBe(200);
    const body = res.json();
    expect(res.headers.get("etag")).toBe(`"${body.etag}"`);
    expect(body).toMatchObject({
      id: "sa-shop-checkout",
      subject: { kind: "ServiceAccount", namespace: "shop", name: "checkout" },
      usage: { requests: 10 },
      review: { state: "ACTIVE", next: ["CLAIMED", "DISMISSED"], history: [] },
    });
    expect(body.usage.permissions[0]).toMatchObject({ verb: "get", resource: "configmaps" });
    expect(body.denied).toHaveLength(1);
  });

  it("downloads a manifest that kubectl can apply: valid RBAC objects, removals in the header", async () => {
    const res = await client().get("/v1/recommendations/sa-shop-checkout/manifest.yaml");
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toContain("application/yaml");
    expect(res.headers.get("content-disposition")).toBe('attachment; filename="sa-shop-checkout.yaml"');
    expect(parseAllDocuments(res.text).every((doc) => doc.errors.length === 0)).toBe(true);
    const parsed = parseRbacDocuments(res.text, "manifest.yaml");
    expect(parsed.errors).toEqual([]);
    expect(parsed.objects.map((o) => o.kind).sort()).toEqual(["Role", "RoleBinding"]);
    expect(res.text).toMatch(/^# .*remove ServiceAccount shop\/checkout from RoleBinding "sa-shop-checkout-edit"/m);
  });

  it("downloads the bindings as they were before the change, for rollback", async () => {
    const res = await client().get("/v1/recommendations/sa-shop-legacy-cron/rollback.yaml");
    expect(res.status).toBe(200);
    expect(res.headers.get("content-disposition")).toBe('attachment; filename="sa-shop-legacy-cron-rollback.yaml"');
    const parsed = parseRbacDocuments(res.text, "rollback.yaml");
    expect(parsed.errors).toEqual([]);
    expect(parsed.objects).toHaveLength(1);
    expect(parsed.objects[0]).toMatchObject({ kind: "RoleBinding", metadata: { name: "sa-shop-legacy-cron-edit", namespace: "shop" } });
  });

  it("lets exactly one of two racing reviewers change a recommendation; the other gets 412", async () => {
    const etag = await etagOf("sa-shop-cart");
    const [claim, dismiss] = await Promise.all([
      client().post("/v1/recommendations/sa-shop-cart/state", { state: "CLAIMED", etag, ticket: "https://tickets/RBAC-1" }),
      client().post("/v1/recommendations/sa-shop-cart/state", { state: "DISMISSED", etag, reason: "still needed" }),
    ]);
    expect([claim.status, dismiss.status].sort()).toEqual([200, 412]);
    const loser = claim.status === 412 ? claim : dismiss;
    expect(loser.headers.get("content-type")).toContain("application/problem+json");
    const after = (await client().get("/v1/recommendations/sa-shop-cart")).json();
    expect(after.review.history).toHaveLength(1);
    expect(after.review.state).toBe(claim.status === 200 ? "CLAIMED" : "DISMISSED");
  });

  it("takes a recommendation through claim and rollout, recording who, when, why and the ticket", async () => {
    const claimed = await client().post("/v1/recommendations/sa-billing-invoicer/state", {
      state: "CLAIMED",
      etag: await etagOf("sa-billing-invoicer"),
      reason: "approved in review",
      ticket: "https://github.com/acme/infra/pull/7",
    });
    expect(claimed.status).toBe(200);
    expect(claimed.json().review).toMatchObject({ state: "CLAIMED", next: ["SUCCEEDED", "FAILED"] });

    const bundle = await client().get("/v1/manifests.yaml?state=CLAIMED");
    expect(bundle.status).toBe(200);
    expect(parseRbacDocuments(bundle.text, "bundle").errors).toEqual([]);
    expect(bundle.text).toContain("recommendation: sa-billing-invoicer");
    expect(bundle.text).not.toContain("recommendation: sa-billing-exporter");

    const done = await client().post("/v1/recommendations/sa-billing-invoicer/state", { state: "SUCCEEDED", etag: claimed.json().etag });
    expect(done.status).toBe(200);
    const history = done.json().review.history;
    expect(history).toEqual([
      { from: "ACTIVE", to: "CLAIMED", actor: "local-token", at: "2026-11-22T08:00:00.000Z", reason: "approved in review", ticket: "https://github.com/acme/infra/pull/7" },
      { from: "CLAIMED", to: "SUCCEEDED", actor: "local-token", at: "2026-11-22T08:00:00.000Z" },
    ]);
    const listed = (await client().get("/v1/recommendations?state=SUCCEEDED")).json().items.map((i: { id: string }) => i.id);
    expect(listed).toContain("sa-billing-invoicer");
  });

  it("refuses to claim a held recommendation, or a second alternative of one group, and writes nothing", async () => {
    const before = await storeContents(testStore.store);
    const held = await client().post("/v1/recommendations/user-bob-example-com/state", { state: "CLAIMED", etag: await etagOf("user-bob-example-com") });
    expect(held.status).toBe(409);
    expect(held.json().detail).toContain("no audit data for 2026-11-20");
    expect(await storeContents(testStore.store)).toEqual(before);

    const first = await client().post("/v1/recommendations/sa-shop-checkout-view/state", { state: "CLAIMED", etag: await etagOf("sa-shop-checkout-view") });
    expect(first.status).toBe(200);
    const afterFirst = await storeContents(testStore.store);
    const second = await client().post("/v1/recommendations/sa-shop-checkout/state", { state: "CLAIMED", etag: await etagOf("sa-shop-checkout") });
    expect(second.status).toBe(409);
    expect(second.json().detail).toMatch(/alternative sa-shop-checkout-view is already CLAIMED/);
    expect(await storeContents(testStore.store)).toEqual(afterFirst);
  });

  it("reads a dismissal as ACTIVE again once it expires", async () => {
    const res = await client().post("/v1/recommendations/group-devs/state", {
      state: "DISMISSED",
      etag: await etagOf("group-devs"),
      reason: "devs migrate next month",
      expiresAt: "2026-12-01T00:00:00Z",
    });
    expect(res.status).toBe(200);
    expect(res.json().review).toMatchObject({ state: "DISMISSED", expiresAt: "2026-12-01T00:00:00Z" });
    running.clock.now = new Date("2026-12-01T00:00:01Z");
    try {
      const later = (await client().get("/v1/recommendations/group-devs")).json();
      expect(later.review.state).toBe("ACTIVE");
      expect(later.review.history).toHaveLength(1);
    } finally {
      running.clock.now = new Date("2026-11-22T08:00:00.000Z");
    }
  });

  it("answers every invalid request with the right problem and writes nothing", async () => {
    const id = "sa-ops-metrics";
    const etag = await etagOf(id);
    const post = (path: string, body: string, headers: Record<string, string> = { "content-type": "application/json" }) =>
      client().send("POST", path, { body, headers });
    const state = `/v1/recommendations/${id}/state`;
    const cases: Array<[string, () => ReturnType<typeof post>, number]> = [
      ["unknown state", () => post(state, JSON.stringify({ state: "APPROVED", etag })), 400],
      ["derived state as a target", () => post(state, JSON.stringify({ state: "OUTDATED", etag })), 400],
      ["malformed id", () => post("/v1/recommendations/Bad_Id/state", JSON.stringify({ state: "CLAIMED", etag })), 400],
      ["id too long", () => post(`/v1/recommendations/${"a".repeat(101)}/state`, JSON.stringify({ state: "CLAIMED", etag })), 400],
      ["traversal in the id", () => post("/v1/recommendations/..%2Fnightly%2Fcurrent/state", JSON.stringify({ state: "CLAIMED", etag })), 400],
      ["oversized body", () => post(state, JSON.stringify({ state: "DISMISSED", etag, reason: "x".repeat(17 * 1024) })), 413],
      ["malformed JSON", () => post(state, "{ state: CLAIMED"), 400],
      ["body that is not JSON", () => post(state, "state=CLAIMED", { "content-type": "text/plain" }), 415],
      ["unknown body field", () => post(state, JSON.stringify({ state: "CLAIMED", etag, approvedBy: "me" })), 400],
      ["missing etag", () => post(state, JSON.stringify({ state: "CLAIMED" })), 400],
      ["stale etag", () => post(state, JSON.stringify({ state: "CLAIMED", etag: "stale" })), 412],
      ["transition the lifecycle forbids", () => post(state, JSON.stringify({ state: "SUCCEEDED", etag })), 409],
      ["dismissal without a reason", () => post(state, JSON.stringify({ state: "DISMISSED", etag })), 400],
      ["expiry in the past", () => post(state, JSON.stringify({ state: "DISMISSED", etag, reason: "r", expiresAt: "2020-01-01T00:00:00Z" })), 400],
      ["expiry on a claim", () => post(state, JSON.stringify({ state: "CLAIMED", etag, expiresAt: "2030-01-01T00:00:00Z" })), 400],
      ["expiry that is not a time", () => post(state, JSON.stringify({ state: "DISMISSED", etag, reason: "r", expiresAt: "soon" })), 400],
      ["unknown recommendation", () => post("/v1/recommendations/sa-nowhere-nobody/state", JSON.stringify({ state: "CLAIMED", etag })), 404],
      ["no credentials", () => client().send("POST", state, { body: JSON.stringify({ state: "CLAIMED", etag }), headers: { authorization: "" } }), 401],
      ["wrong token", () => apiClient(running.api.url, "guess").post(state, { state: "CLAIMED", etag }), 401],
      ["unknown query parameter", () => client().get("/v1/recommendations?status=ACTIVE"), 400],
      ["limit out of range", () => client().get("/v1/recommendations?limit=0"), 400],
      ["unknown state filter", () => client().get("/v1/recommendations?state=APPROVED"), 400],
      ["unknown severity", () => client().get("/v1/recommendations?severity=SEVERE"), 400],
      ["bad namespace", () => client().get("/v1/subjects/ServiceAccount/Bad_NS/x"), 400],
      ["unknown subject kind", () => client().get("/v1/subjects/Robot/r2d2"), 400],
      ["no such route", () => client().get("/v1/nothing"), 404],
    ];
    for (const [name, send, status] of cases) {
      const before = await storeContents(testStore.store);
      const res = await send();
      expect(res.status, name).toBe(status);
      expect(res.headers.get("content-type"), name).toContain("application/problem+json");
      expect(res.json(), name).toMatchObject({ status, type: expect.stringMatching(/^urn:rbac-recommender:problem:/), detail: expect.any(String) });
      expect(await storeContents(testStore.store), name).toEqual(before);
    }
  });

  it("shows what a subject used, holds and was denied", async () => {
    const sa = await client().get("/v1/subjects/ServiceAccount/shop/checkout");
    expect(sa.status).toBe(200);
    expect(sa.json()).toMatchObject({
      subject: { kind: "ServiceAccount", namespace: "shop", name: "checkout" },
      recommendation: { id: "sa-shop-checkout" },
      alternatives: [{ id: "sa-shop-checkout-view", alternativeTo: "sa-shop-checkout" }],
      requests: 10,
      holds: [{ kind: "RoleBinding", name: "sa-shop-checkout-edit", namespace: "shop" }],
      denied: [{ verb: "delete", resource: "pods" }],
    });
    const user = await client().get(`/v1/subjects/User/${encodeURIComponent("alice@example.com")}`);
    expect(user.json().recommendation.id).toBe("user-alice-example-com");
    const oidc = await client().get(`/v1/subjects/User/${encodeURIComponent("https://idp.example.com/#jane")}`);
    expect(oidc.json()).toMatchObject({ subject: { name: "https://idp.example.com/#jane" }, recommendation: { id: "user-https---idp-example-com--jane" } });
    const admin = await client().get("/v1/subjects/User/kubernetes-admin");
    expect(admin.json()).toMatchObject({ notAttributable: "system-masters", requests: 5 });
    expect((await client().get("/v1/subjects/User/nobody")).status).toBe(404);
  });

  it("lists nightly runs and names the one being served", async () => {
    const runs = await client().get("/v1/runs");
    expect(runs.json()).toMatchObject({ current: RUN_ID, items: [{ id: RUN_ID, status: "succeeded" }] });
    const latest = await client().get("/v1/runs/latest");
    expect(latest.json()).toMatchObject({ id: RUN_ID, counts: { recommendations: 14 } });
  });

  it("publishes its OpenAPI document and an open health check", async () => {
    const doc = (await client().get("/openapi.json")).json();
    expect(Object.keys(doc.paths)).toEqual(
      expect.arrayContaining(["/v1/recommendations", "/v1/recommendations/{id}", "/v1/recommendations/{id}/state", "/v1/manifests.yaml", "/v1/runs"]),
    );
    expect(doc.components.schemas.StateChange).toBeDefined();
    const health = await fetch(`${running.api.url}/healthz`);
    expect(health.status).toBe(200);
    const unauthorized = await fetch(`${running.api.url}/openapi.json`);
    expect(unauthorized.status).toBe(401);
    // Nothing the API answers may be served again from a cache, a health check or a refusal either.
    for (const response of [health, unauthorized]) expect(response.headers.get("cache-control")).toBe("no-store");
  });
});
