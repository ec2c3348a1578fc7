import type { RequestAttributes } from "../audit/request.ts";
import { TupleTable } from "./tuple-table.ts";

/** Request attributes as numbers: whether a resource request, then the numbers of its seven texts. */
export const ATTRIBUTE_NUMBERS = 8;

/**
 * Numbers distinct request attributes, and keeps one frozen `RequestAttributes` per number: every cell and
 * every record with those attributes shares it (and its strings), so the analysis can tell equal attributes by
 * identity. Attributes are numbered by their texts' numbers; the decoder interns texts, so their hashes are
 * cached and numbering a text is one Map lookup.
 */
export class AttributesTable {
  private readonly values = new Map<string, number>([["", 0]]);
  /** Each text by its number, as first seen: every attributes object holds these, so equal texts are one string. */
  private readonly texts: string[] = [""];
  private readonly tuples = new TupleTable(ATTRIBUTE_NUMBERS, 1024);
  private readonly list: RequestAttributes[] = [];
  private readonly key = new Int32Array(ATTRIBUTE_NUMBERS);

  get size(): number {
    return this.list.length;
  }

  /** The number of `a`'s attributes (other fields of `a`, such as an AuditRequest's, are not kept). */
  id(a: RequestAttributes): number {
    this.numbersOf(a, this.key, 0);
    return this.idOfNumbers(this.key, 0);
  }

  /** Writes the numbers of `a`'s attributes to `key[from .. from + ATTRIBUTE_NUMBERS)`. */
  numbersOf(a: RequestAttributes, key: Int32Array, from: number): void {
    key[from] = a.resourceRequest ? 1 : 0;
    key[from + 1] = this.textId(a.verb);
    key[from + 2] = this.textId(a.apiGroup);
    key[from + 3] = this.textId(a.resource);
    key[from + 4] = this.textId(a.subresource);
    key[from + 5] = this.textId(a.namespace);
    key[from + 6] = this.textId(a.name);
    key[from + 7] = this.textId(a.path);
  }

  /** Writes the numbers of attributes `id` to `key[from .. from + ATTRIBUTE_NUMBERS)`. */
  numbersOfId(id: number, key: Int32Array, from: number): void {
    for (let k = 0; k < ATTRIBUTE_NUMBERS; k++) key[from + k] = this.tuples.at(id, k);
  }

  /** The number of the attributes `numbersOf` wrote to `key` at `from`, numbering them when new. */
  idOfNumbers(key: Int32Array, from: number): number {
    const id = this.tuples.idOf(key, from);
    if (id === this.list.length) {
      const texts = this.texts;
      this.list.push(
        Object.freeze({
          verb: texts[key[from + 1]!]!,
          resourceRequest: key[from] === 1,
          apiGroup: texts[key[from + 2]!]!,
          resource: texts[key[from + 3]!]!,
          subresource: texts[key[from + 4]!]!,
          namespace: texts[key[from + 5]!]!,
          name: texts[key[from + 6]!]!,
          path: texts[key[from + 7]!]!,
        }),
      );
    }
    return id;
  }

  /** Every text by its number, and every attributes' numbers (ATTRIBUTE_NUMBERS per attributes, by number). */
  toTransfer(): { texts: string[]; attributes: Int32Array } {
    const attributes = new Int32Array(ATTRIBUTE_NUMBERS * this.list.length);
    for (let id = 0; id < this.list.length; id++) this.numbersOfId(id, attributes, ATTRIBUTE_NUMBERS * id);
    return { texts: [...this.texts], attributes };
  }

  /** Another table's `toTransfer` in this one's numbers: the attributes' numbers, re-numbered, in place. */
  renumber(transfer: { texts: readonly string[]; attributes: Int32Array }): Int32Array {
    const texts = transfer.texts.map((text) => this.textId(text));
    const numbers = transfer.attributes;
    for (let at = 0; at < numbers.length; at += ATTRIBUTE_NUMBERS) {
      for (let k = 1; k < ATTRIBUTE_NUMBERS; k++) {
        const text = texts[numbers[at + k]!];
        if (text === undefined) throw new Error("corrupt usage transfer: unknown text");
        numbers[at + k] = text;
      }
    }
    return numbers;
  }

  get(id: number): RequestAttributes {
    const attrs = this.list[id];
    if (attrs === undefined) throw new Error(`corrupt usage: no attributes ${id}`);
    return attrs;
  }

  private textId(text: string): number {
    if (text === "") return 0; // the most common text, without a lookup
    let id = this.values.get(text);
    if (id === undefined) {
      this.values.set(text, (id = this.texts.length));
      this.texts.push(text);
    }
    return id;
  }
}
