import { z } from "zod";

/**
 * The shapes the nightly pipeline keeps in the results store. Readers (CLI, API) validate with these, so a
 * store written by an older version fails loudly instead of being misread.
 */

export const DecodeStatsSchema = z.object({
  bytes: z.number().int().nonnegative(),
  events: z.number().int().nonnegative(),
  requests: z.number().int().nonnegative(),
  skipped: z.record(z.string(), z.number().int().nonnegative()),
});

export const AuditObjectSchema = z.object({
  uri: z.string().min(1),
  etag: z.string(),
  size: z.number().nonnegative(),
  lastModified: z.number(),
});

/**
 * One processed audit object: the ledger entry and its usage partial in one create-only object, so "processed"
 * and "counted" can never disagree — either both exist or neither does.
 */
export const LedgerEntrySchema = z.object({
  schemaVersion: z.literal(1),
  source: AuditObjectSchema,
  runId: z.string(),
  processedAt: z.string(),
  /** UTC epoch days with requests: lets a later reduce-per-day pick partials without reading them. */
  days: z.array(z.number().int()),
  stats: DecodeStatsSchema,
  /** `UsageJson` of the object's requests; `Usage.fromJSON` validates it. */
  usage: z.unknown(),
});

export const RunStatusSchema = z.enum(["running", "succeeded", "failed", "superseded"]);

export const RunRecordSchema = z.object({
  schemaVersion: z.literal(1),
  id: z.string(),
  status: RunStatusSchema,
  startedAt: z.string(),
  finishedAt: z.string().optional(),
  durationMs: z.number().int().nonnegative().optional(),
  window: z.object({ from: z.string(), to: z.string(), days: z.number().int().positive() }),
  inputs: z.object({ audit: z.string(), rbac: z.string().nullable(), store: z.string() }),
  objects: z.object({
    /** Objects the audit source listed. */
    listed: z.number().int().nonnegative(),
    /** Read and counted by this run (new, or changed since they were counted). */
    read: z.number().int().nonnegative(),
    alreadyProcessed: z.number().int().nonnegative(),
    /** Last written before the window began: cannot hold events inside it. */
    outOfWindow: z.number().int().nonnegative(),
    /** Could not be read this run; not in the ledger, so the next run tries again. */
    failed: z.number().int().nonnegative(),
    /** Left for the next run because the time budget ran out. */
    deferred: z.number().int().nonnegative(),
    /** Partials merged into this run's window. */
    partials: z.number().int().nonnegative(),
    /** Partials dropped because everything in them is older than the window. */
    pruned: z.number().int().nonnegative(),
  }),
  counts: z.object({
    /** Decoded this run, from the objects it read. */
    newEvents: z.number().int().nonnegative(),
    newRequests: z.number().int().nonnegative(),
    /** In the window the report covers (all merged partials). */
    windowRequests: z.number().int().nonnegative(),
    recommendations: z.number().int().nonnegative(),
  }),
  /** Input skipped this run, by reason (decoder reasons plus `unreadable-object`). */
  skipped: z.record(z.string(), z.number().int().nonnegative()),
  failures: z.array(z.object({ uri: z.string(), error: z.string() })),
  /** Where this run's results are (absent until published). */
  results: z.string().optional(),
  error: z.string().optional(),
  /** Whether the audit data could back removals; when not, why they were held back. */
  coverage: z.object({ complete: z.boolean(), reasons: z.array(z.string()) }).optional(),
});

/** The small object readers start from; switching it publishes a run's results all at once. */
export const CurrentPointerSchema = z.object({
  schemaVersion: z.literal(1),
  runId: z.string(),
  generatedAt: z.string(),
  /** Prefix of the run's immutable results: `<results>/report.json`, `<results>/recommendations/<id>.yaml`. */
  results: z.string(),
  window: z.object({ from: z.string(), to: z.string() }),
});

export type LedgerEntry = z.infer<typeof LedgerEntrySchema>;
export type RunStatus = z.infer<typeof RunStatusSchema>;
export type RunRecord = z.infer<typeof RunRecordSchema>;
export type CurrentPointer = z.infer<typeof CurrentPointerSchema>;
