import { listRunIds, readCurrentPointer, readRun, type ResultsStore, type RunRecord } from "@rbac-recommender/adapters";

export interface RunList {
  /** Newest first. */
  items: RunRecord[];
  /** The run whose report the API serves. */
  current?: string;
}

export async function readRuns(store: ResultsStore, limit: number): Promise<RunList> {
  const ids = (await listRunIds(store)).reverse().slice(0, limit);
  const [records, pointer] = await Promise.all([Promise.all(ids.map((id) => readRun(store, id))), readCurrentPointer(store)]);
  const items = records.flatMap((record) => (record ? [record.value] : []));
  return { items, ...(pointer ? { current: pointer.value.runId } : {}) };
}

export async function readLatestRun(store: ResultsStore): Promise<RunRecord | undefined> {
  const latest = (await listRunIds(store)).at(-1);
  return latest === undefined ? undefined : (await readRun(store, latest))?.value;
}
