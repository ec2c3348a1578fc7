import { bindingKey, type BindingRef } from "../rbac/model.ts";
import type { PermissionUsage } from "./subject-usage.ts";
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
  /** Binding key ("" for none) → attributes number → index; built when a second principal adds. */
  private index: Map<string, Map<number, number>> | undefined;

  /** `principal` and `attributes` are the Usage's numbers for the record's (`RecordVisitor`). */
  add(record: UsageRecord, principal: number, attributes: number, via: BindingRef | undefined, coveredByDefaults: boolean): void {
    const viaKey = via === undefined ? "" : bindingKey(via);
    if (this.usages.length === 0) this.onlyPrincipal = principal;
    else if (principal !== this.onlyPrincipal && this.index === undefined) this.index = this.indexed();
    const seen = this.index === undefined ? undefined : this.entriesOf(viaKey).get(attributes);
    if (seen === undefined) return this.enter(record, attributes, via, viaKey, coveredByDefaults);
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
    if (this.index !== undefined) this.entriesOf(viaKey).set(attributes, this.usages.length);
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

  private entriesOf(viaKey: string): Map<number, number> {
    let entries = this.index!.get(viaKey);
    if (entries === undefined) this.index!.set(viaKey, (entries = new Map()));
    return entries;
  }

  private indexed(): Map<string, Map<number, number>> {
    this.index = new Map();
    this.usages.forEach((_, k) => this.entriesOf(this.vias[k]!).set(this.attributes[k]!, k));
    return this.index;
  }
}
