/**
 * Audit logs straight into a Usage, on both cores when the input is large enough to pay for it. Usage partials
 * merge exactly and are merged in input order, so the Usage is exactly the one a single thread would build.
 * - One large JSON-lines file: this thread reads from the start while a worker loads; once it has, the rest is
 *   cut in half at a record boundary and the worker reads the second half (no core idles during start-up), and
 *   the thread done first takes half of what the other has left (shared-file-decoding.ts).
 * - Several files that split evenly at file boundaries (rotated logs): one contiguous block per thread, this
 *   thread reading the first (audit-blocks.ts).
 * - Other sets of files: a pool of workers takes them (large JSON-lines files in two halves, audit-ranges.ts).
 */
import { availableParallelism } from "node:os";
import { stat } from "node:fs/promises";
import { continuesExactly, Usage, type DecodeStats } from "@rbac-recommender/core/decoding";
import { decodeAuditFiles, progressIncrements, readAuditLogs, type AuditReadOptions, type AuditReadResult } from "./audit-files.ts";
import { planFileBlocks } from "./audit-blocks.ts";
import { isJsonLines, planAuditJobs, type AuditJob } from "./audit-ranges.ts";
import type { JobOutcome } from "./audit-worker-messages.ts";
import { addDecodeStats, emptyDecodeStats } from "./decode-stats.ts";
import { DecoderPool, type ProgressMessage } from "./decoder-pool.ts";
import { decodeShared } from "./shared-file-decoding.ts";
import { expandInputPaths, InputError } from "./input-paths.ts";

/** Below this, starting a worker (it loads the decoder) costs more than a second core saves. */
const MIN_PARALLEL_BYTES = 48 << 20;

export interface AuditUsageOptions extends AuditReadOptions {
  /** At most this many decoding threads, this one included (default: the cores available). */
  threads?: number;
}

/**
 * Decodes every audit log under `paths` (as `readAuditLogs` does: same files, same order, same errors) and adds
 * its requests to `usage`.
 */
export async function readAuditUsage(paths: readonly string[], usage: Usage, options: AuditUsageOptions = {}): Promise<AuditReadResult> {
  const files = await expandInputPaths(paths, "audit log");
  const threads = options.threads ?? availableParallelism();
  const progress = new Progress(options);
  if (threads >= 2 && files.length === 1) {
    const size = await stat(files[0]!).then((s) => s.size, (cause: unknown) => {
      throw new InputError("audit log", files[0]!, cause);
    });
    if (size >= MIN_PARALLEL_BYTES && (await isJsonLines(files[0]!))) return { files: 1, stats: await decodeShared(files[0]!, size, usage, (bytes, events) => progress.add(bytes, events)) };
  }
  const blocks = await planFileBlocks(files, threads, MIN_PARALLEL_BYTES);
  if (blocks !== undefined) return { files: files.length, stats: await decodeBlocks(blocks, usage, progress) };
  const { jobs, bytes } = await planAuditJobs(files);
  if (threads < 2 || jobs.length < 2 || bytes < MIN_PARALLEL_BYTES) return readAuditLogs(files, (r) => usage.add(r), options);
  const stats = await decodeInPool(jobs, Math.min(threads, jobs.length), usage, progress);
  return stats === undefined ? readAuditLogs(files, (r) => usage.add(r), options) : { files: files.length, stats };
}

/**
 * Contiguous blocks of whole files: this thread reads the first into `usage` while workers read the others,
 * each into one Usage, merged in order. Where the workers cannot start, this thread reads their blocks too.
 */
async function decodeBlocks(blocks: string[][], usage: Usage, progress: Progress): Promise<DecodeStats> {
  const pool = new DecoderPool(blocks.length - 1, (m) => progress.add(m.bytes, m.events));
  try {
    const outcomes = blocks.slice(1).map((paths) => pool.run({ paths }));
    // Awaited in order below; until then a failure must not count as unhandled.
    for (const outcome of outcomes) outcome.catch(() => {});
    const readHere = (files: readonly string[]) =>
      decodeAuditFiles(files, (r) => usage.add(r), { onProgress: progressIncrements((bytes, events) => progress.add(bytes, events)) });
    const total = addDecodeStats(emptyDecodeStats(), await readHere(blocks[0]!));
    if (!(await pool.loaded.then(() => true, () => false))) return addDecodeStats(total, await readHere(blocks.slice(1).flat()));
    for (const outcome of outcomes) mergeOutcome(usage, total, await outcome);
    return total;
  } finally {
    await pool.close();
  }
}

/** undefined when the workers could not start (nothing was added to `usage` then). */
async function decodeInPool(jobs: AuditJob[], threads: number, usage: Usage, progress: Progress): Promise<DecodeStats | undefined> {
  const pool = new DecoderPool(threads, (m: ProgressMessage) => progress.add(m.bytes, m.events));
  try {
    if (!(await pool.loaded.then(() => true, () => false))) return undefined;
    const outcomes = jobs.map((job) => pool.run(job));
    // Awaited in order below; until then a failure must not count as unhandled.
    for (const outcome of outcomes) outcome.catch(() => {});
    const total = emptyDecodeStats();
    for (let k = 0; k < jobs.length; k++) {
      const job = jobs[k]!;
      const outcome = await outcomes[k]!;
      if (job.range === undefined || job.range.start !== 0) {
        mergeOutcome(usage, total, outcome);
        continue;
      }
      // The first half of a cut file: the second half must continue it exactly, else the file is read in one go.
      const next = await outcomes[++k]!;
      if (outcome.atBoundary && continuesExactly(outcome.dedupe!, next.dedupe!)) {
        mergeOutcome(usage, total, outcome);
        mergeOutcome(usage, total, next);
      } else mergeOutcome(usage, total, await pool.run({ path: job.path }));
    }
    return total;
  } finally {
    await pool.close();
  }
}

/** A worker's Usage (in the transfer form) and counts, added to this thread's. */
function mergeOutcome(usage: Usage, total: DecodeStats, outcome: JobOutcome): void {
  usage.mergeTransfer(outcome.usage);
  addDecodeStats(total, outcome.stats);
}

/** Bytes and events over all threads, reported as `readAuditLogs` reports them. */
class Progress {
  private bytesRead = 0;
  private events = 0;

  constructor(private readonly options: AuditReadOptions) {}

  add(bytes: number, events: number): void {
    this.bytesRead += bytes;
    this.events += events;
    this.options.onProgress?.({ bytesRead: this.bytesRead, events: this.events });
  }
}
