import type { S3Client } from "@aws-sdk/client-s3";
import { s3Sdk } from "./sdk.ts";

export interface S3Location {
  bucket: string;
  /** Key prefix as given ("" for the whole bucket). */
  prefix: string;
}

const BUCKET = /^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/;

export function isS3Url(url: string): boolean {
  return url.startsWith("s3://");
}

export function parseS3Url(url: string): S3Location {
  const match = /^s3:\/\/([^/]+)\/?(.*)$/.exec(url);
  if (!match?.[1] || !BUCKET.test(match[1])) throw new Error(`not an S3 location (s3://bucket/prefix): ${url}`);
  return { bucket: match[1], prefix: match[2] ?? "" };
}

export function formatS3Url({ bucket, prefix }: S3Location): string {
  return `s3://${bucket}/${prefix}`;
}

export interface S3ClientSettings {
  /** Path-style addressing, needed by local S3 servers; defaults to S3_FORCE_PATH_STYLE=true|1. */
  forcePathStyle?: boolean;
}

/**
 * Region, endpoint (AWS_ENDPOINT_URL_S3 / AWS_ENDPOINT_URL) and credentials come from the SDK's standard
 * settings and default chain, so the same code runs in Lambda, on a laptop and against a local server.
 */
export function createS3Client(settings: S3ClientSettings = {}): Promise<S3Client> {
  const flag = process.env.S3_FORCE_PATH_STYLE;
  const client = s3Sdk().then(
    ({ S3Client }) =>
      new S3Client({
        forcePathStyle: settings.forcePathStyle ?? (flag === "true" || flag === "1"),
        // The SDK waits forever by default: a stalled connection must fail (and be retried), not hang the nightly
        // run until the function's timeout.
        requestHandler: { connectionTimeout: 10_000, socketTimeout: 60_000 },
      }),
  );
  // The first request awaits it and sees a failure; a store or source never used must not make it unhandled.
  client.catch(() => {});
  return client;
}
