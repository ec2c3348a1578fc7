import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { storeFromUrl, type ResultsStore } from "@rbac-recommender/adapters";
import { startS3, type S3TestEnv } from "../../../../test/setup/s3-test-env.ts";

/** A real store on one backend, fresh per test file. */
export interface TestStore {
  store: ResultsStore;
  /** Where the store lives, as `serve --store` takes it. */
  url: string;
  s3?: S3TestEnv;
  close(): Promise<void>;
}

export async function openFilesystemStore(): Promise<TestStore> {
  const dir = await mkdtemp(join(tmpdir(), "rbac-api-"));
  return { store: storeFromUrl(dir), url: dir, close: () => rm(dir, { recursive: true, force: true }) };
}

/** s3rver behind the conditional proxy (s3rver alone ignores If-Match, which would hide lost races). */
export async function openS3Store(): Promise<TestStore> {
  const s3 = await startS3();
  s3.applyToProcessEnv();
  const bucket = await s3.bucket("api");
  const url = `s3://${bucket}/cluster-a`;
  return { store: storeFromUrl(url, { forcePathStyle: true }), url, s3, close: () => s3.stop() };
}

export const BACKENDS = [
  { backend: "filesystem", open: openFilesystemStore },
  { backend: "s3", open: openS3Store },
] as const;

/** Every key and its text: compared before and after a request to prove it wrote nothing. */
export async function storeContents(store: ResultsStore): Promise<Map<string, string>> {
  const contents = new Map<string, string>();
  for await (const key of store.list("")) contents.set(key, (await store.getText(key))?.text ?? "");
  return contents;
}
