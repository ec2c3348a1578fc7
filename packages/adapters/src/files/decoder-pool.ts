/** Long-lived decoding workers (audit-worker.ts), each running one job at a time; jobs queue in order. */
import { Worker } from "node:worker_threads";
import type { AuditJob } from "./audit-ranges.ts";
import type { JobOutcome, WorkerMessage } from "./audit-worker-messages.ts";
import { InputError } from "./input-paths.ts";

export type ProgressMessage = Extract<WorkerMessage, { kind: "progress" }>;

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

export class DecoderPool {
  /** Resolves when the first worker has loaded and can take a job at once. */
  readonly ready: Promise<void>;
  /** Resolves when every worker has loaded; rejects when one cannot (then decode in this thread instead). */
  readonly loaded: Promise<void>;
  private readonly idle: Worker[] = [];
  private readonly all: Worker[] = [];
  private readonly queue: Array<() => void> = [];

  constructor(size: number, private readonly onProgress: (m: ProgressMessage) => void) {
    const code = bootstrap();
    const ready: Promise<void>[] = [];
    for (let k = 0; k < size; k++) {
      const worker = new Worker(code, { eval: true });
      ready.push(new Promise((resolve, reject) => {
        worker.once("message", () => resolve());
        // Also keeps a worker's failure from being an unhandled 'error' event: jobs see it through `run`.
        worker.on("error", reject);
      }));
      this.all.push(worker);
      this.idle.push(worker);
    }
    this.ready = Promise.race(ready);
    this.loaded = Promise.all(ready).then(() => {});
    this.ready.catch(() => {});
    this.loaded.catch(() => {});
  }

  run(job: AuditJob): Promise<JobOutcome> {
    return new Promise<JobOutcome>((resolve, reject) => {
      const start = (worker: Worker) => {
        const onMessage = (m: WorkerMessage) => {
          if (m.kind === "progress") return this.onProgress(m);
          if (m.kind === "ready") return;
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

  /** Ends the workers; closing again does nothing. */
  async close(): Promise<void> {
    await Promise.all(this.all.splice(0).map((w) => w.terminate()));
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
