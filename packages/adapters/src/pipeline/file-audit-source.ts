import { createReadStream } from "node:fs";
import { stat } from "node:fs/promises";
import { resolve } from "node:path";
import { expandInputPaths } from "../files/input-paths.ts";
import type { AuditObject, AuditSource } from "./audit-source.ts";

/** Local audit logs as a nightly source, so the CLI runs the same incremental pipeline without S3. */
export class FileAuditSource implements AuditSource {
  constructor(private readonly paths: readonly string[]) {}

  get location(): string {
    return this.paths.join(",");
  }

  async *list(): AsyncIterable<AuditObject> {
    for (const path of await expandInputPaths(this.paths, "audit log", { allowEmptyDirectories: true })) {
      const info = await stat(path);
      yield { uri: resolve(path), etag: `${info.size}-${info.mtimeMs}`, size: info.size, lastModified: info.mtimeMs };
    }
  }

  async open(object: AuditObject): Promise<AsyncIterable<Uint8Array>> {
    return createReadStream(object.uri, { highWaterMark: 1 << 20 });
  }
}
