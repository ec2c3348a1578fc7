import { PreconditionFailedError } from "../store/object-store.ts";
import { LedgerEntrySchema, type LedgerEntry, type RunRecord } from "../store/nightly-records.ts";
import { ledgerKey } from "../store/nightly-results.ts";
import type { ResultsStore, Stored } from "../store/results-store.ts";
import type { AuditObject, AuditSource } from "./audit-source.ts";
import { forEachConcurrent } from "./concurrency.ts";
import { decodeAuditObject } from "./decode-object.ts";
import type { NightlyLog } from "./log.ts";
import { addSkipped } from "./run-record.ts";
import type { NightlyWindow } from "./window.ts";

export type Ledger = Map<string, Stored<LedgerEntry>>;

interface Pending {
  object: AuditObject;
  /** The entry of an earlier version of the object, replaced (not added to) when the object changed. */
  previous?: Stored<LedgerEntry>;
}

export interface IngestContext {
  source: AuditSource;
  store: ResultsStore;
  ledger: Ledger;
  window: NightlyWindow;
  record: RunRecord;
  log: NightlyLog;
  clock: () => number;
  concurrency: number;
  /** ms since the epoch after which no further object is started (the rest waits for the next run). */
  deadline: number;
}

/** Lists the source and decides per object: new, changed, already counted, or too old to matter. */
export async function pendingObjects(ctx: IngestContext): Promise<Pending[]> {
  const pending: Pending[] = [];
  for await (const object of ctx.source.list()) {
    ctx.record.objects.listed++;
    const previous = ctx.ledger.get(object.uri);
    if (object.lastModified < ctx.window.from) ctx.record.objects.outOfWindow++;
    else if (!previous) pending.push({ object });
    else if (previous.value.source.etag !== object.etag) pending.push({ object, previous });
    else ctx.record.objects.alreadyProcessed++;
  }
  return pending;
}

/**
 * Reads each pending object into a usage partial and stores it with its ledger entry as one object. Each
 * object is committed on its own, so a run that dies after N objects has counted exactly those N.
 */
export async function ingest(ctx: IngestContext, pending: Pending[]): Promise<void> {
  await forEachConcurrent(pending, ctx.concurrency, async (item) => {
    if (ctx.clock() >= ctx.deadline) {
      ctx.record.objects.deferred++;
      return;
    }
    const entry = await readObject(ctx, item.object);
    if (entry) await commit(ctx, entry, item.previous);
  });
}

/** A read failure costs only this object this run: it stays out of the ledger and is tried again next run. */
async function readObject(ctx: IngestContext, object: AuditObject): Promise<LedgerEntry | undefined> {
  try {
    const { usage, stats } = await decodeAuditObject(await ctx.source.open(object));
    return {
      schemaVersion: 1,
      source: object,
      runId: ctx.record.id,
      processedAt: new Date(ctx.clock()).toISOString(),
      days: usage.days(),
      stats: { ...stats, skipped: { ...stats.skipped } as Record<string, number> },
      usage: usage.toJSON(),
    };
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    ctx.record.objects.failed++;
    ctx.record.failures.push({ uri: object.uri, error: message });
    addSkipped(ctx.record, { "unreadable-object": 1 });
    ctx.log({ level: "warn", msg: "audit object unreadable; will retry next run", runId: ctx.record.id, uri: object.uri, error: message });
    return undefined;
  }
}

async function commit(ctx: IngestContext, entry: LedgerEntry, previous?: Stored<LedgerEntry>): Promise<void> {
  const key = ledgerKey(entry.source.uri);
  try {
    const { etag } = await ctx.store.putJson(key, entry, previous ? { ifMatch: previous.etag } : { ifNoneMatch: "*" });
    ctx.ledger.set(entry.source.uri, { value: entry, etag });
    ctx.record.objects.read++;
    ctx.record.counts.newEvents += entry.stats.events;
    ctx.record.counts.newRequests += entry.stats.requests;
    addSkipped(ctx.record, entry.stats.skipped);
  } catch (error) {
    if (!(error instanceof PreconditionFailedError)) {
      throw new Error(`recording ${entry.source.uri} in the ledger: ${error instanceof Error ? error.message : String(error)}`, { cause: error });
    }
    // A concurrent run (or a retry of this one) committed the object first: use its entry, count nothing.
    const winner = await ctx.store.getJson(key, LedgerEntrySchema);
    if (winner) ctx.ledger.set(entry.source.uri, winner);
    ctx.record.objects.alreadyProcessed++;
  }
}

/** Entries whose object was last written before the window can only hold older events: drop them. */
export async function prune(ctx: IngestContext): Promise<void> {
  for (const [uri, entry] of ctx.ledger) {
    if (entry.value.source.lastModified >= ctx.window.from) continue;
    await ctx.store.delete(ledgerKey(uri));
    ctx.ledger.delete(uri);
    ctx.record.objects.pruned++;
  }
}
