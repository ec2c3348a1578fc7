/**
 * Deployment settings, set per stage with `sst secret set <Name> <value>` — nothing about a particular
 * account or cluster is written in code. None of these is confidential (names, an endpoint, a public CA);
 * they are Secrets because that is SST's per-stage configuration store.
 */

/** The bucket the cluster's audit logs are delivered to (Firehose, CloudWatch export, log shipper). */
export const auditBucket = new sst.Secret("AuditBucket");
/** Key prefix of the audit logs in that bucket, e.g. `eks/prod/`; empty for the whole bucket. */
export const auditPrefix = new sst.Secret("AuditPrefix", "");
/** Days of usage a recommendation is based on. */
export const windowDays = new sst.Secret("WindowDays", "90");

/** The EKS cluster whose live RBAC is read: `aws eks describe-cluster --name <name>`. */
export const clusterName = new sst.Secret("ClusterName");
/** `cluster.endpoint`, https://…eks.amazonaws.com */
export const clusterEndpoint = new sst.Secret("ClusterEndpoint");
/** `cluster.certificateAuthority.data` (base64 PEM). */
export const clusterCa = new sst.Secret("ClusterCa");
