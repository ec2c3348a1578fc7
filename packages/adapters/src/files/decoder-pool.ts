/** Long-lived decoding workers (audit-worker.ts), each running one job at a time; jobs queue in order. */
import { fileURLToPath } from "node:url";
import { Worker } from "node:worker_threads";
import type { AuditJob, DecodingJob } from "./audit-ranges.ts";
import type { JobOutcome, WorkerMessage, WorkerRequest } from "./audit-worker-messages.ts";
import { InputError } from "./input-paths.ts";

export type ProgressMessage = Extract<WorkerMessage, { kind: "progress" }>;

const WORKER = new URL("./audit-worker.ts", import.meta.url);
/**
 * Defined by the build of the command (packages/cli/bin/bundle.mjs): the file name of the worker's own bundle,
 * written beside every file of the command's bundle. Undefined when these sources run as they are.
 */
declare const PREBUILT_AUDIT_WORKER: string | undefined;
/** A variable, so that a bundler (SST's, for the Lambda functions) leaves this optional import alone. */
const ESBUILD = "esbuild";

interface Bundler {
  build(options: Record<string, unknown>): Promise<{ outputFiles?: Array<{ text: string }> }>;
}

let bundled: Promise<URL | undefined> | undefined;

/**
 * The worker's modules bundled into one ES module by esbuild (which tsx runs on), once per process: a worker
 * then starts in ~50 ms and ~12 MB, where registering tsx in it (its `--import` hooks do not reach worker
 * threads on Node 20) takes ~300 ms and ~30 MB, a loader thread and a compile per module, while this thread
 * is already decoding. undefined without esbuild.
 */
function bundledWorker(): Promise<URL | undefined> {
  bundled ??= (async () => {
    const esbuild = (await import(ESBUILD).catch(() => undefined)) as Bundler | undefined;
    const result = await esbuild?.build({
      entryPoints: [fileURLToPath(WORKER)], bundle: true, write: false, format: "esm", platform: "node", target: "node20", logLevel: "silent",
    }).catch(() => undefined);
    const text = result?.outputFiles?.[0]?.text;
    return text === undefined ? undefined : new URL(`data:text/javascript,${encodeURIComponent(text)}`);
  })();
  return bundled;
}

/** Without esbuild: the worker registers tsx itself (when it is there) before importing its TypeScript entry. */
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

/**
 * A decoding worker's garbage is short-lived (each event's strings and request) and what it keeps lives in
 * typed arrays and WebAssembly memory: a small young generation collects it as well, and a 1 GB log's worker
 * then peaks ~30 MB lower (bench: 240 against 275 MB for the whole process), no slower.
 */
const WORKER_LIMITS = { resourceLimits: { maxYoungGenerationSizeMb: 4 } };

async function startWorker(): Promise<Worker> {
  const url = typeof PREBUILT_AUDIT_WORKER === "string" ? new URL(`./${PREBUILT_AUDIT_WORKER}`, import.meta.url) : await bundledWorker();
  return url === undefined ? new Worker(bootstrap(), { eval: true, ...WORKER_LIMITS }) : new Worker(url, WORKER_LIMITS);
}

/** A byte range being read by a worker: how far it has got, and a way to hand its tail to another thread. */
export interface RunningRange {
  readonly outcome: Promise<JobOutcome>;
  /** Where the worker has read to, as far as its progress says (it may be a chunk further). */
  readonly position: number;
  /**
   * Asks the worker to stop at `at` (a record boundary): true when it will, false when it had read past it or
   * was done. The range's outcome then ends at `at`.
   */
  endAt(at: number): Promise<boolean>;
}

export class DecoderPool {
  /** Resolves when the first worker has loaded and can take a job at once. */
  readonly ready: Promise<void>;
  /** Resolves when every worker has loaded; rejects when one cannot (then decode in this thread instead). */
  readonly loaded: Promise<void>;
  private readonly idle: Worker[] = [];
  private readonly all: Worker[] = [];
  private readonly queue: Array<() => void> = [];
  private closed = false;

  constructor(size: number, private readonly onProgress: (m: ProgressMessage) => void) {
    const ready = Array.from({ length: size }, () => this.start());
    this.ready = Promise.race(ready);
    this.loaded = Promise.all(ready).then(() => {});
    this.ready.catch(() => {});
    this.loaded.catch(() => {});
  }

  run(job: DecodingJob): Promise<JobOutcome> {
    return this.dispatch(job).outcome;
  }

  /** A range of one file (`job.range` set), whose end another thread may take over while it is read. */
  runRange(job: AuditJob & { range: { start: number; end: number } }): RunningRange {
    let position = job.range.start;
    let answer: ((accepted: boolean) => void) | undefined;
    const dispatched = this.dispatch(job, (m) => {
      if (m.kind === "progress") position += m.bytes;
      else if (m.kind === "ended") answer?.(m.accepted);
    });
    // Once the job is over, no answer will come: the worker had nothing left to give.
    const settle = () => answer?.(false);
    dispatched.outcome.then(settle, settle);
    return {
      outcome: dispatched.outcome,
      get position() {
        return position;
      },
      endAt: (at) => new Promise<boolean>((resolve) => {
        answer = (accepted) => {
          answer = undefined;
          resolve(accepted);
        };
        if (!dispatched.send({ kind: "end", at })) answer(false);
      }),
    };
  }

  /** Starts `job` on the next idle worker; `onMessage` sees its messages too. `send` fails until it has started. */
  private dispatch(job: DecodingJob, onMessage?: (m: WorkerMessage) => void): { outcome: Promise<JobOutcome>; send: (r: WorkerRequest) => boolean } {
    let running: Worker | undefined;
    const outcome = new Promise<JobOutcome>((resolve, reject) => {
      const start = (worker: Worker) => {
        running = worker;
        const listener = (m: WorkerMessage) => {
          onMessage?.(m);
          if (m.kind === "progress") return this.onProgress(m);
          if (m.kind === "ready" || m.kind === "ended") return;
          running = undefined;
          worker.off("message", listener).off("error", onError).off("exit", onExit);
          this.release(worker);
          if (m.kind === "done") resolve(m.outcome);
          else reject(rebuild(m.error, "paths" in job ? job.paths[0]! : job.path));
        };
        const onError = (error: Error) => {
          running = undefined;
          reject(error);
        };
        // A worker can end without an 'error' (terminated, or process.exit in a dependency): the job then fails.
        const onExit = (code: number) => onError(new Error(`decoding worker exited (code ${code}) before finishing its job`));
        worker.on("message", listener).on("error", onError).once("exit", onExit);
        worker.postMessage(job);
      };
      const worker = this.idle.pop();
      if (worker !== undefined) start(worker);
      else this.queue.push(() => start(this.idle.pop()!));
    });
    const send = (request: WorkerRequest) => {
      if (running === undefined) return false;
      running.postMessage(request);
      return true;
    };
    return { outcome, send };
  }

  /** Ends the workers (those still starting too); closing again does nothing. */
  async close(): Promise<void> {
    this.closed = true;
    await Promise.all(this.all.splice(0).map((w) => w.terminate()));
  }

  /** One worker, idle once it has loaded. */
  private async start(): Promise<void> {
    const worker = await startWorker();
    if (this.closed) {
      await worker.terminate();
      throw new Error("decoder pool closed");
    }
    this.all.push(worker);
    // A worker gone while idle must not be handed a job that nothing would ever answer.
    worker.once("exit", () => {
      const idle = this.idle.indexOf(worker);
      if (idle >= 0) this.idle.splice(idle, 1);
    });
    await new Promise<void>((resolve, reject) => {
      worker.once("message", () => resolve());
      // Also keeps a worker's failure from being an unhandled 'error' event: jobs see it through `run`.
      worker.on("error", reject);
    });
    this.release(worker);
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
