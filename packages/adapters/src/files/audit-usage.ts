/**
 * Audit logs straight into a Usage, on both cores when the input is large enough to pay for it: jobs (whole
 * files, or the two halves of a large JSON-lines file, see audit-ranges.ts) go to a pool of decoding workers,
 * and their Usage partials are merged in job order, which gives exactly the Usage one thread would build.
 */
import { availableParallelism } from "node:os";
import { Worker } from "node:worker_threads";
import { continuesExactly, Usage, type DecodeStats } from "@rbac-recommender/core";
import { readAuditLogs, type AuditReadOptions, type AuditReadResult } from "./audit-files.ts";
import { planAuditJobs, type AuditJob } from "./audit-ranges.ts";
import type { JobOutcome, WorkerMessage } from "./audit-worker-messages.ts";
import { addDecodeStats, emptyDecodeStats } from "./decode-stats.ts";
import { expandInputPaths, InputError } from "./input-paths.ts";

/** Below this, starting workers (each loads the decoder) costs more than a second core saves. */
const MIN_PARALLEL_BYTES = 48 << 20;

export interface AuditUsageOptions extends AuditReadOptions {
  /** At most this many decoding threads (default: the cores available, at most 2 jobs' worth). */
  threads?: number;
}

/**
 * Decodes every audit log under `paths` (as `readAuditLogs` does: same files, same order, same errors) and adds
 * its requests to `usage`.
 */
export async function readAuditUsage(paths: readonly string[], usage: Usage, options: AuditUsageOptions = {}): Promise<AuditReadResult> {
  const files = await expandInputPaths(paths, "audit log");
  const { jobs, bytes } = await planAuditJobs(files);
  const threads = Math.min(options.threads ?? availableParallelism(), jobs.length);
  if (threads < 2 || bytes < MIN_PARALLEL_BYTES) return readAuditLogs(files, (r) => usage.add(r), options);
  const stats = await decodeInWorkers(jobs, threads, usage, options);
  return { files: files.length, stats };
}

async function decodeInWorkers(jobs: AuditJob[], threads: number, usage: Usage, options: AuditReadOptions): Promise<DecodeStats> {
  const progress = { bytesRead: 0, events: 0 };
  const onMessage = (m: Extract<WorkerMessage, { kind: "progress" }>) => {
    progress.bytesRead += m.bytes;
    progress.events += m.events;
    options.onProgress?.({ ...progress });
  };
  const pool = new DecoderPool(threads, onMessage);
  try {
    const outcomes = jobs.map((job) => pool.run(job));
    // Awaited in order below; until then a failure must not count as unhandled.
    for (const outcome of outcomes) outcome.catch(() => {});
    const total = emptyDecodeStats();
    for (let k = 0; k < jobs.length; k++) {
      const job = jobs[k]!;
      const outcome = await outcomes[k]!;
      if (job.range === undefined || job.range.start !== 0) {
        merge(usage, total, outcome);
        continue;
      }
      // The first half of a cut file: the second half must continue it exactly, else the file is read in one go.
      const next = await outcomes[++k]!;
      if (outcome.atBoundary && continuesExactly(outcome.dedupe!, next.dedupe!)) {
        merge(usage, total, outcome);
        merge(usage, total, next);
      } else merge(usage, total, await pool.run({ path: job.path }));
    }
    return total;
  } finally {
    await pool.close();
  }
}

function merge(usage: Usage, total: DecodeStats, outcome: JobOutcome): void {
  if (process.env.AUDIT_WORKER_DEBUG) console.error("merge start", performance.now().toFixed(0));
  usage.mergeJSON(outcome.usage);
  if (process.env.AUDIT_WORKER_DEBUG) console.error("merge end", performance.now().toFixed(0));
  addDecodeStats(total, outcome.stats);
}

const WORKER = new URL("./audit-worker.ts", import.meta.url);
/**
 * The project runs TypeScript through tsx, whose `--import` hooks do not reach worker threads on Node 20: the
 * worker registers tsx itself (when it is there) before importing its TypeScript entry.
 */
function bootstrap(): string {
  let tsx: string | undefined;
  try {
    tsx = import.meta.resolve("tsx/esm/api");
  } catch {
    // not installed: the worker's entry must then load without it
  }
  const register = tsx === undefined ? "Promise.resolve()" : `import(${JSON.stringify(tsx)}).then((tsx) => tsx.register())`;
  return `${register}.then(() => import(${JSON.stringify(WORKER.href)}));`;
}

/** Long-lived workers, each running one job at a time; jobs queue in order. */
class DecoderPool {
  private readonly idle: Worker[] = [];
  private readonly all: Worker[] = [];
  private readonly queue: Array<() => void> = [];

  constructor(size: number, private readonly onProgress: (m: Extract<WorkerMessage, { kind: "progress" }>) => void) {
    const code = bootstrap();
    for (let k = 0; k < size; k++) {
      const worker = new Worker(code, { eval: true });
      this.all.push(worker);
      this.idle.push(worker);
    }
  }

  run(job: AuditJob): Promise<JobOutcome> {
    return new Promise<JobOutcome>((resolve, reject) => {
      const start = (worker: Worker) => {
        const onMessage = (m: WorkerMessage) => {
          if (m.kind === "progress") return this.onProgress(m);
          worker.off("message", onMessage).off("error", onError);
          this.release(worker);
          if (m.kind === "done") resolve(m.outcome);
          else reject(rebuild(m.error, job.path));
        };
        const onError = (error: Error) => reject(error);
        worker.on("message", onMessage).on("error", onError);
        worker.postMessage(job);
      };
      const worker = this.idle.pop();
      if (worker !== undefined) start(worker);
      else this.queue.push(() => start(this.idle.pop()!));
    });
  }

  async close(): Promise<void> {
    await Promise.all(this.all.map((w) => w.terminate()));
  }

  private release(worker: Worker): void {
    this.idle.push(worker);
    this.queue.shift()?.();
  }
}

function rebuild(error: Extract<WorkerMessage, { kind: "failed" }>["error"], path: string): Error {
  if (!error.input) return new Error(error.message);
  // InputError's message is "<kind> <path>: <what>": keep the worker's wording exactly.
  const rebuilt = new InputError("audit log", error.path ?? path, new Error(error.message));
  rebuilt.message = error.message;
  return rebuilt;
}
