import { open, type FileHandle } from "node:fs/promises";
import type { Report } from "@rbac-recommender/core";

/**
 * Writes exactly `JSON.stringify(report, null, 2)` and a newline, one element of each top-level list at a time
 * (recommendations, not-attributable usage...). On a 1 GB log the report is ~90 MB of JSON: as one string, or
 * as a skeleton holding the other lists (~30 MB) while recommendations were re-indented line by line, it was
 * most of the command's peak memory.
 *
 * Each piece is what JSON.stringify writes for the value nested as deep as it sits in the report (wrapped in
 * arrays, which indent it as the report would), so the text is JSON.stringify's own.
 */
export async function writeReportJson(path: string, report: Report): Promise<void> {
  const file = await open(path, "w");
  try {
    await writeObject(file, report as unknown as Record<string, unknown>);
  } finally {
    await file.close();
  }
}

async function writeObject(file: FileHandle, report: Record<string, unknown>): Promise<void> {
  // The members JSON.stringify writes: those whose values have a JSON text (not undefined, functions, symbols).
  const members = Object.keys(report).filter((key) => Array.isArray(report[key]) || JSON.stringify(report[key]) !== undefined);
  if (members.length === 0) return void (await file.write("{}\n"));
  for (const [k, key] of members.entries()) {
    await file.write(`${k === 0 ? "{" : ","}\n  ${JSON.stringify(key)}: `);
    const value = report[key];
    if (Array.isArray(value) && value.length > 0) await writeList(file, value);
    else await file.write(nested(value, 1));
  }
  await file.write("\n}\n");
}

async function writeList(file: FileHandle, list: readonly unknown[]): Promise<void> {
  for (const [k, element] of list.entries()) await file.write(`${k === 0 ? "[" : ","}\n    ${nested(element, 2)}`);
  await file.write("\n  ]");
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
