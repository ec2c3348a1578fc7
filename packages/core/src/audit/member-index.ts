/**
 * The WebAssembly member indexer (packages/core/assembly/member-index.ts): given a schema of the members to
 * find, it reads a JSON object's bytes and says where each named member is, checking the grammar of the rest.
 * It answers only for the plain case and says FALLBACK otherwise, so a caller always has its JavaScript reader
 * to fall back on. One instance per thread, shared by every reader in it: `load` copies a chunk into its
 * memory for one reader at a time, and the results are read before anything else runs.
 */
import { MEMBER_INDEX_WASM } from "./member-index-wasm.ts";

/** What the indexer does with a member the schema names. */
export const STRING = 1, OBJECT = 2, STRING_LIST = 3, NUMBER = 4, RAW_STRING = 5, CALLER = 6;
/** What a slot found: nothing (0), a string, a number, an object, a list of strings, or any other value. */
export const T_STRING = 1, T_NUMBER = 2, T_OBJECT = 3, T_LIST = 4, T_OTHER = 5;
/** `index`: the object needs the JavaScript reader. */
export const FALLBACK = -4;

export interface SchemaKey {
  name: string;
  action: number;
  slot: number;
  /** OBJECT: the schema level of its members; STRING_LIST: the list its strings go to. */
  child?: number;
}

/** The little of the WebAssembly API this needs (the project's lib settings do not declare it). */
interface WebAssemblyApi {
  Module: new (bytes: Uint8Array) => object;
  Instance: new (module: object, imports: object) => { exports: unknown };
}

/** The string pool's bytes (string-pool.ts), here in the indexer's memory. */
export interface PoolMemory {
  arena: Uint8Array;
  /** Per slot, -1 when free (so that the empty string is not found in a free slot). */
  lengths: Int32Array;
  longArena: Uint8Array;
  /** Per long slot, 0 when free (a long string is never empty). */
  longLengths: Int32Array;
}

interface Exports {
  memory: { buffer: ArrayBuffer; grow(pages: number): number };
  index(i: number, end: number): number;
  inputAt(): number;
  newAt(): number;
  poolLayout(k: number): number;
  schemaAt(): number;
  namesAt(): number;
  slotsAt(): number;
  listsAt(): number;
  limits(): number;
}

/** Bytes of input the indexer holds: feeds larger than this are read by JavaScript alone. */
const INPUT_BYTES = 4 << 20;
/** int32s per slot (start, end, type, flags, pool slot), and per list (its length, then 32 elements of 4). */
export const SLOT = 5, LIST = 4 + 32 * 4;
/** A level of the schema, in int32s: 64 buckets, then 24 entries of 5 (see the AssemblyScript layout). */
const BUCKETS = 64, ENTRY = 5, LEVEL = BUCKETS + 24 * ENTRY;
/** Past the input: the indexer reads whole 8-byte words of a string's last bytes. */
const SLACK = 64;

let shared: Exports | null | undefined;
/** The schema now in each indexer's memory (after `releaseIndexer`, readers made before it keep the old one). */
const written = new WeakMap<Exports, readonly SchemaKey[][]>();
/**
 * What the indexer's memory holds now, and for whom: one memory per thread, so a reader that loaded it and finds
 * another owner there (a decoder run from inside another's callback) leaves its events to JavaScript.
 */
const loaded = { owner: undefined as object | undefined, from: undefined as Uint8Array | undefined, end: 0, delta: 0 };

function instance(): Exports | undefined {
  if (shared === undefined) {
    try {
      const api = (globalThis as unknown as { WebAssembly: WebAssemblyApi }).WebAssembly;
      const exports = new api.Instance(new api.Module(Buffer.from(MEMBER_INDEX_WASM, "base64")), {}).exports as Exports;
      const pages = Math.ceil((exports.inputAt() + INPUT_BYTES + SLACK) / 65536) - exports.memory.buffer.byteLength / 65536;
      if (pages > 0) exports.memory.grow(pages);
      new Int32Array(exports.memory.buffer, exports.poolLayout(3), exports.poolLayout(1)).fill(-1);
      shared = exports;
    } catch {
      shared = null;
    }
  }
  return shared ?? undefined;
}

/** Lets this thread's indexer and its memory go; the next reader makes another (see `releaseDecoderMemory`). */
export function releaseIndexer(): void {
  shared = undefined;
  loaded.owner = loaded.from = undefined;
}

/** The string pool's memory, when the indexer is there: the pool must be this one for the indexer to intern. */
export function indexerPoolMemory(): PoolMemory | undefined {
  const exports = instance();
  if (exports === undefined) return undefined;
  const buffer = exports.memory.buffer;
  const at = (k: number) => exports.poolLayout(k);
  return {
    arena: new Uint8Array(buffer, at(0), at(1) * at(2)), lengths: new Int32Array(buffer, at(3), at(1)),
    longArena: new Uint8Array(buffer, at(4), at(5) * at(6)), longLengths: new Int32Array(buffer, at(7), at(5)),
  };
}

export class MemberIndex {
  /** Per slot: start, end, type, flags, pool slot (-1: not pooled); string slots: the contents between the quotes. */
  readonly slots: Int32Array;
  /** Per list: its length, then start, end, flags, pool slot per string. */
  readonly lists: Int32Array;
  /** The strings the last `index` put in the pool: their count, then slot, start, end, flags each. */
  readonly added: Int32Array;
  /** How many strings the last `index` added to the pool (see `added`): they must be decoded into it. */
  addedCount = 0;
  private readonly bytes: Uint8Array;
  private readonly inputAt: number;

  /** The indexer set up with `levels` (level 0 is the object `index` reads), or undefined without WebAssembly. */
  static create(levels: readonly SchemaKey[][]): MemberIndex | undefined {
    const exports = instance();
    if (exports === undefined) return undefined;
    const limits = exports.limits();
    const fits = levels.length <= (limits & 0xff) && levels.every((keys) => keys.length <= (limits >>> 8 & 0xff) &&
      keys.every((k) => k.slot < (limits >>> 16 & 0xff) && (k.action !== STRING_LIST || (k.child ?? 0) < 4)));
    if (!fits) throw new Error("schema too large for the member indexer");
    return new MemberIndex(exports, levels);
  }

  private constructor(private readonly exports: Exports, private readonly levels: readonly SchemaKey[][]) {
    const buffer = exports.memory.buffer;
    this.bytes = new Uint8Array(buffer);
    this.slots = new Int32Array(buffer, exports.slotsAt(), (exports.limits() >>> 16 & 0xff) * SLOT);
    this.lists = new Int32Array(buffer, exports.listsAt(), 4 * LIST);
    this.added = new Int32Array(buffer, exports.newAt(), 4 + 128 * 4);
    this.inputAt = exports.inputAt();
  }

  /** Add to the indexer's positions for positions in the loaded buffer. */
  get delta(): number {
    return loaded.delta;
  }

  /**
   * Copies b[start, end) in for `owner` to `index` (what anyone loaded before is gone); false when it is too
   * large, and then nothing is loaded.
   */
  load(owner: object, b: Uint8Array, start: number, end: number): boolean {
    loaded.owner = loaded.from = undefined;
    if (end - start > INPUT_BYTES) return false;
    if (this.exports.memory.buffer !== this.bytes.buffer) return false;
    if (written.get(this.exports) !== this.levels) {
      writeSchema(this.bytes, this.exports, this.levels);
      written.set(this.exports, this.levels);
    }
    this.bytes.set(b.subarray(start, end), this.inputAt);
    loaded.owner = owner;
    loaded.from = b;
    loaded.end = end;
    loaded.delta = start - this.inputAt;
    return true;
  }

  /** After reading what `owner` loaded. */
  unload(owner: object): void {
    if (loaded.owner === owner) loaded.owner = loaded.from = undefined;
  }

  /**
   * `i` at the `{` of an object in what `owner` loaded (b[…, end)): the index in b after the object, with the
   * slots filled; FALLBACK when the JavaScript reader must read it (or b is not what was loaded). Either way,
   * the strings it added to the pool (`addedCount`) must be decoded into it before anything reads the pool.
   */
  index(owner: object, b: Uint8Array, i: number, end: number): number {
    this.addedCount = 0;
    if (owner !== loaded.owner || b !== loaded.from || end !== loaded.end) return FALLBACK;
    const r = this.exports.index(i - loaded.delta, end - loaded.delta);
    this.addedCount = this.added[0]!;
    return r < 0 ? FALLBACK : r + loaded.delta;
  }
}

/**
 * The schema in the indexer's memory: the names, then per level its buckets (by `bucketOf`, as the indexer's)
 * and its entries: name at, length, action | child << 8, slot, next entry in the bucket.
 */
function writeSchema(bytes: Uint8Array, exports: Exports, levels: readonly SchemaKey[][]): void {
  const schemaAt = exports.schemaAt();
  const ints = new Int32Array(bytes.buffer, schemaAt, levels.length * LEVEL).fill(0);
  let name = exports.namesAt();
  levels.forEach((keys, level) => {
    keys.forEach((key, k) => {
      const encoded = new TextEncoder().encode(key.name);
      bytes.set(encoded, name);
      const bucket = level * LEVEL + bucketOf(encoded);
      const entry = level * LEVEL + BUCKETS + k * ENTRY;
      ints.set([name, encoded.length, key.action | ((key.child ?? 0) << 8), key.slot, ints[bucket]!], entry);
      ints[bucket] = schemaAt + 4 * entry;
      name += encoded.length;
    });
  });
}

function bucketOf(name: Uint8Array): number {
  return (name[0]! * 31 + name[name.length - 1]! * 17 + name.length) & (BUCKETS - 1);
}
