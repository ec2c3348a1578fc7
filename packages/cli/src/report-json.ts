import { open } from "node:fs/promises";
import type { Report } from "@rbac-recommender/core";

/** Lists and objects this near the top are written part by part; deeper values (one permission) whole. */
const MAX_ARRAY_DEPTH = 4;
const MAX_OBJECT_DEPTH = 3;
/** Elements written whole go this many to a piece. */
const RUN = 64;
/** Pieces are written in batches of about this many characters. */
const BATCH = 1 << 16;

/**
 * Writes exactly `JSON.stringify(report, null, 2)` and a newline, in small pieces. On a 1 GB log the report is
 * ~90 MB of JSON: as one string, or as one string per recommendation (a few MB each, too large for the young
 * generation, so kept until a full collection), it was most of the command's peak memory.
 *
 * Each piece is what JSON.stringify writes for a value nested as deep as it sits in the report (wrapped in
 * arrays, which indent it as the report would), or the punctuation around the members of a list or object, so
 * the text is JSON.stringify's own.
 */
export async function writeReportJson(path: string, report: Report): Promise<void> {
  const file = await open(path, "w");
  // The next batch is made while the last one is written: waiting for each write in turn left this thread idle
  // for ~140 of the ~600 ms a large report took.
  let writing: Promise<unknown> = Promise.resolve();
  try {
    let batch: string[] = [];
    let size = 0;
    for (const piece of pieces(report, 0)) {
      batch.push(piece);
      size += piece.length;
      if (size < BATCH) continue;
      const text = batch.join("");
      await writing;
      writing = file.write(text);
      batch = [];
      size = 0;
    }
    batch.push("\n");
    await writing;
    await file.write(batch.join(""));
  } finally {
    await writing.catch(() => {});
    await file.close();
  }
}

function* pieces(value: unknown, depth: number): Generator<string> {
  if (!isWrittenPartly(value, depth)) return yield nested(value, depth);
  if (Array.isArray(value)) {
    for (let k = 0; k < value.length;) {
      yield `${k === 0 ? "[" : ","}\n${indent(depth + 1)}`;
      if (isWrittenPartly(value[k], depth + 1)) {
        yield* pieces(value[k], depth + 1);
        k++;
        continue;
      }
      // A run of elements written whole (permissions, say) goes as one piece: a call per element cost more
      // than the text.
      let end = k + 1;
      while (end < value.length && end - k < RUN && !isWrittenPartly(value[end], depth + 1)) end++;
      yield elementsText(value.slice(k, end), depth);
      k = end;
    }
    yield `\n${indent(depth)}]`;
    return;
  }
  for (const [k, key] of writtenMembers(value).entries()) {
    yield `${k === 0 ? "{" : ","}\n${indent(depth + 1)}${JSON.stringify(key)}: `;
    yield* pieces(value[key], depth + 1);
  }
  yield `\n${indent(depth)}}`;
}

/** Whether `pieces` writes the value at `depth` part by part (else whole, as one JSON.stringify). */
function isWrittenPartly(value: unknown, depth: number): value is unknown[] | Record<string, unknown> {
  if (Array.isArray(value)) return value.length > 0 && depth <= MAX_ARRAY_DEPTH;
  return isPlainObject(value) && depth <= MAX_OBJECT_DEPTH && writtenMembers(value).length > 0;
}

/** The elements of a list at `depth`, as JSON.stringify writes them there: separated, indented, no brackets. */
function elementsText(elements: readonly unknown[], depth: number): string {
  const text = nested(elements, depth);
  // "[", a newline and the elements' indent before; a newline, the list's indent and "]" after.
  return text.slice(2 + 2 * (depth + 1), text.length - 2 - 2 * depth);
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value) && typeof (value as { toJSON?: unknown }).toJSON !== "function";
}

/** The members JSON.stringify writes: those whose values have a JSON text (not undefined, functions, symbols). */
function writtenMembers(object: Record<string, unknown>): string[] {
  return Object.keys(object).filter((key) => typeof object[key] === "object" || JSON.stringify(object[key]) !== undefined);
}

function indent(depth: number): string {
  return "  ".repeat(depth);
}

/** The text of `value` at `depth` levels into the report, as JSON.stringify(report, null, 2) writes it there. */
function nested(value: unknown, depth: number): string {
  let wrapped: unknown = value;
  for (let k = 0; k < depth; k++) wrapped = [wrapped];
  const text = JSON.stringify(wrapped, null, 2);
  // Each wrapping array adds "[\n" and an indent before, and "\n" and an indent and "]" after.
  let head = 0;
  for (let k = 0; k < depth; k++) head += 2 + 2 * k;
  return text.slice(head + 2 * depth, text.length - head);
}
