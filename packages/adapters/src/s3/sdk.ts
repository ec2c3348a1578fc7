import type { S3Client } from "@aws-sdk/client-s3";

export type S3Sdk = typeof import("@aws-sdk/client-s3");

let loading: Promise<S3Sdk> | undefined;

/**
 * The AWS SDK's S3 client, loaded on first use: it takes ~150 ms to load, which every command paid at start
 * (`--help`, a local `analyze`) when it was imported with the adapters.
 */
export function s3Sdk(): Promise<S3Sdk> {
  loading ??= import("@aws-sdk/client-s3");
  return loading;
}

/** A client, or one being made: the stores and sources take either, and wait for it on their first request. */
export type S3ClientRef = S3Client | Promise<S3Client>;
