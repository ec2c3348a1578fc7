import type { AuditRequest, Outcome, RequestAttributes } from "../audit/request.ts";
import { CellKeys } from "./cell-keys.ts";
import { attributesKey, decodeAttributes, impersonation } from "./observation.ts";
import { PrincipalTable, type Principal } from "./principals.ts";

const DAY_MS = 86_400_000;
const FIELD = "\u001f";

export interface UsageCell {
  count: number;
  /** ms since the epoch */
  first: number;
  last: number;
}

/** One distinct thing observed: who, how it was decided, what; merged over the days of a window. */
export interface UsageRecord extends Principal {
  attrs: RequestAttributes;
  count: number;
  first: number;
  last: number;
  /** UTC epoch days on which it was seen, ascending. */
  days: number[];
}

/**
 * Serialised form, stored as nightly partials: the principals once, then cells as
 * ["<principal index>\u001f<attributes>", count, first, last] per UTC epoch day.
 */
export interface UsageJson {
  version: 2;
  principals: Array<{ user: string; groups: string[]; outcome: Outcome; reason?: string }>;
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
  private readonly principals = new PrincipalTable();
  /** What `add` finds cells by (cell-keys.ts): per day, short key → the cell `byDay` holds under its own key. */
  private readonly cellKeys = new CellKeys();
  private readonly shortcuts = new Map<number, Map<string, UsageCell>>();
  /** The day `add` counted in last, its cells and shortcuts: logs run in time order, so usually the same. */
  private addDay = Number.NaN;
  private addCells = new Map<string, UsageCell>();
  private addShortcuts = new Map<string, UsageCell>();

  add(request: AuditRequest): void {
    this.count(this.principals.id(request.user, request.outcome, request.reason), request, request.time);
    if (request.impersonator === undefined) return; // the usual case, without building an empty list
    for (const use of impersonation(request)) this.count(this.principals.id(use.user, "allow", undefined), use.attrs, request.time);
  }

  merge(other: Usage): this {
    return this.absorb(other, () => true);
  }

  /** The usage of the UTC days that overlap [fromMs, toMs]. */
  window(fromMs: number, toMs: number): Usage {
    const [firstDay, lastDay] = [epochDay(fromMs), epochDay(toMs)];
    return new Usage().absorb(this, (day) => day >= firstDay && day <= lastDay);
  }

  /** Adds the other usage's cells of the kept days, re-numbering its principals into this table. */
  private absorb(other: Usage, keep: (day: number) => boolean): this {
    const ids = other.principals.list.map((p) => this.principals.id(p.user, p.outcome, p.reason));
    // Into an empty Usage (every `window`) the numbering stays the same: keys need no rewriting.
    const renumber = ids.some((id, k) => id !== k);
    for (const [day, cells] of other.byDay) {
      if (!keep(day)) continue;
      const mine = this.cellsOf(day);
      for (const [key, cell] of cells) mergeCell(mine, renumber ? translate(key, ids) : key, cell);
    }
    return this;
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
    // One accumulator per key, later the record's own fields: a large log has ~10^5 keys, so no copies or spreads.
    const merged = new Map<string, UsageCell & { days: number[] }>();
    for (const day of this.days()) {
      for (const [key, cell] of this.byDay.get(day)!) {
        const seen = merged.get(key);
        if (seen === undefined) merged.set(key, { count: cell.count, first: cell.first, last: cell.last, days: [day] });
        else {
          addInto(seen, cell);
          seen.days.push(day);
        }
      }
    }
    const records: UsageRecord[] = [];
    for (const [key, total] of merged) {
      const split = key.indexOf(FIELD);
      const { user, outcome, reason } = this.principals.get(Number(key.slice(0, split)));
      // The fields in the order `{ ...principal, attrs, ...cell, days }` gave them.
      records.push({ user, outcome, reason, attrs: decodeAttributes(key.slice(split + 1)), count: total.count, first: total.first, last: total.last, days: total.days });
    }
    return records;
  }

  toJSON(): UsageJson {
    const days: UsageJson["days"] = {};
    for (const day of this.days()) {
      days[String(day)] = [...this.byDay.get(day)!].map(([key, c]) => [key, c.count, c.first, c.last]);
    }
    const principals = this.principals.list.map((p) => ({
      user: p.user.name,
      groups: [...p.user.groups],
      outcome: p.outcome,
      ...(p.reason !== undefined ? { reason: p.reason } : {}),
    }));
    return { version: 2, principals, days };
  }

  static fromJSON(json: UsageJson): Usage {
    checkVersion(json);
    const usage = new Usage();
    const ids = json.principals.map((p) => usage.principals.id({ name: p.user, groups: p.groups }, p.outcome, p.reason));
    for (const [day, cells] of Object.entries(json.days)) {
      const map = usage.cellsOf(Number(day));
      for (const [key, count, first, last] of cells) {
        const translated = translate(key, ids);
        decodeAttributes(translated.slice(translated.indexOf(FIELD) + 1));
        mergeCell(map, translated, { count, first, last });
      }
    }
    return usage;
  }

  /**
   * Merges a partial this process serialised itself (a decoding worker's), as `merge(Usage.fromJSON(json))`
   * would, without building that Usage or re-checking every key: on a large log this is most of the merge.
   */
  mergeJSON(json: UsageJson): this {
    checkVersion(json);
    const ids = json.principals.map((p) => this.principals.id({ name: p.user, groups: p.groups }, p.outcome, p.reason));
    // The first partial merged into an empty Usage keeps its numbering: its keys need no rewriting.
    const renumber = ids.some((id, k) => id !== k);
    for (const [day, cells] of Object.entries(json.days)) {
      const map = this.cellsOf(Number(day));
      for (const [key, count, first, last] of cells) mergeCell(map, renumber ? translate(key, ids) : key, { count, first, last });
    }
    return this;
  }

  private count(principal: number, attrs: RequestAttributes, time: number): void {
    const day = epochDay(time);
    if (day !== this.addDay) {
      let shortcuts = this.shortcuts.get(day);
      if (!shortcuts) this.shortcuts.set(day, (shortcuts = new Map()));
      this.addShortcuts = shortcuts;
      this.addCells = this.cellsOf(day);
      this.addDay = day;
    }
    const short = this.cellKeys.of(principal, attrs);
    let cell = this.addShortcuts.get(short);
    if (cell === undefined) {
      // The cell may exist without a shortcut: merged in from a partial.
      const key = principal + FIELD + attributesKey(attrs);
      cell = this.addCells.get(key);
      if (cell === undefined) this.addCells.set(key, (cell = { count: 0, first: time, last: time }));
      this.addShortcuts.set(short, cell);
    }
    cell.count++;
    if (time < cell.first) cell.first = time;
    if (time > cell.last) cell.last = time;
  }

  private cellsOf(day: number): Map<string, UsageCell> {
    let cells = this.byDay.get(day);
    if (!cells) this.byDay.set(day, (cells = new Map()));
    return cells;
  }
}

function checkVersion(json: UsageJson): void {
  if (json?.version !== 2 || !Array.isArray(json.principals) || typeof json.days !== "object") {
    throw new Error("not a usage partial (version 2)");
  }
}

/** Re-numbers a cell key's principal from another table's numbering into this one's. */
function translate(key: string, ids: readonly number[]): string {
  const split = key.indexOf(FIELD);
  const id = ids[Number(key.slice(0, split))];
  if (split <= 0 || id === undefined) throw new Error("corrupt usage key: unknown principal");
  return id + key.slice(split);
}

/** `cell` is copied, never kept: the caller's cell may be another Usage's. */
function mergeCell(cells: Map<string, UsageCell>, key: string, cell: UsageCell): void {
  const mine = cells.get(key);
  if (mine) addInto(mine, cell);
  else cells.set(key, { count: cell.count, first: cell.first, last: cell.last });
}

function addInto(into: UsageCell, cell: UsageCell): void {
  into.count += cell.count;
  if (cell.first < into.first) into.first = cell.first;
  if (cell.last > into.last) into.last = cell.last;
}
