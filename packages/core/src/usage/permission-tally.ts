import { bindingKey, type BindingRef } from "../rbac/model.ts";
import type { PermissionUsage } from "./subject-usage.ts";
import { TupleTable } from "./tuple-table.ts";
import type { UsageRecord } from "./usage.ts";

/**
 * Sums usage records into permissions, per request attributes and allowing binding; days counted distinctly.
 * Entries live in arrays rather than an object each, and are found by the Usage's numbers for the record's
 * attributes rather than by a key spelled out per record: a large log has ~10^5 of them.
 */
export class PermissionTally {
  /** In the order first added. */
  private readonly usages: PermissionUsage[] = [];
  /** The days of each, as the first record's own list until a record with other days adds to it: most have one. */
  private readonly days: Array<readonly number[] | Set<number>> = [];
  /** The attributes number and binding key of each. */
  private readonly attributes: number[] = [];
  private readonly vias: string[] = [];
  /**
   * The principal of every record so far, while there is only one. A Usage has one record per principal and
   * attributes, so until a second principal adds to the tally every record is a new permission, and no
   * lookup is needed: most subjects are a single principal.
   */
  private onlyPrincipal: number | undefined;
  /**
   * Each entry's (binding, attributes) pair as numbers, numbered like the entries (so a pair's number is its
   * entry's index); built when a second principal adds. Bindings are numbered by key, "" (none) too.
   */
  private index: TupleTable | undefined;
  private readonly viaNumbers = new Map<string, number>();
  private readonly pair = new Int32Array(2);

  /** `principal` and `attributes` are the Usage's numbers for the record's (`RecordVisitor`). */
  add(record: UsageRecord, principal: number, attributes: number, via: BindingRef | undefined, coveredByDefaults: boolean): void {
    const viaKey = via === undefined ? "" : bindingKey(via);
    if (this.usages.length === 0) this.onlyPrincipal = principal;
    else if (principal !== this.onlyPrincipal && this.index === undefined) this.index = this.indexed();
    const seen = this.index === undefined ? -1 : this.index.idOf(this.pairOf(viaKey, attributes));
    if (seen < 0 || seen === this.usages.length) return this.enter(record, attributes, via, viaKey, coveredByDefaults);
    const u = this.usages[seen]!;
    u.count += record.count;
    u.firstSeen = Math.min(u.firstSeen, record.first);
    u.lastSeen = Math.max(u.lastSeen, record.last);
    // Covered only if every contributing observation was: one that the defaults do not allow needs a rule.
    u.coveredByDefaults &&= coveredByDefaults;
    const known = this.days[seen]!;
    if (record.days === known) return; // the same single day (records of one day share their list)
    const days = known instanceof Set ? known : (this.days[seen] = new Set(known));
    for (const day of record.days) days.add(day);
    u.days = days.size;
  }

  permissions(): PermissionUsage[] {
    return this.usages;
  }

  private enter(record: UsageRecord, attributes: number, via: BindingRef | undefined, viaKey: string, coveredByDefaults: boolean): void {
    // Two literals rather than a spread of an optional field: this runs once per permission.
    this.usages.push(
      via === undefined
        ? { attrs: record.attrs, count: record.count, firstSeen: record.first, lastSeen: record.last, days: record.days.length, coveredByDefaults }
        : { attrs: record.attrs, count: record.count, firstSeen: record.first, lastSeen: record.last, days: record.days.length, coveredByDefaults, via },
    );
    this.days.push(record.days);
    this.attributes.push(attributes);
    this.vias.push(viaKey);
  }

  private pairOf(viaKey: string, attributes: number): Int32Array {
    let via = this.viaNumbers.get(viaKey);
    if (via === undefined) this.viaNumbers.set(viaKey, (via = this.viaNumbers.size));
    this.pair[0] = via;
    this.pair[1] = attributes;
    return this.pair;
  }

  /** The entries so far, numbered in order: pairs are distinct while one principal adds (see `onlyPrincipal`). */
  private indexed(): TupleTable {
    const index = new TupleTable(2, 2 * this.usages.length);
    this.usages.forEach((_, k) => index.idOf(this.pairOf(this.vias[k]!, this.attributes[k]!)));
    return index;
  }
}
