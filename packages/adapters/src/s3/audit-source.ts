import type { AuditObject, AuditSource } from "../pipeline/audit-source.ts";
import { createS3Client, formatS3Url, parseS3Url, type S3ClientSettings, type S3Location } from "./location.ts";
import { s3Sdk, type S3ClientRef } from "./sdk.ts";

/** Audit logs under a bucket prefix, as delivered by Firehose, CloudWatch exports or a log shipper. */
export class S3AuditSource implements AuditSource {
  /** `pageSize`: keys per ListObjectsV2 page (S3's default of 1000 when unset). */
  constructor(
    private readonly client: S3ClientRef,
    private readonly at: S3Location,
    private readonly pageSize?: number,
  ) {}

  get location(): string {
    return formatS3Url(this.at);
  }

  async *list(): AsyncIterable<AuditObject> {
    const [client, { ListObjectsV2Command }] = await Promise.all([this.client, s3Sdk()]);
    let token: string | undefined;
    do {
      const page = await client.send(
        new ListObjectsV2Command({
          Bucket: this.at.bucket,
          Prefix: this.at.prefix,
          ContinuationToken: token,
          MaxKeys: this.pageSize,
        }),
      );
      for (const object of page.Contents ?? []) {
        if (!object.Key || object.Key.endsWith("/")) continue; // "folder" placeholders from the console
        yield {
          uri: formatS3Url({ bucket: this.at.bucket, prefix: object.Key }),
          etag: object.ETag ?? "",
          size: object.Size ?? 0,
          lastModified: object.LastModified?.getTime() ?? 0,
        };
      }
      token = page.IsTruncated ? page.NextContinuationToken : undefined;
    } while (token);
  }

  async open(object: AuditObject): Promise<AsyncIterable<Uint8Array>> {
    const { bucket, prefix: key } = parseS3Url(object.uri);
    // If-Match: the ledger records the ETag that was listed, so the bytes read must be that version.
    const [client, { GetObjectCommand }] = await Promise.all([this.client, s3Sdk()]);
    const out = await client.send(new GetObjectCommand({ Bucket: bucket, Key: key, IfMatch: object.etag || undefined }));
    if (!out.Body) throw new Error(`${object.uri}: empty response body`);
    return out.Body as AsyncIterable<Uint8Array>;
  }
}

export function auditSourceFromUrl(url: string, s3: S3ClientSettings = {}): S3AuditSource {
  return new S3AuditSource(createS3Client(s3), parseS3Url(url));
}
