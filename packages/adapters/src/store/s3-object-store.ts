import { formatS3Url, type S3Location } from "../s3/location.ts";
import { s3Sdk, type S3ClientRef, type S3Sdk } from "../s3/sdk.ts";
import { PreconditionFailedError, type ObjectStore, type StoredText, type WriteCondition } from "./object-store.ts";

function statusOf(sdk: S3Sdk, error: unknown): number | undefined {
  return error instanceof sdk.S3ServiceException ? error.$metadata.httpStatusCode : undefined;
}

/**
 * A bucket prefix as a store. S3 conditional writes (If-None-Match: *, If-Match: etag) make create-only
 * objects and pointer switches safe between concurrent runs.
 */
export class S3ObjectStore implements ObjectStore {
  private readonly root: string;

  /** `pageSize`: keys per ListObjectsV2 page (S3's default of 1000 when unset). */
  constructor(
    private readonly client: S3ClientRef,
    private readonly at: S3Location,
    private readonly pageSize?: number,
  ) {
    this.root = at.prefix === "" || at.prefix.endsWith("/") ? at.prefix : `${at.prefix}/`;
  }

  get location(): string {
    return formatS3Url({ bucket: this.at.bucket, prefix: this.root });
  }

  async get(key: string): Promise<StoredText | undefined> {
    const [client, sdk] = await Promise.all([this.client, s3Sdk()]);
    try {
      const out = await client.send(new sdk.GetObjectCommand({ Bucket: this.at.bucket, Key: this.root + key }));
      return { text: (await out.Body?.transformToString("utf8")) ?? "", etag: out.ETag ?? "" };
    } catch (error) {
      if (statusOf(sdk, error) === 404) return undefined;
      throw error;
    }
  }

  async put(key: string, text: string, options: WriteCondition & { contentType?: string } = {}) {
    const [client, sdk] = await Promise.all([this.client, s3Sdk()]);
    try {
      const out = await client.send(
        new sdk.PutObjectCommand({
          Bucket: this.at.bucket,
          Key: this.root + key,
          Body: text,
          ContentType: options.contentType,
          IfMatch: options.ifMatch,
          IfNoneMatch: options.ifNoneMatch,
        }),
      );
      return { etag: out.ETag ?? "" };
    } catch (error) {
      // 409 ConditionalRequestConflict: a concurrent conditional write to the same key is in flight.
      const status = statusOf(sdk, error);
      if (status === 412 || status === 409) throw new PreconditionFailedError(key);
      throw error;
    }
  }

  async *list(prefix: string): AsyncIterable<string> {
    const [client, { ListObjectsV2Command }] = await Promise.all([this.client, s3Sdk()]);
    let token: string | undefined;
    do {
      const page = await client.send(
        new ListObjectsV2Command({
          Bucket: this.at.bucket,
          Prefix: this.root + prefix,
          ContinuationToken: token,
          MaxKeys: this.pageSize,
        }),
      );
      for (const object of page.Contents ?? []) if (object.Key) yield object.Key.slice(this.root.length);
      token = page.IsTruncated ? page.NextContinuationToken : undefined;
    } while (token);
  }

  async delete(key: string): Promise<void> {
    const [client, { DeleteObjectCommand }] = await Promise.all([this.client, s3Sdk()]);
    await client.send(new DeleteObjectCommand({ Bucket: this.at.bucket, Key: this.root + key }));
  }
}
