import type { RequestAttributes } from "../audit/request.ts";

/**
 * Short lookup keys for usage cells. A cell's own key spells out the principal and all request attributes
 * (~100 characters): building, flattening and hashing that string for each of millions of requests was most
 * of `Usage.add`. The decoder interns field values, so their hashes are cached: numbering each distinct value
 * costs one Map lookup, and the numbers make a key of 17 UTF-16 code units, which halves the lookup cost.
 * Two requests get the same short key exactly when they get the same cell key.
 */
export class CellKeys {
  private readonly ids = new Map<string, number>();

  of(principal: number, a: RequestAttributes): string {
    const verb = this.id(a.verb);
    const group = this.id(a.apiGroup);
    const resource = this.id(a.resource);
    const subresource = this.id(a.subresource);
    const namespace = this.id(a.namespace);
    const name = this.id(a.name);
    const path = this.id(a.path);
    return String.fromCharCode(
      principal & 0xffff, principal >>> 16, a.resourceRequest ? 1 : 0,
      verb & 0xffff, verb >>> 16, group & 0xffff, group >>> 16, resource & 0xffff, resource >>> 16,
      subresource & 0xffff, subresource >>> 16, namespace & 0xffff, namespace >>> 16, name & 0xffff, name >>> 16,
      path & 0xffff, path >>> 16,
    );
  }

  private id(value: string): number {
    let id = this.ids.get(value);
    if (id === undefined) this.ids.set(value, (id = this.ids.size));
    return id;
  }
}
