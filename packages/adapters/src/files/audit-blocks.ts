/**
 * Several audit files on several threads: the files, in input order, cut into one contiguous block per thread
 * at file boundaries. Each thread decodes its block's files one after another into one Usage, as one thread
 * would (a decoder per file, de-duplicating within the file), and the blocks' Usages merge in order: exactly the
 * single-threaded result, with one merge per thread. A job per file (or half file) instead rebuilt every
 * observation of every file in a fresh Usage and merged them all: on ten rotated 96 MB files, slower than one
 * thread.
 */
import { stat } from "node:fs/promises";
import { InputError } from "./input-paths.ts";

/** A block may be this much larger than an even share; beyond, files are cut into ranges instead. */
const MAX_IMBALANCE = 1.25;

/**
 * The files split into contiguous blocks of about equal bytes, as many as file boundaries allow up to
 * `threads` (ten equal files on eight cores: five blocks of two); undefined when they hold fewer than
 * `minBytes`, or not even two blocks come out even (one file holding most of the bytes).
 */
export async function planFileBlocks(files: readonly string[], threads: number, minBytes: number): Promise<string[][] | undefined> {
  if (threads < 2 || files.length < 2) return undefined;
  const sizes = await Promise.all(files.map((path) => stat(path).then((s) => s.size, (cause: unknown) => {
    throw new InputError("audit log", path, cause);
  })));
  if (sizes.reduce((sum, size) => sum + size, 0) < minBytes) return undefined;
  for (let blocks = Math.min(threads, files.length); blocks >= 2; blocks--) {
    const starts = blockStarts(sizes, blocks);
    if (starts !== undefined) return starts.map((start, b) => files.slice(start, starts[b + 1] ?? files.length));
  }
  return undefined;
}

/**
 * Where each block starts (file indexes): a block ends at the file boundary nearest its even share of the
 * bytes; undefined when some block would exceed its share by more than MAX_IMBALANCE.
 */
export function blockStarts(sizes: readonly number[], threads: number): number[] | undefined {
  const total = sizes.reduce((sum, size) => sum + size, 0);
  const starts = [0];
  let before = 0;
  for (let k = 1; k < sizes.length && starts.length < threads; k++) {
    before += sizes[k - 1]!;
    const boundary = (starts.length * total) / threads;
    const lastChance = sizes.length - k === threads - starts.length;
    if (lastChance || Math.abs(boundary - before) <= Math.abs(before + sizes[k]! - boundary)) starts.push(k);
  }
  if (starts.length !== threads) return undefined;
  const largest = Math.max(...starts.map((start, b) => sizes.slice(start, starts[b + 1] ?? sizes.length).reduce((sum, size) => sum + size, 0)));
  return largest <= (MAX_IMBALANCE * total) / threads ? starts : undefined;
}
