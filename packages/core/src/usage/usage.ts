import type { AuditRequest, Outcome, RequestAttributes } from "../audit/request.ts";
import { ATTRIBUTE_NUMBERS, AttributesTable } from "./attributes-table.ts";
import { CELL_KEY_LENGTH, CellTable } from "./cell-table.ts";
import { attributesKey, decodeAttributes, impersonation } from "./observation.ts";
import { PrincipalTable, type Principal } from "./principals.ts";
import { TupleTable } from "./tuple-table.ts";

const DAY_MS = 86_400_000;
const FIELD = "\u001f";

/** One distinct thing observed: who, how it was decided, what; merged over the days of a window. */
export interface UsageRecord extends Principal {
  /** Shared by every record and cell of the Usage with these attributes: equal attributes are the same object. */
  attrs: RequestAttributes;
  count: number;
  first: number;
  last: number;
  /** UTC epoch days on which it was seen, ascending. */
  days: readonly number[];
}

/**
 * Sees one record, with the numbers of its principal and of its attributes within the Usage: equal numbers,
 * equal principals or attributes. The record object is reused for the next one: keep its fields, not it.
 */
export type RecordVisitor = (record: UsageRecord, principal: number, attributes: number) => void;

/** A span of time in ms since the epoch, both ends included; usage is kept per UTC day, so whole days count. */
export interface TimeWindow {
  from: number;
  to: number;
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

/**
 * A Usage in the shape that crosses a worker_threads boundary cheaply: each text once, numbers in typed
 * arrays (transferable). Merging one is integer work per cell, where a `UsageJson` partial has every cell's
 * attributes spelled out in its key, to be split and looked up again.
 */
export interface UsageTransfer {
  principals: UsageJson["principals"];
  /** The texts of the attributes, by number ("" is 0). */
  texts: string[];
  /** Per attributes: whether a resource request (1) or not (0), then the numbers of verb, API group, resource, subresource, namespace, name and path. */
  attributes: Int32Array;
  /** Per cell, days ascending and each day's cells in the order first seen: day, principal, attributes. */
  cells: Int32Array;
  /** Per cell: count, first, last. */
  totals: Float64Array;
}

export function epochDay(ms: number): number {
  return Math.floor(ms / DAY_MS);
}

/**
 * What was used, counted per UTC day and distinct observation. Two partials merge exactly (counts add,
 * first/last take min/max), so per-object or per-day partials can be reduced in any order.
 *
 * Principals and attributes are numbered once (principals.ts, attributes-table.ts) and cells are kept in typed
 * arrays (cell-table.ts): counting a request looks up a few numbers and allocates nothing.
 */
export class Usage {
  private readonly principals = new PrincipalTable();
  private readonly attributes = new AttributesTable();
  private readonly cells = new CellTable(this.attributes);
  /** The key of the cell being counted into (cell-table.ts): reused, so counting allocates nothing. */
  private readonly key = new Int32Array(CELL_KEY_LENGTH);

  add(request: AuditRequest): void {
    const key = this.key;
    key[0] = dayOf(request.time);
    key[1] = this.principals.id(request.user, request.outcome, request.reason);
    this.attributes.numbersOf(request, key, 2);
    this.cells.countRequest(key, request.time);
    if (request.impersonator === undefined) return; // the usual case, without building an empty list
    for (const use of impersonation(request)) {
      key[1] = this.principals.id(use.user, "allow", undefined);
      this.attributes.numbersOf(use.attrs, key, 2);
      this.cells.countRequest(key, request.time);
    }
  }

  merge(other: Usage): this {
    return this.absorb(other, () => true);
  }

  /** A copy of the usage of the UTC days that overlap [fromMs, toMs]. The analysis reads in place instead. */
  window(fromMs: number, toMs: number): Usage {
    return new Usage().absorb(this, inWindow({ from: fromMs, to: toMs }));
  }

  /** Adds the other usage's cells of the kept days, re-numbering its principals and attributes into this one's. */
  private absorb(other: Usage, keep: (day: number) => boolean): this {
    const principals = other.principals.list.map((p) => this.principals.id(p.user, p.outcome, p.reason));
    // Numbered on first use: a window of a few days needs few of the other's attributes.
    const attributes = new Int32Array(other.attributes.size).fill(-1);
    const cells = other.cells;
    const key = this.key;
    for (const day of cells.days()) {
      if (!keep(day)) continue;
      key[0] = day;
      for (const cell of cells.cellsOf(day)) {
        const theirs = cells.attributesOf(cell);
        let mine = attributes[theirs]!;
        if (mine < 0) attributes[theirs] = mine = this.attributes.id(other.attributes.get(theirs));
        key[1] = principals[cells.principalOf(cell)]!;
        this.attributes.numbersOfId(mine, key, 2);
        this.cells.add(key, cells.countOf(cell), cells.firstOf(cell), cells.lastOf(cell));
      }
    }
    return this;
  }

  /** The days that hold usage (within `window`, when given), ascending. */
  days(window?: TimeWindow): number[] {
    const days = this.cells.days();
    return window === undefined ? days : days.filter(inWindow(window));
  }

  /** First and last request time (within `window`, when given), or undefined when there is none. */
  bounds(window?: TimeWindow): { first: number; last: number } | undefined {
    let first = Infinity;
    let last = -Infinity;
    for (const day of this.days(window)) {
      const cells = this.cells.cellsOf(day);
      // Indexed, as the other loops over all cells: run once per analysis, these loops stay unoptimised
      // for a while, and a for-of there allocates a result object per cell.
      for (let k = 0; k < cells.length; k++) {
        if (this.cells.firstOf(cells[k]!) < first) first = this.cells.firstOf(cells[k]!);
        if (this.cells.lastOf(cells[k]!) > last) last = this.cells.lastOf(cells[k]!);
      }
    }
    return first === Infinity ? undefined : { first, last };
  }

  /** Every distinct observation with its totals over all days held. */
  records(): UsageRecord[] {
    const records: UsageRecord[] = [];
    this.forEachRecord(undefined, (record) => records.push({ ...record }));
    return records;
  }

  /**
   * Visits every distinct observation of the days within `window` (all days when undefined) with its totals
   * over those days, in the order `records()` lists them (first seen, days ascending), with the numbers of its
   * principal and attributes. Reads in place: neither a windowed copy nor the list of records is built.
   */
  forEachRecord(window: TimeWindow | undefined, visit: RecordVisitor): void {
    const days = this.days(window);
    if (days.length === 1) this.forEachRecordOfDay(days[0]!, visit);
    else this.forEachRecordOfDays(days, visit);
  }

  /** One day: each cell is a record. */
  private forEachRecordOfDay(day: number, visit: RecordVisitor): void {
    const cells = this.cells;
    const days = Object.freeze([day]);
    const list = cells.cellsOf(day);
    let record: UsageRecord | undefined;
    for (let k = 0; k < list.length; k++) {
      const cell = list[k]!;
      const principal = cells.principalOf(cell);
      const attributes = cells.attributesOf(cell);
      record = this.recordOf(record, principal, attributes, cells.countOf(cell), cells.firstOf(cell), cells.lastOf(cell), days);
      visit(record, principal, attributes);
    }
  }

  /** Several days: totals per (principal, attributes) first, numbered in the order first seen. */
  private forEachRecordOfDays(days: readonly number[], visit: RecordVisitor): void {
    const cells = this.cells;
    const observations = new TupleTable(2, 1024);
    const key = new Int32Array(2);
    const totals: Array<{ count: number; first: number; last: number; days: number[] }> = [];
    for (const day of days) {
      // Records of one day only share that day's list, as in `forEachRecordOfDay`.
      const onlyThisDay = Object.freeze([day]) as number[];
      const list = cells.cellsOf(day);
      for (let k = 0; k < list.length; k++) {
        const cell = list[k]!;
        key[0] = cells.principalOf(cell);
        key[1] = cells.attributesOf(cell);
        const id = observations.idOf(key);
        const total = totals[id];
        if (total === undefined) totals.push({ count: cells.countOf(cell), first: cells.firstOf(cell), last: cells.lastOf(cell), days: onlyThisDay });
        else {
          total.count += cells.countOf(cell);
          if (cells.firstOf(cell) < total.first) total.first = cells.firstOf(cell);
          if (cells.lastOf(cell) > total.last) total.last = cells.lastOf(cell);
          // A record's own list is never frozen; a shared one is copied before it grows.
          if (Object.isFrozen(total.days)) total.days = [...total.days, day];
          else total.days.push(day);
        }
      }
    }
    let record: UsageRecord | undefined;
    totals.forEach((total, id) => {
      const principal = observations.at(id, 0);
      const attributes = observations.at(id, 1);
      record = this.recordOf(record, principal, attributes, total.count, total.first, total.last, total.days);
      visit(record, principal, attributes);
    });
  }

  /**
   * The record visitors see: `into` refilled, one object per visit of the records, as a large log has ~10^5
   * of them (an object per record was a fifth of what the analysis allocated); the first made here.
   */
  private recordOf(
    into: UsageRecord | undefined, principal: number, attributes: number, count: number, first: number, last: number, days: readonly number[],
  ): UsageRecord {
    const { user, outcome, reason } = this.principals.get(principal);
    const attrs = this.attributes.get(attributes);
    // The fields in the order `{ ...principal, attrs, ...cell, days }` gave them.
    if (into === undefined) return { user, outcome, reason, attrs, count, first, last, days };
    into.user = user;
    into.outcome = outcome;
    into.reason = reason;
    into.attrs = attrs;
    into.count = count;
    into.first = first;
    into.last = last;
    into.days = days;
    return into;
  }

  toJSON(): UsageJson {
    const cells = this.cells;
    // An attribute key is built once however many days and principals share it.
    const keys: string[] = [];
    const days: UsageJson["days"] = {};
    for (const day of cells.days()) {
      days[String(day)] = cells.cellsOf(day).map((cell) => {
        const attributes = cells.attributesOf(cell);
        const key = (keys[attributes] ??= FIELD + attributesKey(this.attributes.get(attributes)));
        return [cells.principalOf(cell) + key, cells.countOf(cell), cells.firstOf(cell), cells.lastOf(cell)];
      });
    }
    return { version: 2, principals: principalsJson(this.principals.list), days };
  }

  /** This usage as `UsageTransfer`; `mergeTransfer` of it is `merge` of this usage. */
  toTransfer(): UsageTransfer {
    const cells = this.cells;
    const cellKeys = new Int32Array(3 * cells.size);
    const totals = new Float64Array(3 * cells.size);
    let at = 0;
    for (const day of cells.days()) {
      const list = cells.cellsOf(day);
      for (let k = 0; k < list.length; k++, at += 3) {
        const cell = list[k]!;
        cellKeys[at] = day;
        cellKeys[at + 1] = cells.principalOf(cell);
        cellKeys[at + 2] = cells.attributesOf(cell);
        totals[at] = cells.countOf(cell);
        totals[at + 1] = cells.firstOf(cell);
        totals[at + 2] = cells.lastOf(cell);
      }
    }
    return { principals: principalsJson(this.principals.list), ...this.attributes.toTransfer(), cells: cellKeys, totals };
  }

  /** Merges a `UsageTransfer` (its arrays are re-numbered in place: it is spent). */
  mergeTransfer(transfer: UsageTransfer): this {
    const principals = transfer.principals.map((p) => this.principals.id({ name: p.user, groups: p.groups }, p.outcome, p.reason));
    const attributes = this.attributes.renumber(transfer);
    const { cells, totals } = transfer;
    const key = this.key;
    for (let at = 0; at < cells.length; at += 3) {
      const principal = principals[cells[at + 1]!];
      const from = ATTRIBUTE_NUMBERS * cells[at + 2]!;
      if (principal === undefined || from < 0 || from + ATTRIBUTE_NUMBERS > attributes.length) throw new Error("corrupt usage transfer: unknown cell");
      key[0] = cells[at]!;
      key[1] = principal;
      for (let k = 0; k < ATTRIBUTE_NUMBERS; k++) key[2 + k] = attributes[from + k]!;
      this.cells.add(key, totals[at]!, totals[at + 1]!, totals[at + 2]!);
    }
    return this;
  }

  static fromJSON(json: UsageJson): Usage {
    return new Usage().mergeJSON(json);
  }

  /** Merges a serialised partial (a decoding worker's, a stored one), as `merge(Usage.fromJSON(json))` would. */
  mergeJSON(json: UsageJson): this {
    checkVersion(json);
    const principals = json.principals.map((p) => this.principals.id({ name: p.user, groups: p.groups }, p.outcome, p.reason));
    const key = this.key;
    for (const [text, cells] of Object.entries(json.days)) {
      const day = Number(text);
      if (day !== (day | 0)) throw new Error(`corrupt usage partial: day "${text}"`);
      key[0] = day;
      for (const [cellKey, count, first, last] of cells) {
        const split = cellKey.indexOf(FIELD);
        const principal = principals[Number(cellKey.slice(0, split))];
        if (split <= 0 || principal === undefined) throw new Error("corrupt usage key: unknown principal");
        key[1] = principal;
        this.attributes.numbersOf(decodeAttributes(cellKey.slice(split + 1)), key, 2);
        this.cells.add(key, count, first, last);
      }
    }
    return this;
  }
}

/** A request's UTC day, which a cell key holds as a 32-bit integer (any time a Date can hold fits). */
function dayOf(time: number): number {
  const day = epochDay(time);
  if (day !== (day | 0)) throw new Error(`request time out of range: ${time}`);
  return day;
}

function principalsJson(list: readonly Principal[]): UsageJson["principals"] {
  return list.map((p) => ({
    user: p.user.name,
    groups: [...p.user.groups],
    outcome: p.outcome,
    ...(p.reason !== undefined ? { reason: p.reason } : {}),
  }));
}

function inWindow(window: TimeWindow): (day: number) => boolean {
  const [firstDay, lastDay] = [epochDay(window.from), epochDay(window.to)];
  return (day) => day >= firstDay && day <= lastDay;
}

function checkVersion(json: UsageJson): void {
  if (json?.version !== 2 || !Array.isArray(json.principals) || typeof json.days !== "object") {
    throw new Error("not a usage partial (version 2)");
  }
}
