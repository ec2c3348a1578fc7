/**
 * The nightly function's settings, from its environment (set by infra/analysis.ts). Read in one place so a
 * missing setting fails the invocation with its name instead of half-way through a run.
 */
export interface NightlyConfig {
  auditUrl: string;
  storeUrl: string;
  windowDays: number;
  /** Absent: usage-only analysis (no live RBAC). */
  cluster?: { name: string; endpoint: string; caData: string; region: string };
}

type Env = Record<string, string | undefined>;

function required(env: Env, name: string): string {
  const value = env[name]?.trim();
  if (!value) throw new Error(`missing environment variable ${name}`);
  return value;
}

function s3Url(bucket: string, prefix: string | undefined): string {
  return `s3://${bucket}/${prefix ?? ""}`;
}

export function nightlyConfigFromEnv(env: Env = process.env): NightlyConfig {
  const windowDays = Number(env.WINDOW_DAYS ?? "90");
  if (!Number.isInteger(windowDays) || windowDays < 1) throw new Error(`WINDOW_DAYS must be a whole number >= 1, got ${env.WINDOW_DAYS}`);
  const config: NightlyConfig = {
    auditUrl: s3Url(required(env, "AUDIT_BUCKET"), env.AUDIT_PREFIX),
    storeUrl: s3Url(required(env, "RESULTS_BUCKET"), env.RESULTS_PREFIX),
    windowDays,
  };
  if (env.CLUSTER_ENDPOINT?.trim()) {
    config.cluster = {
      name: required(env, "CLUSTER_NAME"),
      endpoint: required(env, "CLUSTER_ENDPOINT"),
      caData: required(env, "CLUSTER_CA"),
      region: required(env, "AWS_REGION"),
    };
  }
  return config;
}
