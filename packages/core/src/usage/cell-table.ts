import { ATTRIBUTE_NUMBERS, type AttributesTable } from "./attributes-table.ts";
import { enlarged, TupleTable } from "./tuple-table.ts";

/** A cell's key: [day, principal, ...the numbers of its attributes (AttributesTable.numbersOf)]. */
export const CELL_KEY_LENGTH = 2 + ATTRIBUTE_NUMBERS;

/**
 * The cells of a Usage: per UTC day, principal and attributes, how many requests and when the first and last
 * were. Numbers live in typed arrays (a cell is an index, not an object), so a Usage of 10^5 cells gives the
 * garbage collector almost nothing to trace while millions of requests are counted into it. Cells are keyed
 * by the attributes' numbers, not by the attributes' own number, so counting a request looks up one table;
 * the attributes are numbered only when a cell is new. Each day lists its cells in the order first seen:
 * records and partials keep that order.
 */
export class CellTable {
  private readonly cells = new TupleTable(CELL_KEY_LENGTH, 4096);
  private attributeIds = new Int32Array(4096);
  private counts = new Float64Array(4096);
  private firsts = new Float64Array(4096);
  private lasts = new Float64Array(4096);
  private readonly byDay = new Map<number, number[]>();

  constructor(private readonly attributes: AttributesTable) {}

  get size(): number {
    return this.cells.size;
  }

  /** Counts one request at `time` into the cell of `key` (see CELL_KEY_LENGTH). */
  countRequest(key: Int32Array, time: number): void {
    this.add(key, 1, time, time);
  }

  /** Adds another cell's totals into the cell of `key`: counts add, first and last take min and max. */
  add(key: Int32Array, count: number, first: number, last: number): void {
    const cell = this.cellOf(key, first);
    this.counts[cell]! += count;
    if (first < this.firsts[cell]!) this.firsts[cell] = first;
    if (last > this.lasts[cell]!) this.lasts[cell] = last;
  }

  /** The days that hold cells, ascending. */
  days(): number[] {
    return [...this.byDay.keys()].sort((a, b) => a - b);
  }

  /** The cells of one day, in the order first seen. */
  cellsOf(day: number): readonly number[] {
    return this.byDay.get(day) ?? [];
  }

  principalOf(cell: number): number {
    return this.cells.at(cell, 1);
  }

  attributesOf(cell: number): number {
    return this.attributeIds[cell]!;
  }

  countOf(cell: number): number {
    return this.counts[cell]!;
  }

  firstOf(cell: number): number {
    return this.firsts[cell]!;
  }

  lastOf(cell: number): number {
    return this.lasts[cell]!;
  }

  /** The cell, created empty (count 0, first = last = `time`) when new. */
  private cellOf(key: Int32Array, time: number): number {
    const before = this.cells.size;
    const cell = this.cells.idOf(key);
    if (cell === before) {
      if (cell === this.counts.length) this.grow();
      this.attributeIds[cell] = this.attributes.idOfNumbers(key, 2);
      this.counts[cell] = 0;
      this.firsts[cell] = time;
      this.lasts[cell] = time;
      const day = key[0]!;
      const list = this.byDay.get(day);
      if (list === undefined) this.byDay.set(day, [cell]);
      else list.push(cell);
    }
    return cell;
  }

  private grow(): void {
    const length = 2 * this.counts.length;
    this.attributeIds = enlarged(this.attributeIds, length);
    this.counts = enlarged(this.counts, length);
    this.firsts = enlarged(this.firsts, length);
    this.lasts = enlarged(this.lasts, length);
  }
}
