import { stat } from "node:fs/promises";
import { isS3Url, storeFromUrl, type ResultsStore } from "@rbac-recommender/adapters";
import { CommandError, firstLine } from "./command-error.ts";

/**
 * Opens a results store and lists it once, so a wrong bucket, missing credentials or a file where a
 * directory should be fail now with one line, not half-way through a run or on the first API request.
 * `existing`: a directory must already be there (serving an empty, mistyped directory would look like "no
 * recommendations"); an S3 prefix may be empty, as before the first nightly run.
 */
export async function openStore(url: string, options: { existing: boolean }): Promise<ResultsStore> {
  try {
    if (options.existing && !isS3Url(url)) await mustBeDirectory(url);
    const store = storeFromUrl(url);
    // A list, not a read: S3 answers a read from a missing bucket with 404, which reads as "no object yet".
    for await (const _key of store.list("nightly/")) break;
    return store;
  } catch (error) {
    throw error instanceof CommandError ? error : new CommandError(`store ${url}: ${firstLine(error)}`);
  }
}

async function mustBeDirectory(path: string): Promise<void> {
  const info = await stat(path).catch(() => undefined);
  if (!info?.isDirectory()) throw new CommandError(`store ${path}: no such directory (analyze --store ${path} creates one)`);
}
