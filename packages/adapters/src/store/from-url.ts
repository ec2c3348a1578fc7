import { resolve } from "node:path";
import { createS3Client, isS3Url, parseS3Url, type S3ClientSettings } from "../s3/location.ts";
import { FsObjectStore } from "./fs-object-store.ts";
import { ResultsStore } from "./results-store.ts";
import { S3ObjectStore } from "./s3-object-store.ts";

/** `s3://bucket/prefix` → S3 store; anything else is a directory (created on first write). */
export function storeFromUrl(url: string, s3: S3ClientSettings = {}): ResultsStore {
  if (isS3Url(url)) return new ResultsStore(new S3ObjectStore(createS3Client(s3), parseS3Url(url)));
  return new ResultsStore(new FsObjectStore(resolve(url)));
}
