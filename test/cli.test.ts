import { spawnSync } from "node:child_process";
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { gzipSync } from "node:zlib";
import { renderBundle, ReportSchema, type Report } from "@rbac-recommender/core";
import { beforeAll, describe, expect, it } from "vitest";
import { parseAllDocuments } from "yaml";
import {
  configmapReads, event, eventList, firehoseObject, jsonLines, serviceAccountGroups, type EventSpec,
} from "../packages/core/test/audit/events.ts";
import { storefrontRbacYaml as rbacYaml, viaStorefrontAdmin } from "../packages/cli/test/support/storefront.ts";

const ROOT = join(dirname(fileURLToPath(import.meta.url)), "..");
const MAIN = join(ROOT, "packages/cli/src/main.ts");
const DAY = 86_400_000;
const NEWEST = Date.UTC(2026, 10, 19, 15);

function cli(...args: string[]) {
  const run = spawnSync(process.execPath, ["--import", "tsx", MAIN, ...args], { cwd: ROOT, encoding: "utf8" });
  return { code: run.status, stdout: run.stdout, stderr: run.stderr };
}

function workspace(files: Record<string, string | Buffer>): string {
  const root = mkdtempSync(join(tmpdir(), "rbac-rec-cli-"));
  for (const [name, content] of Object.entries(files)) {
    mkdirSync(dirname(join(root, name)), { recursive: true });
    writeFileSync(join(root, name), content);
  }
  return root;
}

const readReport = (out: string): Report => ReportSchema.parse(JSON.parse(readFileSync(join(out, "recommendations.json"), "utf8")));

const storefront = { kind: "ServiceAccount", name: "storefront", namespace: "shop" };

const storefrontReads = (count: number, from: number, extra: Partial<EventSpec> = {}) =>
  Array.from({ length: count }, (_, i) =>
    event({
      user: "system:serviceaccount:shop:storefront", groups: serviceAccountGroups("shop"), verb: "get",
      resource: "configmaps", namespace: "shop", name: "storefront-config", at: from + i * 60_000, reason: viaStorefrontAdmin, ...extra,
    }),
  );


describe("rbac-recommender analyze", () => {
  let success: { ws: string; out: string; run: ReturnType<typeof cli> };

  beforeAll(() => {
    const ws = workspace({ "audit/audit.log": jsonLines(storefrontReads(5, NEWEST - DAY)), "rbac/cluster.yaml": rbacYaml });
    const out = join(ws, "results");
    success = { ws, out, run: cli("analyze", "--audit-log", join(ws, "audit"), "--rbac", join(ws, "rbac"), "--out", out) };
  });

  it("replaces cluster-admin of a service account that read one configmap with exactly that Role", () => {
    expect(success.run.stderr).toBe("");
    expect(success.run.code).toBe(0);
    const report = readReport(success.out);
    expect(report.mode).toBe("rbac");
    const rec = report.recommendations.find((r) => r.subject.kind === "ServiceAccount" && r.subject.name === "storefront");
    expect(rec?.subject).toEqual(storefront);
    expect(rec?.kind).toBe("REPLACE_ROLE");
    expect(rec?.remove).toEqual([{ kind: "ClusterRoleBinding", name: "storefront-admin" }]);
    const roles = rec?.apply.filter((o) => o.kind === "Role" || o.kind === "ClusterRole") ?? [];
    expect(roles).toHaveLength(1);
    expect(roles[0]).toMatchObject({ kind: "Role", metadata: { namespace: "shop" } });
    expect(roles[0]?.["rules"]).toEqual([
      { apiGroups: [""], resources: ["configmaps"], resourceNames: ["storefront-config"], verbs: ["get"] },
    ]);
  });

  it("leaves what the keep-list names alone, says who decided, and rejects an invalid keep-list naming the file", () => {
    const keepList = `exceptions:
- subject: { kind: ServiceAccount, namespace: shop, name: storefront }
  owner: shop-team
  reason: payment migration
  expires: "2099-01-01T00:00:00Z"
`;
    const ws = workspace({ "keep.yaml": keepList, "bad.yaml": "exceptions:\n- owner: nobody\n" });
    const out = join(ws, "results");
    const run = cli("analyze", "--audit-log", join(success.ws, "audit"), "--rbac", join(success.ws, "rbac"), "--out", out, "--exceptions", join(ws, "keep.yaml"));
    expect(run.code).toBe(0);
    const report = readReport(out);
    expect(report.recommendations.some((r) => r.subject.name === "storefront")).toBe(false);
    expect(report.excepted).toEqual([
      { id: expect.stringMatching(/^sa-shop-storefront-/), subject: storefront, exception: { owner: "shop-team", reason: "payment migration", expires: "2099-01-01T00:00:00Z" } },
    ]);
    const bad = cli("analyze", "--audit-log", join(success.ws, "audit"), "--out", join(ws, "x"), "--exceptions", join(ws, "bad.yaml"));
    expect(bad.code).toBe(1);
    expect(bad.stderr.trim().split("\n")).toHaveLength(1);
    expect(bad.stderr).toContain(`keep-list ${join(ws, "bad.yaml")}`);
  });

  it("writes each change as applicable RBAC YAML, plus all.yaml", () => {
    const report = readReport(success.out);
    const files = readdirSync(join(success.out, "manifests")).sort();
    const changing = report.recommendations.filter((r) => r.apply.length + r.remove.length > 0);
    expect(files).toEqual([...changing.map((r) => `${r.id}.yaml`), "all.yaml"].sort());
    for (const file of files) {
      const docs = parseAllDocuments(readFileSync(join(success.out, "manifests", file), "utf8"));
      for (const doc of docs) {
        expect(doc.errors).toEqual([]);
        const object = doc.toJS() as { apiVersion: string; kind: string } | null;
        if (object === null) continue;
        expect(object.apiVersion).toBe("rbac.authorization.k8s.io/v1");
        expect(["Role", "ClusterRole", "RoleBinding", "ClusterRoleBinding"]).toContain(object.kind);
      }
    }
    // all.yaml reuses the manifests just written: exactly what rendering the bundle afresh gives.
    const bundled = changing.filter((r) => !r.alternativeTo && !r.held);
    expect(readFileSync(join(success.out, "manifests", "all.yaml"), "utf8")).toBe(renderBundle(bundled));
  });

  it("summarises the run on stdout", () => {
    const { stdout } = success.run;
    expect(stdout).toMatch(/mode: +rbac/);
    expect(stdout).toContain("1 file, 5 events, 5 requests");
    expect(stdout).toMatch(/recommendations: +1 REPLACE_ROLE/);
    expect(stdout).toContain(join(success.out, "recommendations.json"));
  });

  it("says clearly when it runs usage-only without --rbac", () => {
    const ws = workspace({ "audit.log": jsonLines(storefrontReads(2, NEWEST)) });
    const run = cli("analyze", "--audit-log", join(ws, "audit.log"), "--out", join(ws, "out"));
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/USAGE-ONLY \(no --rbac or --kubeconfig\)/);
    expect(readReport(join(ws, "out")).mode).toBe("usage-only");
  });

  it("reads a directory tree of gzip, plain, EventList and Firehose files", () => {
    const ws = workspace({
      "logs/a/audit.log": jsonLines(configmapReads(3, NEWEST)),
      "logs/a/b/audit-1.log.gz": gzipSync(jsonLines(configmapReads(4, NEWEST + 10_000))),
      "logs/webhook/batch.json": eventList(configmapReads(5, NEWEST + 20_000)),
      "logs/firehose/2026/11/19/eks-audit-1-2026-11-19-15-00-00-x": firehoseObject(configmapReads(6, NEWEST + 30_000)),
    });
    const run = cli("analyze", "--audit-log", join(ws, "logs"), "--out", join(ws, "out"));
    expect(run.code).toBe(0);
    const report = readReport(join(ws, "out"));
    expect(report.input).toMatchObject({ files: 4, requests: 18 });
    const permissions = report.recommendations.flatMap((r) => r.usage.permissions);
    expect(new Set(permissions.map((p) => p.name))).toEqual(new Set(Array.from({ length: 6 }, (_, i) => `config-${i}`)));
  });

  it("counts a truncated gzip and keeps the events before the cut", () => {
    const whole = gzipSync(jsonLines(storefrontReads(300, NEWEST - DAY)));
    const ws = workspace({ "audit.log.gz": whole.subarray(0, Math.floor(whole.length / 2)), "rbac.yaml": rbacYaml });
    const run = cli("analyze", "--audit-log", join(ws, "audit.log.gz"), "--rbac", join(ws, "rbac.yaml"), "--out", join(ws, "out"));
    expect(run.code).toBe(0);
    const report = readReport(join(ws, "out"));
    expect(report.input.skipped["truncated-gzip"]).toBe(1);
    expect(report.input.requests).toBeGreaterThan(10);
    expect(run.stdout).toContain("1 truncated-gzip");
  });

  it("counts malformed lines and goes on", () => {
    const [a, b] = storefrontReads(2, NEWEST).map((e) => JSON.stringify(e));
    const ws = workspace({ "audit.log": `${a}\n{"kind":"Event",\nthis is not JSON\n${b}\n` });
    const run = cli("analyze", "--audit-log", join(ws, "audit.log"), "--out", join(ws, "out"));
    expect(run.code).toBe(0);
    const report = readReport(join(ws, "out"));
    expect(report.input.requests).toBe(2);
    expect(report.input.skipped["malformed-json"]).toBe(2);
    expect(run.stdout).toContain("2 malformed-json");
  });

  it("drops events older than --window", () => {
    const old = event({ user: "system:serviceaccount:shop:storefront", groups: serviceAccountGroups("shop"), verb: "get", resource: "secrets", namespace: "shop", name: "storefront-db", at: NEWEST - 40 * DAY, reason: viaStorefrontAdmin });
    const ws = workspace({ "audit.log": jsonLines([old, ...storefrontReads(2, NEWEST)]), "rbac.yaml": rbacYaml });
    const resources = (out: string) => new Set(readReport(out).recommendations.flatMap((r) => r.usage.permissions.map((p) => p.resource)));

    expect(cli("analyze", "--audit-log", join(ws, "audit.log"), "--rbac", join(ws, "rbac.yaml"), "--out", join(ws, "all")).code).toBe(0);
    expect(resources(join(ws, "all"))).toEqual(new Set(["configmaps", "secrets"]));

    const windowed = cli("analyze", "--audit-log", join(ws, "audit.log"), "--rbac", join(ws, "rbac.yaml"), "--out", join(ws, "week"), "--window", "7d");
    expect(windowed.code).toBe(0);
    expect(resources(join(ws, "week"))).toEqual(new Set(["configmaps"]));
    expect(Date.parse(readReport(join(ws, "week")).window.from)).toBeGreaterThan(NEWEST - 8 * DAY);
  });

  it("fails on a missing input with one line naming the path, and writes nothing", () => {
    const ws = workspace({ "audit.log": jsonLines(storefrontReads(1, NEWEST)) });
    const missing = join(ws, "no-such-dir");
    const run = cli("analyze", "--audit-log", join(ws, "audit.log"), "--audit-log", missing, "--out", join(ws, "out"));
    expect(run.code).toBe(1);
    expect(run.stderr.trimEnd().split("\n")).toEqual([`rbac-recommender: audit log ${missing}: no such file or directory`]);
    expect(existsSync(join(ws, "out", "recommendations.json"))).toBe(false);
  });

  it("names a missing --rbac path the same way", () => {
    const ws = workspace({ "audit.log": jsonLines(storefrontReads(1, NEWEST)) });
    const run = cli("analyze", "--audit-log", join(ws, "audit.log"), "--rbac", join(ws, "rbac.yaml"), "--out", join(ws, "out"));
    expect(run.code).toBe(1);
    expect(run.stderr.trimEnd().split("\n")).toEqual([`rbac-recommender: RBAC input ${join(ws, "rbac.yaml")}: no such file or directory`]);
  });

  it("fails with one line naming --out when it cannot be written", () => {
    const ws = workspace({ "audit.log": jsonLines(storefrontReads(1, NEWEST)), "taken": "a file, not a directory" });
    const run = cli("analyze", "--audit-log", join(ws, "audit.log"), "--out", join(ws, "taken"));
    expect(run.code).toBe(1);
    expect(run.stderr.trimEnd().split("\n")).toHaveLength(1);
    expect(run.stderr).toContain(`rbac-recommender: output directory ${join(ws, "taken")}: `);
  });

  it.each([
    ["an unknown flag", ["analyze", "--audit-log", "x", "--out", "y", "--frobnicate"]],
    ["a missing --out", ["analyze", "--audit-log", "x"]],
    ["a bad --window", ["analyze", "--audit-log", "x", "--out", "y", "--window", "soon"]],
    ["an unknown command", ["analyse"]],
    ["both --out and --store", ["analyze", "--audit-log", "x", "--out", "y", "--store", "z"]],
    ["both --rbac and --kubeconfig", ["analyze", "--audit-log", "x", "--rbac", "r", "--kubeconfig", "k", "--out", "y"]],
    ["a --store window that is not whole days", ["analyze", "--audit-log", "x", "--store", "z", "--window", "12h"]],
    ["local paths and S3 in one run", ["analyze", "--audit-log", "s3://audit-bucket/eks/", "--audit-log", "x", "--out", "y"]],
  ])("exits 2 with the usage line on %s", (_, args) => {
    const run = cli(...args);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain("usage: rbac-recommender analyze --audit-log PATH");
    expect(run.stdout).toBe("");
  });

  it("prints help and exits 0 with --help", () => {
    const run = cli("--help");
    expect(run.code).toBe(0);
    expect(run.stdout).toContain("--include-denied");
  });

  it("leaves the AWS SDK unloaded when every input is local (loading it took ~150 ms of every start)", () => {
    const cliModule = pathToFileURL(join(ROOT, "packages/cli/src/cli.ts")).href;
    const script = [
      `import { createRequire } from "node:module";`,
      `import { runCli } from ${JSON.stringify(cliModule)};`,
      `const code = await runCli(process.argv.slice(1), { stdout() {}, stderr() {}, interactive: false });`,
      `const sdk = Object.keys(createRequire(import.meta.url).cache).filter((path) => path.includes("@aws-sdk/client-s3"));`,
      `console.log(JSON.stringify({ code, sdk }));`,
    ].join("\n");
    const out = join(success.ws, "results-local");
    const args = ["analyze", "--audit-log", join(success.ws, "audit"), "--rbac", join(success.ws, "rbac"), "--out", out];
    const run = spawnSync(process.execPath, ["--import", "tsx", "--input-type=module", "-e", script, ...args], { cwd: ROOT, encoding: "utf8" });
    expect(run.stderr).toBe("");
    expect(JSON.parse(run.stdout)).toEqual({ code: 0, sdk: [] });
    expect(readReport(out).recommendations.length).toBeGreaterThan(0);
  });
});

describe("the rbac-recommender executable", () => {
  it("runs the command through its launcher", () => {
    const run = spawnSync(process.execPath, [join(ROOT, "packages/cli/bin/rbac-recommender.mjs"), "analyze", "--help"], { cwd: tmpdir(), encoding: "utf8" });
    expect(run.status).toBe(0);
    expect(run.stdout).toContain("usage: rbac-recommender analyze");
  });
});
