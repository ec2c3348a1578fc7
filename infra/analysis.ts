import { auditBucket, auditPrefix, clusterCa, clusterEndpoint, clusterName, windowDays } from "./config";
import { results } from "./storage";

/** 02:00 UTC daily: after a full day of audit logs has been delivered. */
export const NIGHTLY_SCHEDULE = "cron(0 2 * * ? *)";

const auditBucketArn = $interpolate`arn:aws:s3:::${auditBucket.value}`;

/**
 * The nightly analysis. Its role can read audit logs under the configured prefix (nothing else in that
 * bucket, and never write), and read/write objects in the results bucket only. The results bucket is not
 * `link`ed: a Bucket link grants s3:* on it, more than the function needs.
 * In the cluster, the role is mapped (EKS access entry) to the group bound in deploy/rbac-reader.yaml.
 */
export const nightly = new sst.aws.CronV2("Nightly", {
  schedule: NIGHTLY_SCHEDULE,
  // Runs are incremental and idempotent, so a retry only finishes what the failed attempt left.
  retries: 2,
  function: {
    handler: "packages/functions/src/nightly.handler",
    runtime: "nodejs22.x",
    architecture: "arm64",
    // The first run may read 90 days of logs; the function stops starting objects 2 minutes before the
    // limit and the next run continues where it stopped.
    timeout: "15 minutes",
    // Partials for the whole window are merged in memory; memory also buys CPU for gunzip and JSON.
    memory: "2048 MB",
    environment: {
      AUDIT_BUCKET: auditBucket.value,
      AUDIT_PREFIX: auditPrefix.value,
      RESULTS_BUCKET: results.name,
      WINDOW_DAYS: windowDays.value,
      CLUSTER_NAME: clusterName.value,
      CLUSTER_ENDPOINT: clusterEndpoint.value,
      CLUSTER_CA: clusterCa.value,
    },
    permissions: [
      {
        actions: ["s3:ListBucket"],
        resources: [auditBucketArn],
        conditions: [{ test: "StringLike", variable: "s3:prefix", values: [$interpolate`${auditPrefix.value}*`] }],
      },
      { actions: ["s3:GetObject"], resources: [$interpolate`${auditBucketArn}/${auditPrefix.value}*`] },
      { actions: ["s3:ListBucket"], resources: [results.arn] },
      { actions: ["s3:GetObject", "s3:PutObject", "s3:DeleteObject"], resources: [$interpolate`${results.arn}/*`] },
    ],
  },
});
