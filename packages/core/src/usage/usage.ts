import type { AuditRequest } from "../audit/request.ts";
import { decodeObservation, impersonationKeys, requestKey, type Observation } from "./observation.ts";

const DAY_MS = 86_400_000;

export interface UsageCell {
  count: number;
  /** ms since the epoch */
  first: number;
  last: number;
}

/** An observation merged over the days of a window. */
export interface UsageRecord extends Observation {
  count: number;
  first: number;
  last: number;
  /** UTC epoch days on which it was seen, ascending. */
  days: number[];
}

/** Serialised form, stored as nightly partials: cells as [key, count, first, last] per UTC epoch day. */
export interface UsageJson {
  version: 1;
  days: Record<string, Array<[string, number, number, number]>>;
}

export function epochDay(ms: number): number {
  return Math.floor(ms / DAY_MS);
}

/**
 * What was used, counted per UTC day and distinct observation. Two partials merge exactly (counts add,
 * first/last take min/max), so per-object or per-day partials can be reduced in any order.
 */
export class Usage {
  private readonly byDay = new Map<number, Map<string, UsageCell>>();
  private lastDay = Number.NaN;
  private lastCells: Map<string, UsageCell> | undefined;

  add(request: AuditRequest): void {
    this.count(requestKey(request), request.time);
    if (request.impersonator) for (const key of impersonationKeys(request)) this.count(key, request.time);
  }

  merge(other: Usage): this {
    for (const [day, cells] of other.byDay) {
      const mine = this.cellsOf(day);
      for (const [key, cell] of cells) mergeCell(mine, key, cell);
    }
    return this;
  }

  /** The usage of the UTC days that overlap [fromMs, toMs]. */
  window(fromMs: number, toMs: number): Usage {
    const result = new Usage();
    const [firstDay, lastDay] = [epochDay(fromMs), epochDay(toMs)];
    for (const [day, cells] of this.byDay) {
      if (day >= firstDay && day <= lastDay) result.byDay.set(day, new Map([...cells].map(([key, cell]) => [key, { ...cell }])));
    }
    return result;
  }

  days(): number[] {
    return [...this.byDay.keys()].sort((a, b) => a - b);
  }

  /** First and last request time, or undefined when empty. */
  bounds(): { first: number; last: number } | undefined {
    let first = Infinity;
    let last = -Infinity;
    for (const cells of this.byDay.values()) {
      for (const cell of cells.values()) {
        if (cell.first < first) first = cell.first;
        if (cell.last > last) last = cell.last;
      }
    }
    return first === Infinity ? undefined : { first, last };
  }

  /** Every distinct observation with its totals over all days held. */
  records(): UsageRecord[] {
    const merged = new Map<string, { cell: UsageCell; days: number[] }>();
    for (const day of this.days()) {
      for (const [key, cell] of this.byDay.get(day)!) {
        const seen = merged.get(key);
        if (!seen) merged.set(key, { cell: { ...cell }, days: [day] });
        else {
          addInto(seen.cell, cell);
          seen.days.push(day);
        }
      }
    }
    return [...merged].map(([key, { cell, days }]) => ({ ...decodeObservation(key), ...cell, days }));
  }

  toJSON(): UsageJson {
    const days: UsageJson["days"] = {};
    for (const day of this.days()) {
      days[String(day)] = [...this.byDay.get(day)!].map(([key, c]) => [key, c.count, c.first, c.last]);
    }
    return { version: 1, days };
  }

  static fromJSON(json: UsageJson): Usage {
    if (json?.version !== 1 || typeof json.days !== "object") throw new Error("not a usage partial (version 1)");
    const usage = new Usage();
    for (const [day, cells] of Object.entries(json.days)) {
      const map = usage.cellsOf(Number(day));
      for (const [key, count, first, last] of cells) {
        decodeObservation(key);
        mergeCell(map, key, { count, first, last });
      }
    }
    return usage;
  }

  private count(key: string, time: number): void {
    const day = epochDay(time);
    const cells = day === this.lastDay && this.lastCells ? this.lastCells : this.cellsOf(day);
    const cell = cells.get(key);
    if (cell) {
      cell.count++;
      if (time < cell.first) cell.first = time;
      if (time > cell.last) cell.last = time;
    } else cells.set(key, { count: 1, first: time, last: time });
  }

  private cellsOf(day: number): Map<string, UsageCell> {
    let cells = this.byDay.get(day);
    if (!cells) this.byDay.set(day, (cells = new Map()));
    this.lastDay = day;
    this.lastCells = cells;
    return cells;
  }
}

function mergeCell(cells: Map<string, UsageCell>, key: string, cell: UsageCell): void {
  const mine = cells.get(key);
  if (mine) addInto(mine, cell);
  else cells.set(key, { ...cell });
}

function addInto(into: UsageCell, cell: UsageCell): void {
  into.count += cell.count;
  if (cell.first < into.first) into.first = cell.first;
  if (cell.last > into.last) into.last = cell.last;
}
