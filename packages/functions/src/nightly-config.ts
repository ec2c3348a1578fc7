/**
 * The nightly function's settings, from its environment (set by infra/analysis.ts). Read in one place so a
 * missing setting fails the invocation with its name instead of half-way through a run.
 */
export interface NightlyConfig {
  auditUrl: string;
  storeUrl: string;
  windowDays: number;
  /** No audit data for longer than this holds removals back (the feed stopped). */
  maxSilenceHours: number;
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

function wholeNumber(env: Env, name: string, fallback: number): number {
  const value = Number(env[name] ?? fallback);
  if (!Number.isInteger(value) || value < 1) throw new Error(`${name} must be a whole number >= 1, got ${env[name]}`);
  return value;
}

export function nightlyConfigFromEnv(env: Env = process.env): NightlyConfig {
  const config: NightlyConfig = {
    auditUrl: s3Url(required(env, "AUDIT_BUCKET"), env.AUDIT_PREFIX),
    storeUrl: s3Url(required(env, "RESULTS_BUCKET"), env.RESULTS_PREFIX),
    windowDays: wholeNumber(env, "WINDOW_DAYS", 90),
    maxSilenceHours: wholeNumber(env, "MAX_SILENCE_HOURS", 24),
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
