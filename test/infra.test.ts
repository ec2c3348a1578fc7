import { existsSync } from "node:fs";
import { dirname, resolve } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { nightlyConfigFromEnv } from "../packages/functions/src/nightly-config.ts";
import { installSstStandIns, type SstStandIns } from "./setup/sst-stand-ins.ts";

const root = resolve(dirname(fileURLToPath(import.meta.url)), "..");

interface AppConfig {
  app(input: { stage: string }): Record<string, unknown>;
  run(): Promise<Record<string, unknown>>;
}
interface Permission {
  actions: string[];
  resources: string[];
  conditions?: Array<{ test: string; variable: string; values: string[] }>;
}
interface FunctionArgs {
  handler: string;
  timeout: string;
  memory: string;
  environment: Record<string, string>;
  permissions: Permission[];
  link?: unknown[];
}

let sst: SstStandIns;
let config: AppConfig;
let outputs: Record<string, unknown>;

beforeAll(async () => {
  sst = installSstStandIns();
  // Loaded by path at run time: the file is written against SST's globals, which only the stand-ins provide.
  config = (await import(/* @vite-ignore */ pathToFileURL(resolve(root, "sst.config.ts")).href)).default as AppConfig;
  outputs = await config.run();
});
afterAll(() => sst.uninstall());

const nightlyFunction = () => sst.find("sst.aws.CronV2", "Nightly")!.args.function as FunctionArgs;

function seconds(duration: string): number {
  const [, n, unit] = /^(\d+) (second|minute)s?$/.exec(duration) ?? [];
  return Number(n) * (unit === "minute" ? 60 : 1);
}

describe("sst.config.ts", () => {
  it("is the rbac-recommender app on AWS, keeping production data on removal", () => {
    expect(config.app({ stage: "dev" })).toMatchObject({ name: "rbac-recommender", home: "aws", removal: "remove" });
    expect(config.app({ stage: "production" })).toMatchObject({ removal: "retain", protect: true });
    expect(outputs.resultsBucket).toBe("{Results.name}");
  });

  it("creates a results bucket and takes the audit bucket and cluster from per-stage config", () => {
    expect(sst.resources.filter((r) => r.type === "sst.aws.Bucket").map((r) => r.name)).toEqual(["Results"]);
    const env = nightlyFunction().environment;
    expect(env).toMatchObject({
      AUDIT_BUCKET: "{secret:AuditBucket}",
      AUDIT_PREFIX: "{secret:AuditPrefix}",
      RESULTS_BUCKET: "{Results.name}",
      CLUSTER_NAME: "{secret:ClusterName}",
      CLUSTER_ENDPOINT: "{secret:ClusterEndpoint}",
      CLUSTER_CA: "{secret:ClusterCa}",
    });
    // Everything the handler reads is provided (Lambda itself sets AWS_REGION).
    expect(() => nightlyConfigFromEnv({ ...env, WINDOW_DAYS: "90", AWS_REGION: "eu-west-1" })).not.toThrow();
  });

  it("holds removals after 24 h without audit data unless MAX_SILENCE_HOURS says otherwise, and names a bad value", () => {
    const env = { AUDIT_BUCKET: "audit", RESULTS_BUCKET: "results" };
    expect(nightlyConfigFromEnv(env).maxSilenceHours).toBe(24);
    expect(nightlyConfigFromEnv({ ...env, MAX_SILENCE_HOURS: "6" }).maxSilenceHours).toBe(6);
    expect(() => nightlyConfigFromEnv({ ...env, MAX_SILENCE_HOURS: "soon" })).toThrow(/MAX_SILENCE_HOURS must be a whole number/);
  });
});

describe("nightly analysis", () => {
  it("runs once a day on EventBridge Scheduler, with retries", () => {
    const cron = sst.find("sst.aws.CronV2", "Nightly")!;
    expect(cron.args.schedule).toBe("cron(0 2 * * ? *)");
    expect(cron.args.retries).toBeGreaterThan(0);
  });

  it("is sized for a window of logs: the Lambda maximum timeout and at least 1 GB", () => {
    const fn = nightlyFunction();
    expect(seconds(fn.timeout)).toBe(900);
    expect(Number.parseInt(fn.memory, 10)).toBeGreaterThanOrEqual(1024);
  });

  it("can only list and read the audit prefix, and only read/write objects in the results bucket", () => {
    const { permissions, link } = nightlyFunction();
    const allowed = permissions.flatMap((p) => p.actions.map((action) => ({ action, resources: p.resources, conditions: p.conditions })));
    expect(allowed.map((a) => a.action).sort()).toEqual([
      "s3:DeleteObject",
      "s3:GetObject",
      "s3:GetObject",
      "s3:ListBucket",
      "s3:ListBucket",
      "s3:PutObject",
    ]);
    expect(allowed.every((a) => !a.action.includes("*") && a.resources.every((r) => r !== "*" && !r.startsWith("arn:aws:s3:::*")))).toBe(true);
    const on = (resource: string) => allowed.filter((a) => a.resources.includes(resource)).map((a) => a.action).sort();
    expect(on("arn:aws:s3:::{secret:AuditBucket}")).toEqual(["s3:ListBucket"]);
    expect(on("arn:aws:s3:::{secret:AuditBucket}/{secret:AuditPrefix}*")).toEqual(["s3:GetObject"]);
    expect(on("{Results.arn}")).toEqual(["s3:ListBucket"]);
    expect(on("{Results.arn}/*")).toEqual(["s3:DeleteObject", "s3:GetObject", "s3:PutObject"]);
    const auditList = allowed.find((a) => a.resources.includes("arn:aws:s3:::{secret:AuditBucket}"))!;
    expect(auditList.conditions).toEqual([{ test: "StringLike", variable: "s3:prefix", values: ["{secret:AuditPrefix}*"] }]);
    // A Bucket link would add s3:* on the results bucket; the explicit statements above are all it gets.
    expect(link ?? []).toEqual([]);
  });
});

describe("handlers", () => {
  it("every function handler names a file that exists and exports that function", async () => {
    const handlers = sst.resources.flatMap((r) => handlersIn(r.args));
    expect(handlers).toContain("packages/functions/src/nightly.handler");
    for (const handler of handlers) {
      const [file, exported] = [handler.slice(0, handler.lastIndexOf(".")), handler.slice(handler.lastIndexOf(".") + 1)];
      const path = resolve(root, `${file}.ts`);
      expect(existsSync(path), `${path} exists`).toBe(true);
      const module = (await import(/* @vite-ignore */ pathToFileURL(path).href)) as Record<string, unknown>;
      expect(typeof module[exported], `${handler} is exported`).toBe("function");
    }
  });
});

function handlersIn(value: unknown): string[] {
  if (typeof value !== "object" || value === null) return [];
  const own = typeof (value as { handler?: unknown }).handler === "string" ? [(value as { handler: string }).handler] : [];
  return [...own, ...Object.values(value).flatMap(handlersIn)];
}

describe("review API", () => {
  const apiFunction = () => sst.find("sst.aws.Function", "ReviewApiHandler")!.args as unknown as FunctionArgs;

  it("serves every route through one function, with IAM authorization on all but /healthz", () => {
    expect(sst.routes).toEqual([
      { api: "ReviewApi", route: "GET /healthz", handler: "{ReviewApiHandler.arn}", args: {} },
      { api: "ReviewApi", route: "$default", handler: "{ReviewApiHandler.arn}", args: { auth: { iam: true } } },
    ]);
    expect(apiFunction().handler).toBe("packages/functions/src/api.handler");
    expect(existsSync(resolve(root, "packages/functions/src/api.ts"))).toBe(true);
    expect(outputs.apiUrl).toBe("{ReviewApi.url}");
  });

  it("reads the results and writes review state only: it can never change what the nightly run published", () => {
    const fn = apiFunction();
    expect(fn.environment).toEqual({ RESULTS_BUCKET: "{Results.name}" });
    const writes = fn.permissions.filter((p) => p.actions.some((a) => /Put|Delete/.test(a)));
    expect(writes).toEqual([{ actions: ["s3:PutObject"], resources: ["{Results.arn}/reviews/*"] }]);
    expect(fn.permissions.flatMap((p) => p.resources).some((r) => r.includes("secret"))).toBe(false);
  });
});
