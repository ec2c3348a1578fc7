/**
 * One large JSON-lines file on this thread and a worker, as parts in file order. This thread reads from the
 * start while the worker loads; the worker then takes the second half of what is left. Whichever thread is done
 * first takes the second half of what the other still has to read, again and again down to MIN_SHARED_BYTES:
 * a fixed cut left one thread idle for 0.3-0.7 s of a ~4 s run whenever the host slowed the other core (6 runs
 * on the bench log: this thread waited 0-670 ms, median ~340 ms, for the worker's half).
 *
 * The parts are merged in file order, and only if each continues the one before exactly (de-duplication of
 * audit IDs across the cuts); otherwise this thread reads on from where its first part ended, as a single
 * thread does. Either way the Usage is the one a single thread builds.
 */
import { AuditDecoder, continuesExactly, Usage, type DecodeStats, type DedupeTraceJson, type UsageTransfer } from "@rbac-recommender/core/decoding";
import { decodeRange, readRange } from "./audit-range.ts";
import { cutAfter, type AuditJob } from "./audit-ranges.ts";
import type { ChunkReading } from "./chunk-reading.ts";
import { addDecodeStats, emptyDecodeStats } from "./decode-stats.ts";
import { DecoderPool, type RunningRange } from "./decoder-pool.ts";

/**
 * Hand the other thread half of a range only if there is this much left of it: half of it is ~15 ms of
 * decoding, against a 4 MB read to find the cut and a small Usage to merge.
 */
const MIN_SHARED_BYTES = 8 << 20;

/** A part after this thread's first one: read by the worker (`running`) or by this thread into its own Usage. */
interface Part {
  /** Where the worker's part ends; lowered when this thread takes its tail. */
  end: number;
  running?: RunningRange;
  decoded: Promise<Decoded | undefined>;
}

interface Decoded {
  usage: Usage | UsageTransfer;
  stats: DecodeStats;
  atBoundary: boolean;
  dedupe: DedupeTraceJson;
}

export type ProgressSink = (bytes: number, events: number) => void;

/** The other thread, as sharing needs it: a DecoderPool of one worker (tests pace a stand-in of their own). */
export interface RangeReader {
  /** Resolves once it can take a range at once; a rejection leaves this thread to read the whole file. */
  readonly ready: Promise<void>;
  runRange(job: AuditJob & { range: { start: number; end: number } }): RunningRange;
  close(): Promise<void>;
}

export interface SharingOptions {
  /** Default: a DecoderPool of one worker thread. */
  worker?: RangeReader;
  /** Tests share smaller files; default MIN_SHARED_BYTES. */
  minSharedBytes?: number;
}

export async function decodeShared(path: string, size: number, usage: Usage, progress: ProgressSink, options: SharingOptions = {}): Promise<DecodeStats> {
  const pool = options.worker ?? new DecoderPool(1, (m) => progress(m.bytes, m.events));
  const decoder = new AuditDecoder((r) => usage.add(r));
  const sharing = new Sharing(path, pool, progress, options.minSharedBytes ?? MIN_SHARED_BYTES);
  try {
    const first = sharing.reading(0, size, undefined);
    await readRange(path, decoder, first);
    await sharing.takeOver();
    const parts = await Promise.all(sharing.parts.map((p) => p.decoded));
    // The worker's heap is no longer needed: give it back before the merge needs memory of its own.
    await pool.close();
    const exact = decoder.atRecordBoundary() && continuedExactly(decoder, parts);
    // Rare (a retry across a cut, a repeat far apart, a failed worker): read on here, as a single thread does.
    if (!exact && first.end < size) await readRange(path, decoder, { start: first.end, end: size });
    decoder.end();
    const stats = addDecodeStats(emptyDecodeStats(), decoder.stats);
    if (exact) for (const part of parts) mergePart(usage, stats, part!);
    return stats;
  } finally {
    await pool.close();
  }
}

function continuedExactly(decoder: AuditDecoder, parts: ReadonlyArray<Decoded | undefined>): boolean {
  let previous: Decoded | undefined;
  for (const part of parts) {
    if (part === undefined) return false;
    if (previous === undefined ? !decoder.isContinuedExactlyBy(part.dedupe) : !(previous.atBoundary && continuesExactly(previous.dedupe, part.dedupe))) return false;
    previous = part;
  }
  return true;
}

function mergePart(usage: Usage, total: DecodeStats, part: Decoded): void {
  if (part.usage instanceof Usage) usage.merge(part.usage);
  else usage.mergeTransfer(part.usage);
  addDecodeStats(total, part.stats);
}

/** Who reads which part; the parts after this thread's first one, in file order. */
class Sharing {
  readonly parts: Part[] = [];
  private workerReady = false;
  /** The part the worker is reading, if any. */
  private workerPart: Part | undefined;
  /** Set when no record boundary could be found: the file is not cut again. */
  private uncuttable = false;

  constructor(
    private readonly path: string,
    private readonly pool: RangeReader,
    private readonly progress: ProgressSink,
    private readonly minShared: number,
  ) {
    // A worker that cannot start leaves this thread to read the whole file.
    pool.ready.then(() => (this.workerReady = true), () => {});
  }

  /**
   * A range for this thread to read (`before`: the part it follows, undefined for the first), offering the
   * second half of what is left of it to the worker whenever the worker is idle.
   */
  reading(start: number, end: number, before: Part | undefined): ChunkReading {
    let read = start;
    const reading: ChunkReading = {
      start,
      end,
      onChunk: async (bytes, events) => {
        read += bytes;
        this.progress(bytes, events);
        if (!this.workerReady || this.workerPart !== undefined || this.uncuttable || reading.end - read < this.minShared) return;
        const cut = await this.cutBetween(read, reading.end);
        if (cut === undefined) return;
        this.giveWorker(cut, reading.end, before);
        reading.end = cut;
      },
    };
    return reading;
  }

  /**
   * Once this thread has read its own parts: while the worker has enough left, takes the second half of it
   * and reads that here (offering its tail back to the worker if the worker finishes first).
   */
  async takeOver(): Promise<void> {
    for (let part = this.workerPart; part !== undefined && !this.uncuttable; part = this.workerPart) {
      const running = part.running!;
      if (part.end - running.position < this.minShared) return;
      const cut = await this.cutBetween(running.position, part.end);
      if (cut === undefined || !(await running.endAt(cut))) return;
      const mine: Part = { end: part.end, decoded: Promise.resolve(undefined) };
      part.end = cut;
      this.insertAfter(part, mine);
      mine.decoded = decodeRange(this.path, this.reading(cut, mine.end, mine));
      await mine.decoded;
    }
  }

  private giveWorker(start: number, end: number, before: Part | undefined): void {
    const running = this.pool.runRange({ path: this.path, range: { start, end } });
    const part: Part = { end, running, decoded: running.outcome.then(fromWorker, () => undefined) };
    this.workerPart = part;
    const done = () => {
      if (this.workerPart === part) this.workerPart = undefined;
    };
    // A worker that failed gets nothing more: one that died would never take it, and its part never end.
    running.outcome.then(done, () => {
      this.workerReady = false;
      done();
    });
    this.insertAfter(before, part);
  }

  private insertAfter(before: Part | undefined, part: Part): void {
    this.parts.splice(before === undefined ? 0 : this.parts.indexOf(before) + 1, 0, part);
  }

  /** A record boundary near the middle of [from, to); undefined (and no more cutting) when there is none. */
  private async cutBetween(from: number, to: number): Promise<number | undefined> {
    const cut = await cutAfter(this.path, from + Math.floor((to - from) / 2));
    if (cut !== undefined && cut > from && cut < to) return cut;
    this.uncuttable = true;
    return undefined;
  }
}

function fromWorker(outcome: Awaited<RunningRange["outcome"]>): Decoded | undefined {
  const { usage, stats, atBoundary, dedupe } = outcome;
  return atBoundary === undefined || dedupe === undefined ? undefined : { usage, stats, atBoundary, dedupe };
}
