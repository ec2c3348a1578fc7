import {
  addDecodeStats,
  auditSourceFromUrl,
  decodeAuditObject,
  emptyDecodeStats,
  type AuditReadProgress,
  type AuditReadResult,
} from "@rbac-recommender/adapters";
import type { Usage } from "@rbac-recommender/core";
import { CommandError, firstLine } from "./command-error.ts";

/**
 * Every object under an s3:// location into `usage`, for a one-shot run (`--out`): nothing is remembered,
 * so each run reads everything. `--store` is the incremental way.
 */
export async function readS3AuditLog(url: string, usage: Usage, onProgress?: (progress: AuditReadProgress) => void): Promise<AuditReadResult> {
  const stats = emptyDecodeStats();
  let files = 0;
  let bytesRead = 0;
  try {
    const source = auditSourceFromUrl(url);
    for await (const object of source.list()) {
      const decoded = await decodeAuditObject(await source.open(object));
      usage.merge(decoded.usage);
      addDecodeStats(stats, decoded.stats);
      files++;
      bytesRead += object.size;
      onProgress?.({ bytesRead, events: stats.events });
    }
  } catch (error) {
    throw new CommandError(`audit log ${url}: ${firstLine(error)}`);
  }
  return { files, stats };
}
