import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { readCurrentResults, storeFromUrl } from "@rbac-recommender/adapters";
import { runCli, startCli } from "../packages/cli/test/support/cli-process.ts";
import { KubeApiServer, kubeconfigYaml } from "./servers/kube-api.ts";
import { cloudWatchEnvelope, eventList, gzip, jsonLines, serviceAccountRequests } from "../packages/core/test/audit/events.ts";
import { API_EVERYTHING_REASON, shopCluster } from "./setup/rbac-fixtures.ts";
import { startS3, type S3TestEnv } from "./setup/s3-test-env.ts";

const HOUR = 3_600_000;
const PREFIX = "eks/prod/";
const KUBE_TOKEN = "cli-reader-token";

let s3: S3TestEnv;
let kube: KubeApiServer;
let audit: string;
let results: string;
let kubeconfig: string;
let work: string;
let nextId = 0;

/** `count` requests of shop/api through its wildcard binding, with audit IDs never used before. */
function apiRequests(count: number, shape: { verb: string; resource: string; name?: string }) {
  const requests = serviceAccountRequests("shop", "api", count, nextId, Date.now() - 6 * HOUR, { ...shape, reason: API_EVERYTHING_REASON });
  nextId += count;
  return requests;
}

const upload = (key: string, body: string) => s3.put(audit, `${PREFIX}${key}`, gzip(body));
const storeUrl = () => `s3://${results}/cluster-a`;
const analyze = (...target: string[]) => runCli(["analyze", "--audit-log", `s3://${audit}/${PREFIX}`, "--kubeconfig", kubeconfig, ...target]);

async function published() {
  const current = await readCurrentResults(storeFromUrl(storeUrl()));
  const api = current?.report.recommendations.find((r) => r.subject.kind === "ServiceAccount" && r.subject.name === "api" && !r.alternativeTo);
  return { current, api };
}

beforeAll(async () => {
  s3 = await startS3();
  // The child process finds S3 the way a shell user's CLI does: AWS_ENDPOINT_URL_S3, AWS_REGION, credentials, path style.
  s3.applyToProcessEnv();
  // The SDK's notice that Node 20 support ends in 2027 would be the only other stderr line.
  process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED = "true";
  audit = await s3.bucket("audit");
  results = await s3.bucket("results");
  kube = new KubeApiServer({ fixtures: shopCluster(), authenticate: (token) => token === KUBE_TOKEN });
  work = mkdtempSync(join(tmpdir(), "rbac-cli-s3-"));
  kubeconfig = join(work, "kubeconfig");
  writeFileSync(kubeconfig, kubeconfigYaml(await kube.start(), KUBE_TOKEN));
});

afterAll(async () => {
  await kube?.stop();
  await s3?.stop();
});

describe("rbac-recommender analyze --store: the nightly pipeline from a shell", () => {
  it("first run: reads every audit object in S3 and live RBAC, and publishes in the store", async () => {
    await upload("2026/11/21/00/firehose-1.gz", jsonLines(apiRequests(5, { verb: "get", resource: "pods", name: "web-1" })));
    await upload("2026/11/21/01/firehose-2.gz", eventList(apiRequests(3, { verb: "list", resource: "configmaps" })));
    await upload("2026/11/21/02/firehose-3.gz", cloudWatchEnvelope(apiRequests(2, { verb: "get", resource: "services", name: "web" })));

    const run = await analyze("--store", storeUrl());

    expect(run.stderr).toBe("");
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/^run: +\S+ succeeded \(published\)$/m);
    expect(run.stdout).toContain("read 3 new objects, skipped 0 already processed (3 listed)");
    expect(run.stdout).toMatch(/mode: +rbac \(live from https:\/\/127\.0\.0\.1:\d+, 13 objects\)/);
    const { current, api } = await published();
    expect(run.stdout).toContain(`results:          ${storeUrl()}/nightly/results/${current!.pointer.runId}/report.json`);
    expect(current?.report.mode).toBe("rbac");
    expect(current?.report.input.requests).toBe(10);
    expect(api?.usage.requests).toBe(10);
    expect(api?.remove).toContainEqual({ kind: "RoleBinding", name: "api-everything", namespace: "shop" });
    expect(kube.requests.length).toBeGreaterThan(0);
    expect(kube.requests.every((r) => r.authorized)).toBe(true);
  });

  it("second run: reads only the new objects, and the window merges both runs", async () => {
    await upload("2026/11/22/00/firehose-4.gz", jsonLines(apiRequests(4, { verb: "get", resource: "pods", name: "web-2" })));
    await upload("2026/11/22/01/firehose-5.gz", jsonLines(apiRequests(1, { verb: "watch", resource: "endpoints" })));
    const before = (await published()).current!.pointer.runId;

    const run = await analyze("--store", storeUrl(), "--window", "30d");

    expect(run.code).toBe(0);
    expect(run.stdout).toContain("read 2 new objects, skipped 3 already processed (5 listed)");
    expect(run.stdout).toContain("input:            5 files, 15 events, 15 requests");
    const { current, api } = await published();
    expect(current?.pointer.runId).not.toBe(before);
    expect(current?.report.input.requests).toBe(15);
    expect(api?.usage.requests).toBe(15);
    const used = new Set(api?.usage.permissions.map((p) => `${p.verb} ${p.resource}`));
    expect(used).toEqual(new Set(["get pods", "list configmaps", "get services", "watch endpoints"]));
  });

  it("--out: the one-shot report from the same S3 audit log and cluster", async () => {
    const out = join(work, "one-shot");

    const run = await analyze("--out", out);

    expect(run.code).toBe(0);
    const report = JSON.parse(readFileSync(join(out, "recommendations.json"), "utf8"));
    expect(report.input).toMatchObject({ files: 5, requests: 15 });
    expect(report.mode).toBe("rbac");
    expect(run.stdout).toContain(join(out, "recommendations.json"));
  });

  it("serve: the review API over the S3 store, until SIGTERM", async () => {
    const serve = startCli(["serve", "--store", storeUrl(), "--port", "0"]);
    const url = (await serve.waitFor(/^review API: +(\S+)$/m))[1]!;
    const token = (await serve.waitFor(/^token: +(\S+)$/m))[1]!;
    const { api } = await published();
    const res = await fetch(`${url}/v1/recommendations/${api!.id}`, { headers: { authorization: `Bearer ${token}` } });
    expect(res.status).toBe(200);
    expect(((await res.json()) as { usage: { requests: number } }).usage.requests).toBe(15);
    serve.child.kill("SIGTERM");
    expect((await serve.exited).code).toBe(0);
  });

  it.each([
    ["a bucket that does not exist", () => analyze("--store", "s3://no-such-bucket-rbac/x"), /^rbac-recommender: store s3:\/\/no-such-bucket-rbac\/x: The specified bucket does not exist$/],
    ["serving a bucket that does not exist", () => runCli(["serve", "--store", "s3://no-such-bucket-rbac/x", "--port", "0"]), /^rbac-recommender: store s3:\/\/no-such-bucket-rbac\/x: The specified bucket does not exist$/],
    ["a missing kubeconfig", () => runCli(["analyze", "--audit-log", `s3://${audit}/${PREFIX}`, "--kubeconfig", join(work, "nope"), "--store", storeUrl()]), /^rbac-recommender: kubeconfig .*nope: no such file or directory$/],
    ["a cluster that refuses the token", () => {
      const refused = join(work, "refused-kubeconfig");
      writeFileSync(refused, readFileSync(kubeconfig, "utf8").replace(KUBE_TOKEN, "wrong-token"));
      return runCli(["analyze", "--audit-log", `s3://${audit}/${PREFIX}`, "--kubeconfig", refused, "--store", storeUrl()]);
    }, /^rbac-recommender: RBAC from https:\/\/127\.0\.0\.1:\d+: listing .+$/],
  ])("fails with one line and exit 1 on %s", async (_, start, line) => {
    const run = await start();
    expect(run.code).toBe(1);
    expect(run.stderr.trimEnd().split("\n")).toHaveLength(1);
    expect(run.stderr.trimEnd()).toMatch(line);
  });
});
