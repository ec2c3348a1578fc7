import { createHash } from "node:crypto";
import { ReportSchema, type Report } from "@rbac-recommender/core";
import {
  CurrentPointerSchema,
  LedgerEntrySchema,
  RunRecordSchema,
  type CurrentPointer,
  type LedgerEntry,
  type RunRecord,
} from "./nightly-records.ts";
import { forEachConcurrent } from "../pipeline/concurrency.ts";
import type { ResultsStore, Stored } from "./results-store.ts";

/**
 * Where the nightly results live in a store. Everything except `current.json` and run records is written
 * once and never changed, so a reader that follows the pointer sees one run's results, whole.
 *
 *   nightly/current.json                         pointer to the published run
 *   nightly/runs/<runId>.json                    run record
 *   nightly/results/<runId>/report.json          the report (recommendations.json)
 *   nightly/results/<runId>/recommendations.yaml all recommendations as one bundle
 *   nightly/results/<runId>/recommendations/<id>.yaml
 *   nightly/ledger/<sha256(uri)>.json            ledger entry + usage partial per audit object
 *
 * Review state and anything else the API keeps belongs outside `nightly/`.
 */
const ROOT = "nightly";
export const CURRENT_KEY = `${ROOT}/current.json`;
export const LEDGER_PREFIX = `${ROOT}/ledger/`;

export const runKey = (runId: string) => `${ROOT}/runs/${runId}.json`;
export const resultsPrefix = (runId: string) => `${ROOT}/results/${runId}`;
export const reportKey = (results: string) => `${results}/report.json`;
export const bundleKey = (results: string) => `${results}/recommendations.yaml`;
export const manifestKey = (results: string, recommendationId: string) => `${results}/recommendations/${recommendationId}.yaml`;

/** Audit URIs can hold any character; their hash is a safe, fixed-length key. */
export function ledgerKey(uri: string): string {
  return `${LEDGER_PREFIX}${createHash("sha256").update(uri).digest("hex").slice(0, 40)}.json`;
}

/** Every ledger entry with its partial, read `concurrency` at a time (one GET each). */
export async function readLedger(store: ResultsStore, concurrency = 16): Promise<Map<string, Stored<LedgerEntry>>> {
  const keys: string[] = [];
  for await (const key of store.list(LEDGER_PREFIX)) keys.push(key);
  const entries = new Map<string, Stored<LedgerEntry>>();
  await forEachConcurrent(keys, concurrency, async (key) => {
    const entry = await store.getJson(key, LedgerEntrySchema);
    if (entry) entries.set(entry.value.source.uri, entry);
  });
  return entries;
}

export async function readRun(store: ResultsStore, runId: string): Promise<Stored<RunRecord> | undefined> {
  return store.getJson(runKey(runId), RunRecordSchema);
}

/** Run ids sort by start time, so this is oldest first. */
export async function listRunIds(store: ResultsStore): Promise<string[]> {
  const ids: string[] = [];
  for await (const key of store.list(`${ROOT}/runs/`)) ids.push(key.slice(`${ROOT}/runs/`.length, -".json".length));
  return ids;
}

export async function readCurrentPointer(store: ResultsStore): Promise<Stored<CurrentPointer> | undefined> {
  return store.getJson(CURRENT_KEY, CurrentPointerSchema);
}

export interface CurrentResults {
  pointer: CurrentPointer;
  report: Report;
}

/** What a reader sees: the report of the published run, never a half-written one. */
export async function readCurrentResults(store: ResultsStore): Promise<CurrentResults | undefined> {
  const pointer = await readCurrentPointer(store);
  if (!pointer) return undefined;
  const report = await store.getJson(reportKey(pointer.value.results), ReportSchema);
  if (!report) throw new Error(`${store.describe(CURRENT_KEY)} points at ${pointer.value.results}, which has no report`);
  return { pointer: pointer.value, report: report.value };
}

export async function readCurrentManifest(store: ResultsStore, recommendationId: string): Promise<string | undefined> {
  const pointer = await readCurrentPointer(store);
  if (!pointer) return undefined;
  return (await store.getText(manifestKey(pointer.value.results, recommendationId)))?.text;
}
