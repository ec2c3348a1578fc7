/**
 * The byte-level contract both backends implement. Conditional writes follow HTTP/S3 semantics so the same
 * code publishes safely on the filesystem and on S3.
 */
export interface WriteCondition {
  /** Write only if the current object has this ETag (switching a pointer another run may also switch). */
  ifMatch?: string;
  /** "*": write only if nothing exists under the key (create-only, immutable objects). */
  ifNoneMatch?: "*";
}

export interface StoredText {
  text: string;
  etag: string;
}

export interface ObjectStore {
  /** Where the store lives, for logs and run records: `s3://bucket/prefix` or a directory. */
  readonly location: string;
  get(key: string): Promise<StoredText | undefined>;
  put(key: string, text: string, options?: WriteCondition & { contentType?: string }): Promise<{ etag: string }>;
  /** Keys under `prefix`, relative to the store root, in lexicographic order. */
  list(prefix: string): AsyncIterable<string>;
  delete(key: string): Promise<void>;
}

/** A conditional write lost: someone else wrote (or created) the key first. */
export class PreconditionFailedError extends Error {
  constructor(readonly key: string) {
    super(`precondition failed writing ${key}: it was changed by someone else`);
    this.name = "PreconditionFailedError";
  }
}
