import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { KEY_WORDS, packUuid, unpackUuid } from "../../src/audit/audit-id-key.ts";
import { DedupeTrace } from "../../src/audit/dedupe-trace.ts";
import { holderOf, holdsAnyOf, IdList } from "../../src/audit/id-list.ts";
import { RecentIds } from "../../src/audit/recent-ids.ts";

describe("audit IDs packed as keys", () => {
  it.each([
    ["a canonical UUID", "0f8b2c3d-4e5f-4a6b-8c7d-9e0fa1b2c3d4", true],
    ["all zeros", "00000000-0000-0000-0000-000000000000", true],
    ["all f", "ffffffff-ffff-ffff-ffff-ffffffffffff", true],
    ["uppercase hex (would unpack to other text)", "0F8B2C3D-4E5F-4A6B-8C7D-9E0FA1B2C3D4", false],
    ["a dash moved", "0f8b2c3d4-e5f-4a6b-8c7d-9e0fa1b2c3d4", false],
    ["no dashes", "0f8b2c3d4e5f4a6b8c7d9e0fa1b2c3d4abcd", false],
    ["one character short", "0f8b2c3d-4e5f-4a6b-8c7d-9e0fa1b2c3d", false],
    ["a non-hex letter", "0f8b2c3d-4e5f-4a6b-8c7d-9e0fa1b2c3dg", false],
    ["a client's own ID", "my-request-1", false],
  ])("%s: packs %s", (_, id, packs) => {
    const keys = new Int32Array(KEY_WORDS);
    expect(packUuid(id, keys, 0)).toBe(packs);
    if (packs) expect(unpackUuid(keys, 0)).toBe(id);
  });

  it("round-trips every UUID", () => {
    fc.assert(fc.property(fc.uuid(), (id) => {
      const keys = new Int32Array(2 * KEY_WORDS);
      return packUuid(id, keys, KEY_WORDS) && unpackUuid(keys, KEY_WORDS) === id;
    }));
  });

  it("lists IDs packed or as text, and finds them either way", () => {
    const list = new IdList();
    const ids = ["0f8b2c3d-4e5f-4a6b-8c7d-9e0fa1b2c3d4", "custom-1", "00000000-0000-0000-0000-000000000001", "CUSTOM"];
    for (const id of ids) list.add(id);
    const json = list.toJSON();
    expect([json.packed.length, json.others]).toEqual([2 * KEY_WORDS, ["custom-1", "CUSTOM"]]);
    const holder = holderOf(json);
    expect(ids.every((id) => holder.has(id))).toBe(true);
    expect(holder.has("00000000-0000-0000-0000-000000000002")).toBe(false);
    expect(holdsAnyOf(holderOf(json), { packed: new Int32Array(0), others: ["nope", "CUSTOM"] })).toBe(true);
    expect(holdsAnyOf(holderOf(json), { packed: new Int32Array(0), others: ["nope"] })).toBe(false);
  });
});

/**
 * The rule RecentIds keeps, spelled out with a Map per generation (how it was first written): two generations
 * of `capacity` remembered, a full one replaced when the next ID comes; with a trace, the generation forgotten
 * last too, and what makes two ranges' results differ from one reading.
 */
class ReferenceIds {
  current = new Map<string, number>();
  previous = new Map<string, number>();
  forgotten = new Map<string, number>();
  inserts = 0;
  early: string[] = [];
  phaseDependent = false;

  constructor(private readonly capacity: number) {}

  add(id: string): boolean {
    const capacity = this.capacity;
    if (this.inserts <= 2 * capacity) this.early.push(id);
    const seenAt = this.current.get(id) ?? this.previous.get(id);
    if (seenAt !== undefined) {
      if (this.inserts - seenAt >= capacity) this.phaseDependent = true;
      return false;
    }
    const forgottenAt = this.forgotten.get(id);
    if (forgottenAt !== undefined && this.inserts - forgottenAt <= 2 * capacity) this.phaseDependent = true;
    if (this.current.size >= capacity) {
      this.forgotten = this.previous;
      this.previous = this.current;
      this.current = new Map();
    }
    this.current.set(id, this.inserts++);
    return true;
  }

  remembered(): string[] {
    return [...this.current.keys(), ...this.previous.keys()].sort();
  }
}

/** A pool of IDs, mostly UUIDs (sequential ones too: IDs need not be random), some of a client's own. */
function idPool(size: number, seed: number): string[] {
  let state = seed >>> 0 || 1;
  const next = () => (state = Math.imul(state ^ (state >>> 15), 0x2c1b3c6d) + 0x9e3779b9) >>> 0;
  return Array.from({ length: size }, (_, k) => {
    if (k % 7 === 3) return `client-${k}-${next() % 1000}`;
    if (k % 5 === 1) return `00000000-0000-4000-8000-${k.toString(16).padStart(12, "0")}`;
    const hex = Array.from({ length: 4 }, () => next().toString(16).padStart(8, "0")).join("");
    return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
  });
}

describe("recent audit IDs", () => {
  it("decide every repeat as the generation rule says, and keep what a trace needs, for UUIDs and other IDs", () => {
    fc.assert(
      fc.property(
        fc.constantFrom(1, 2, 3, 7, 40, 700),
        fc.integer({ min: 0, max: 2 ** 31 - 1 }),
        fc.integer({ min: 1, max: 3000 }),
        fc.integer({ min: 1, max: 4000 }),
        (capacity, seed, poolSize, length) => {
          const pool = idPool(poolSize, seed);
          let state = seed ^ 0x5bd1e995;
          const ids = Array.from({ length }, () => pool[((state = (Math.imul(state, 1103515245) + 12345) | 0) >>> 8) % poolSize]!);
          const reference = new ReferenceIds(capacity);
          const trace = new DedupeTrace();
          const traced = new RecentIds(capacity, trace);
          const plain = new RecentIds(capacity);
          for (const id of ids) {
            const expected = reference.add(id);
            expect(traced.add(id)).toBe(expected);
            expect(plain.add(id)).toBe(expected);
            expect(trace.phaseDependent).toBe(reference.phaseDependent);
          }
          const remembered = reference.remembered();
          const json = trace.toJSON(traced.remembered());
          const listed = (l: typeof json.early) => [...holderOfList(l)].sort();
          expect(listed(json.remembered)).toEqual(remembered);
          expect(listed(plain.remembered())).toEqual(remembered);
          expect(listed(json.early)).toEqual([...reference.early].sort());
          for (const id of pool.slice(0, 200)) {
            expect(traced.has(id)).toBe(remembered.includes(id));
            expect(plain.has(id)).toBe(remembered.includes(id));
          }
        },
      ),
      { numRuns: 150 },
    );
  });

  it("drops repeats within the window, exactly", () => {
    const recent = new RecentIds(3);
    const seen = ["a", "b", "a", "c", "d", "e", "f", "g", "a", "é", "é", "g"].map((id) => recent.add(id));
    expect(seen).toEqual([true, true, false, true, true, true, true, true, true, true, false, false]);
  });

  it("remembers everything with a window of zero: nothing", () => {
    const recent = new RecentIds(0);
    expect(["a", "a"].map((id) => recent.add(id))).toEqual([true, true]);
  });
});

function holderOfList(list: { packed: Int32Array; others: string[] }): string[] {
  const ids = [...list.others];
  for (let at = 0; at < list.packed.length; at += KEY_WORDS) ids.push(unpackUuid(list.packed, at));
  return ids;
}
