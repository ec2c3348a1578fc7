/** One immutable unit of audit input: an S3 object or a local file. */
export interface AuditObject {
  /** Stable identity across runs: `s3://bucket/key` or an absolute file path. */
  uri: string;
  /** Changes when the content changes (S3 ETag; size+mtime for files). */
  etag: string;
  size: number;
  /** ms since the epoch; an object last written before the window cannot hold events inside it. */
  lastModified: number;
}

/** Where the nightly pipeline finds audit logs. */
export interface AuditSource {
  readonly location: string;
  list(): AsyncIterable<AuditObject>;
  /** The object's bytes as they arrive, never the whole object at once. */
  open(object: AuditObject): Promise<AsyncIterable<Uint8Array>>;
}
