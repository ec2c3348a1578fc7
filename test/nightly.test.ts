import type { Context, ScheduledEvent } from "aws-lambda";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { handler } from "../packages/functions/src/nightly.ts";
import { auditSourceFromUrl } from "../packages/adapters/src/s3/audit-source.ts";
import { storeFromUrl } from "../packages/adapters/src/store/from-url.ts";
import { listRunIds, readCurrentManifest, readCurrentPointer, readCurrentResults, readRun } from "../packages/adapters/src/store/nightly-results.ts";
import { runNightly } from "../packages/adapters/src/pipeline/nightly.ts";
import { switchCurrent } from "../packages/adapters/src/pipeline/publish.ts";
import type { ResultsStore } from "../packages/adapters/src/store/results-store.ts";
import { KUBE_API_TEST_CA, KubeApiServer } from "./servers/kube-api.ts";
import { verifyEksToken } from "./servers/eks-token-check.ts";
import { cloudWatchEnvelope, eventList, gzip, jsonLines, serviceAccountRequests } from "../packages/core/test/audit/events.ts";
import { API_EVERYTHING_REASON, shopCluster } from "./setup/rbac-fixtures.ts";
import { S3_CREDENTIALS, startS3, type S3TestEnv } from "./setup/s3-test-env.ts";

const HOUR = 3_600_000;
const PREFIX = "eks/prod/";

let s3: S3TestEnv;
let kube: KubeApiServer;
let auditBucket: string;
let resultsBucket: string;
let store: ResultsStore;
let nextId = 0;
const quiet = () => {};

/** `count` requests of shop/api through its wildcard binding, with audit IDs never used before. */
function apiRequests(count: number, shape: { verb: string; resource: string; name?: string }) {
  const requests = serviceAccountRequests("shop", "api", count, nextId, Date.now() - 6 * HOUR, { ...shape, reason: API_EVERYTHING_REASON });
  nextId += count;
  return requests;
}

async function upload(key: string, body: string) {
  await s3.put(auditBucket, `${PREFIX}${key}`, gzip(body));
}

const scheduledEvent = { "detail-type": "Scheduled Event", source: "aws.scheduler", time: new Date().toISOString() } as ScheduledEvent;
const lambdaContext = { getRemainingTimeInMillis: () => 900_000, awsRequestId: "test" } as unknown as Context;

async function nightly() {
  return handler(scheduledEvent, lambdaContext);
}

async function current() {
  const results = await readCurrentResults(store);
  const api = results?.report.recommendations.find((r) => r.subject.kind === "ServiceAccount" && r.subject.name === "api");
  return { results, api };
}

beforeAll(async () => {
  s3 = await startS3();
  auditBucket = await s3.bucket("audit");
  resultsBucket = await s3.bucket("results");
  kube = new KubeApiServer({
    fixtures: shopCluster(),
    authenticate: (token) => verifyEksToken(token, { clusterName: "prod", region: "us-east-1", secretAccessKey: S3_CREDENTIALS.secretAccessKey }),
  });
  const kubeUrl = await kube.start();
  s3.applyToProcessEnv();
  Object.assign(process.env, {
    AUDIT_BUCKET: auditBucket,
    AUDIT_PREFIX: PREFIX,
    RESULTS_BUCKET: resultsBucket,
    WINDOW_DAYS: "90",
    CLUSTER_NAME: "prod",
    CLUSTER_ENDPOINT: kubeUrl,
    CLUSTER_CA: KUBE_API_TEST_CA,
  });
  store = storeFromUrl(`s3://${resultsBucket}/`);
});

afterAll(async () => {
  await kube?.stop();
  await s3?.stop();
});

describe("nightly analysis: S3 audit logs + live RBAC → results in S3", () => {
  it("first night: reads every audit object, recommends, and records the run", async () => {
    await upload("2026/11/21/00/firehose-1.gz", jsonLines(apiRequests(5, { verb: "get", resource: "pods", name: "web-1" })));
    await upload("2026/11/21/01/firehose-2.gz", eventList(apiRequests(3, { verb: "list", resource: "configmaps" })));
    await upload("2026/11/21/02/firehose-3.gz", cloudWatchEnvelope(apiRequests(2, { verb: "get", resource: "services", name: "web" })));
    await s3.put(auditBucket, "elsewhere/not-audit.gz", gzip("outside the prefix"));

    const record = await nightly();

    expect(record.status).toBe("succeeded");
    expect(record.objects).toMatchObject({ listed: 3, read: 3, alreadyProcessed: 0, failed: 0, partials: 3 });
    expect(record.counts).toMatchObject({ newRequests: 10, windowRequests: 10 });
    const { results, api } = await current();
    expect(results?.report.mode).toBe("rbac");
    expect(results?.report.input.requests).toBe(10);
    expect(api?.kind).toBe("REPLACE_ROLE");
    expect(api?.usage.requests).toBe(10);
    expect(api?.remove).toContainEqual({ kind: "RoleBinding", name: "api-everything", namespace: "shop" });
    const manifest = await readCurrentManifest(store, api!.id);
    expect(manifest).toMatch(/kind: Role/);
    expect(manifest).toMatch(/- pods/);
    expect((await readRun(store, record.id))?.value).toMatchObject({ status: "succeeded", results: results?.pointer.results });
    // The live RBAC was read through the EKS-style token, page by page.
    expect(kube.requests.filter((r) => r.path.endsWith("/rolebindings"))).not.toHaveLength(0);
    expect(kube.requests.every((r) => r.authorized)).toBe(true);
  });

  it("next night: reads only the new objects and the window merges both nights", async () => {
    await upload("2026/11/22/00/firehose-4.gz", jsonLines(apiRequests(4, { verb: "get", resource: "pods", name: "web-2" })));
    await upload("2026/11/22/01/firehose-5.gz", jsonLines(apiRequests(1, { verb: "watch", resource: "endpoints" })));

    const record = await nightly();

    expect(record.objects).toMatchObject({ listed: 5, read: 2, alreadyProcessed: 3, partials: 5 });
    expect(record.counts).toMatchObject({ newRequests: 5, windowRequests: 15 });
    const { results, api } = await current();
    expect(results?.pointer.runId).toBe(record.id);
    expect(api?.usage.requests).toBe(15);
  });

  it("a run that dies half-way keeps what it committed, leaves the previous results current, and the next run counts the rest once", async () => {
    const before = await current();
    for (let i = 0; i < 4; i++) await upload(`2026/11/22/02/firehose-6${i}.gz`, jsonLines(apiRequests(1, { verb: "get", resource: "pods", name: `n${i}` })));
    // The results bucket stops accepting ledger entries after two: the run fails with two objects committed.
    s3.proxy.inject({ method: "PUT", path: new RegExp(`^/${resultsBucket}/nightly/ledger/`), after: 2 });

    await expect(nightly()).rejects.toThrow(/nightly run .* failed/);

    s3.proxy.clearFaults();
    const runs = await Promise.all((await listRunIds(store)).map(async (id) => (await readRun(store, id))!.value));
    const failures = runs.filter((run) => run.status === "failed");
    expect(failures).toHaveLength(1);
    const failed = failures[0]!;
    expect(failed.error).toBeTruthy();
    expect(failed.objects.read).toBe(2);
    const during = await current();
    expect(during.results?.pointer.runId).toBe(before.results?.pointer.runId);
    expect(during.api?.usage.requests).toBe(15);

    const retry = await nightly();

    expect(retry.status).toBe("succeeded");
    expect(retry.objects).toMatchObject({ listed: 9, read: 2, alreadyProcessed: 7, partials: 9 });
    const after = await current();
    expect(after.results?.report.input.requests).toBe(19);
    expect(after.api?.usage.requests).toBe(19);
  });

  it("an unreadable object is reported and retried next run, without holding up the rest", async () => {
    await upload("2026/11/22/03/firehose-7.gz", jsonLines(apiRequests(2, { verb: "get", resource: "pods", name: "x" })));
    await upload("2026/11/22/03/firehose-8.gz", jsonLines(apiRequests(3, { verb: "get", resource: "pods", name: "y" })));
    s3.proxy.inject({ method: "GET", path: new RegExp(`^/${auditBucket}/${PREFIX}2026/11/22/03/firehose-7`), status: 403 });

    const partial = await nightly();

    s3.proxy.clearFaults();
    expect(partial.status).toBe("succeeded");
    expect(partial.objects).toMatchObject({ read: 1, failed: 1 });
    expect(partial.skipped["unreadable-object"]).toBe(1);
    expect(partial.failures.map((f: { uri: string }) => f.uri)).toEqual([`s3://${auditBucket}/${PREFIX}2026/11/22/03/firehose-7.gz`]);
    expect((await current()).api?.usage.requests).toBe(22);

    const next = await nightly();

    expect(next.objects).toMatchObject({ read: 1, failed: 0 });
    expect((await current()).api?.usage.requests).toBe(24);
  });

  it("two runs racing over the same new objects count each object once", async () => {
    for (let i = 0; i < 6; i++) await upload(`2026/11/22/04/firehose-9${i}.gz`, jsonLines(apiRequests(1, { verb: "list", resource: "pods" })));
    const run = () => runNightly({ auditSource: auditSourceFromUrl(`s3://${auditBucket}/${PREFIX}`), store, onLog: quiet });

    const [a, b] = await Promise.all([run(), run()]);

    expect(a.objects.read + b.objects.read).toBe(6);
    expect([a.status, b.status].every((s) => s === "succeeded" || s === "superseded"), JSON.stringify([a.status, a.error, b.status, b.error])).toBe(true);
    const latest = (await current()).results!.report;
    expect(latest.input.requests).toBe(30);
    // Usually under a second; once over 30 s while the whole suite loaded both cores (the SDK retries slow calls).
  }, 90_000);

  it("of two racing pointer switches exactly one wins", async () => {
    const base = (await readCurrentPointer(store))!.value;
    const generatedAt = new Date(Date.now() + HOUR).toISOString();
    const outcomes = await Promise.all([
      switchCurrent(store, { ...base, runId: "racer-a", generatedAt }),
      switchCurrent(store, { ...base, runId: "racer-b", generatedAt }),
    ]);
    const winner = outcomes[0] === "published" ? "racer-a" : "racer-b";
    expect([...outcomes].sort()).toEqual(["published", "superseded"]);
    expect((await readCurrentPointer(store))!.value.runId).toBe(winner);
  });
});
