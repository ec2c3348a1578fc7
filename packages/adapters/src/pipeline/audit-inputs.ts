import { isS3Url, type S3ClientSettings } from "../s3/location.ts";
import { auditSourceFromUrl } from "../s3/audit-source.ts";
import type { AuditSource } from "./audit-source.ts";
import { FileAuditSource } from "./file-audit-source.ts";

/**
 * What `--audit-log` names: one `s3://bucket/prefix`, or local files and directories. Mixing the two is
 * refused, because the ledger identifies objects by one source's URIs.
 */
export function auditSourceFromInputs(inputs: readonly string[], s3: S3ClientSettings = {}): AuditSource {
  const remote = inputs.filter(isS3Url);
  if (remote.length === 0) return new FileAuditSource(inputs);
  if (remote.length === 1 && inputs.length === 1) return auditSourceFromUrl(remote[0]!, s3);
  throw new Error(`--audit-log takes one s3:// location or local paths, not both: ${inputs.join(" ")}`);
}
