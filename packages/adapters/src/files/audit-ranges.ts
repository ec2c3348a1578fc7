/**
 * Which byte ranges of which audit files the decoding workers read. A large JSON-lines file is cut in two at a
 * line between two events, so both cores work on it; everything else (gzip, EventList, Firehose, small files)
 * is read whole, because only in JSON lines can a record boundary be found without parsing from the start.
 */
import { stat } from "node:fs/promises";
import { isGzip } from "@rbac-recommender/core/decoding";
import { InputError, openAuditLog } from "./input-paths.ts";

export interface AuditJob {
  path: string;
  /** A byte range [start, end) of a JSON-lines file; absent: the whole file, gzip or not. */
  range?: { start: number; end: number };
}

/** Whole files, one after another, into one Usage: a contiguous block of the input (audit-blocks.ts). */
export interface AuditBlockJob {
  paths: readonly string[];
}

/** What a decoding worker is given. */
export type DecodingJob = AuditJob | AuditBlockJob;

/** Below this a second range saves less than starting to read it costs. */
const MIN_SPLIT_BYTES = 32 << 20;
/** How far from the middle a cut is looked for: a line is far shorter, unless the file is not JSON lines. */
const CUT_SEARCH_BYTES = 4 << 20;
const NEWLINE = 0x0a;
const OPEN_BRACE = 0x7b;
const CLOSE_BRACE = 0x7d;

export async function planAuditJobs(files: readonly string[]): Promise<{ jobs: AuditJob[]; bytes: number }> {
  const jobs: AuditJob[] = [];
  let bytes = 0;
  for (const path of files) {
    const size = await stat(path).then((s) => s.size, (cause: unknown) => {
      throw new InputError("audit log", path, cause);
    });
    bytes += size;
    const cut = size >= MIN_SPLIT_BYTES ? await cutOf(path, size) : undefined;
    if (cut === undefined) jobs.push({ path });
    else jobs.push({ path, range: { start: 0, end: cut } }, { path, range: { start: cut, end: size } });
  }
  return { jobs, bytes };
}

/** Where to cut a JSON-lines file near its middle, or undefined when it is not JSON lines of events. */
async function cutOf(path: string, size: number): Promise<number | undefined> {
  return (await isJsonLines(path)) ? cutAfter(path, Math.floor(size / 2)) : undefined;
}

/** Whether the file is (uncompressed) JSON lines of events, the only format cut into ranges. */
export async function isJsonLines(path: string): Promise<boolean> {
  const head = await readAt(path, 0, 64 << 10);
  return !isGzip(head) && startsWithEventLine(head);
}

/** The first record boundary at or after `from` (see `cutIn`), or undefined when none is near. */
export async function cutAfter(path: string, from: number): Promise<number | undefined> {
  const at = cutIn(await readAt(path, from, CUT_SEARCH_BYTES));
  return at === undefined ? undefined : from + at;
}

async function readAt(path: string, position: number, length: number): Promise<Buffer> {
  const file = await openAuditLog(path);
  try {
    const bytes = Buffer.alloc(length);
    const { bytesRead } = await file.read(bytes, 0, length, position);
    return bytes.subarray(0, bytesRead);
  } finally {
    await file.close();
  }
}

/** The first record is one event on one line: `{"kind":"Event", ... }` then a newline. */
function startsWithEventLine(head: Buffer): boolean {
  const nl = head.indexOf(NEWLINE);
  if (head[0] !== OPEN_BRACE || nl === -1) return false;
  const line = head.toString("latin1", 0, nl).trimEnd();
  return line.endsWith("}") && /"kind"\s*:\s*"Event"/.test(line);
}

/**
 * The start of the first line that begins with `{` right after a line that ends with `}`. In JSON, a newline is
 * whitespace between tokens, and `}` followed by `{` occurs only between two top-level values: so the cut is a
 * record boundary even if some record were pretty-printed over several lines.
 */
function cutIn(b: Buffer): number | undefined {
  for (let nl = b.indexOf(NEWLINE); nl !== -1 && nl + 1 < b.length; nl = b.indexOf(NEWLINE, nl + 1)) {
    const before = b[nl - 1] === 0x0d ? nl - 2 : nl - 1;
    if (before >= 0 && b[before] === CLOSE_BRACE && b[nl + 1] === OPEN_BRACE) return nl + 1;
  }
  return undefined;
}
