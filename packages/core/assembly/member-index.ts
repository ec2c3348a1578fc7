// AssemblyScript, compiled to src/audit/member-index-wasm.ts by `npm run build:wasm` (scripts/build-wasm.ts).
//
// Finds where the members a schema names are in one JSON object, nested objects included, and checks the JSON
// grammar of everything else on the way: the byte work of reading an audit event, done in WebAssembly (about
// 1 ns a byte where JavaScript takes 2 to 5). JavaScript writes the schema once and the input per chunk, calls
// `index`, and reads the slots: where each string is, its escape flags, and its slot in the string pool, which
// lives in this memory: strings are interned here, and JavaScript decodes only those new to the pool.
//
// It only ever answers for the plain case. Anything else (an escaped or repeated member name, a member the
// schema marks for the caller, invalid or incomplete JSON) returns FALLBACK, and JavaScript reads the object
// itself: what this module accepts, the JavaScript reader reads the same way, and nothing else.

const FALLBACK: i32 = -4;

// Layout of linear memory (page 0 is AssemblyScript's own).
const SCHEMA_AT: i32 = 65536;
const LEVELS: i32 = 8;
const KEYS_PER_LEVEL: i32 = 24;
/** A level of the schema: its entries by `bucketOf` their name (entry address, 0 for none). */
const BUCKETS: i32 = 64;
/** A schema entry: name offset, name length, action | (child << 8), slot, next entry in its bucket (0: none). */
const ENTRY: i32 = 20;
const LEVEL_BYTES: i32 = BUCKETS * 4 + KEYS_PER_LEVEL * ENTRY;
const NAMES_AT: i32 = SCHEMA_AT + LEVELS * LEVEL_BYTES;
const NAMES_BYTES: i32 = 4096;
const SLOTS_AT: i32 = NAMES_AT + NAMES_BYTES;
const SLOT_COUNT: i32 = 64;
/** A slot: start, end, type, flags, pool slot (-1: not pooled). */
const SLOT: i32 = 20;
const LISTS_AT: i32 = SLOTS_AT + SLOT_COUNT * SLOT;
const LIST_COUNT: i32 = 4;
const LIST_MAX: i32 = 32;
/** An element of a list: start, end, flags, pool slot. */
const ELEMENT: i32 = 16;
const LIST_BYTES: i32 = 16 + LIST_MAX * ELEMENT;
const STACK_AT: i32 = LISTS_AT + LIST_COUNT * LIST_BYTES;
const STACK_MAX: i32 = 16384;
/** Strings this call put in the pool, for JavaScript to decode: slot, start, end, flags. */
const NEW_AT: i32 = STACK_AT + STACK_MAX;
const NEW_MAX: i32 = 128;
// The string pool (string-pool.ts reads and writes the same memory): raw bytes per slot, short and long.
const POOL_SLOTS: i32 = 1 << 16;
const SLOT_BYTES: i32 = 64;
const LONG_SLOTS: i32 = 1 << 12;
const LONG_BYTES: i32 = 512;
const POOL_AT: i32 = 2 * 65536;
const LENGTHS_AT: i32 = POOL_AT + POOL_SLOTS * SLOT_BYTES;
const LONG_AT: i32 = LENGTHS_AT + POOL_SLOTS * 4;
const LONG_LENGTHS_AT: i32 = LONG_AT + LONG_SLOTS * LONG_BYTES;
/** Per pool slot, the call that last used it: one slot holds one string for the whole of a call. */
const CALLS_AT: i32 = LONG_LENGTHS_AT + LONG_SLOTS * 4;
const INPUT_AT: i32 = CALLS_AT + (POOL_SLOTS + LONG_SLOTS) * 4;

// Schema actions.
const STRING: i32 = 1;
const OBJECT: i32 = 2;
const STRING_LIST: i32 = 3;
const NUMBER: i32 = 4;
const RAW_STRING: i32 = 5;
const CALLER: i32 = 6;

// Slot types.
const T_STRING: i32 = 1;
const T_NUMBER: i32 = 2;
const T_OBJECT: i32 = 3;
const T_LIST: i32 = 4;
const T_OTHER: i32 = 5;

// String flags, as json-scan.ts's.
const HAS_ESCAPE: i32 = 1;
const HAS_NON_ASCII: i32 = 2;

export function inputAt(): i32 { return INPUT_AT; }
/** The string pool's layout, for string-pool.ts: where its arrays are and how large. */
export function poolLayout(k: i32): i32 {
  switch (k) {
    case 0: return POOL_AT;
    case 1: return POOL_SLOTS;
    case 2: return SLOT_BYTES;
    case 3: return LENGTHS_AT;
    case 4: return LONG_AT;
    case 5: return LONG_SLOTS;
    case 6: return LONG_BYTES;
    default: return LONG_LENGTHS_AT;
  }
}
export function newAt(): i32 { return NEW_AT; }
export function schemaAt(): i32 { return SCHEMA_AT; }
export function namesAt(): i32 { return NAMES_AT; }
export function slotsAt(): i32 { return SLOTS_AT; }
export function listsAt(): i32 { return LISTS_AT; }
export function limits(): i32 { return LEVELS | (KEYS_PER_LEVEL << 8) | (SLOT_COUNT << 16) | (LIST_MAX << 24); }

/** The bucket of a member name of length n starting at `key` (the schema writer computes the same). */
export function bucketOf(key: i32, n: i32): i32 {
  return n == 0 ? 0 : (<i32>load<u8>(key) * 31 + <i32>load<u8>(key + n - 1) * 17 + n) & (BUCKETS - 1);
}

/** Set by the string scanners. */
let flags: i32 = 0;
/** Numbers the calls of `index`, for CALLS_AT. */
let call: i32 = 0;

/**
 * `i` at the `{` of an object to read with schema level 0, all of it before `end`. Returns the index after the
 * object, or FALLBACK.
 */
export function index(i: i32, end: i32): i32 {
  if (++call == 0x7fffffff) {
    memory.fill(CALLS_AT, 0, (POOL_SLOTS + LONG_SLOTS) * 4);
    call = 1;
  }
  store<i32>(NEW_AT, 0);
  for (let s = 0; s < SLOT_COUNT; s++) store<i32>(SLOTS_AT + s * SLOT + 8, 0);
  for (let l = 0; l < LIST_COUNT; l++) store<i32>(LISTS_AT + l * LIST_BYTES, 0);
  return i < end && load<u8>(i) == 0x7b ? object(i, end, 0) : FALLBACK;
}

@inline function isWhitespace(c: u32): bool { return c == 0x20 || c == 0x0a || c == 0x0d || c == 0x09; }

@inline function ws(i: i32, end: i32): i32 {
  while (i < end) {
    const c = <u32>load<u8>(i);
    if (c > 0x20 || !isWhitespace(c)) break;
    i++;
  }
  return i;
}

function object(i: i32, end: i32, level: i32): i32 {
  i = ws(i + 1, end);
  if (i >= end) return FALLBACK;
  if (load<u8>(i) == 0x7d) return i + 1;
  while (true) {
    if (i >= end || load<u8>(i) != 0x22) return FALLBACK;
    const key = i + 1;
    const close = plainKeyEnd(key, end);
    if (close < 0) return FALLBACK;
    i = ws(close + 1, end);
    if (i >= end || load<u8>(i) != 0x3a) return FALLBACK;
    i = ws(i + 1, end);
    if (i >= end) return FALLBACK;
    const entry = entryOf(level, key, close - key);
    i = entry == 0 ? skipValue(i, end) : member(entry, i, end);
    if (i < 0) return FALLBACK;
    i = ws(i, end);
    if (i >= end) return FALLBACK;
    const c = load<u8>(i);
    if (c == 0x7d) return i + 1;
    if (c != 0x2c) return FALLBACK;
    i = ws(i + 1, end);
  }
  return FALLBACK;
}

/** A member name that could be a schema key: no escapes (a known name written with them is left to the caller). */
function plainKeyEnd(i: i32, end: i32): i32 {
  while (i < end) {
    const c = <u32>load<u8>(i);
    if (c == 0x22) return i;
    if (c < 0x20 || c == 0x5c) return FALLBACK;
    i++;
  }
  return FALLBACK;
}

/** The schema entry of the name at key (length n) in `level`, 0 when the schema does not name it. */
function entryOf(level: i32, key: i32, n: i32): i32 {
  let entry = load<i32>(SCHEMA_AT + level * LEVEL_BYTES + bucketOf(key, n) * 4);
  while (entry != 0) {
    if (load<i32>(entry + 4) == n && sameBytes(load<i32>(entry), key, n)) return entry;
    entry = load<i32>(entry + 16);
  }
  return 0;
}

function sameBytes(a: i32, b: i32, n: i32): bool {
  let k = 0;
  for (; k + 8 <= n; k += 8) if (load<u64>(a + k) != load<u64>(b + k)) return false;
  for (; k < n; k++) if (load<u8>(a + k) != load<u8>(b + k)) return false;
  return true;
}

function member(entry: i32, i: i32, end: i32): i32 {
  const spec = load<i32>(entry + 8);
  const action = spec & 0xff;
  const slot = SLOTS_AT + load<i32>(entry + 12) * SLOT;
  // A repeated member: JSON.parse keeps the last, the JavaScript reader does too; not worth doing here.
  if (load<i32>(slot + 8) != 0) return FALLBACK;
  if (action == CALLER) return FALLBACK;
  const c = <u32>load<u8>(i);
  let after: i32 = 0;
  let type = T_OTHER;
  if ((action == STRING || action == RAW_STRING) && c == 0x22) {
    const q = stringEnd(i + 1, end);
    if (q < 0) return FALLBACK;
    store<i32>(slot, i + 1);
    store<i32>(slot + 4, q);
    store<i32>(slot + 12, flags);
    store<i32>(slot + 16, action == STRING ? intern(i + 1, q) : -1);
    store<i32>(slot + 8, T_STRING);
    return q + 1;
  }
  if (action == OBJECT && c == 0x7b) {
    after = object(i, end, spec >> 8);
    type = T_OBJECT;
  } else if (action == STRING_LIST && c == 0x5b) {
    after = stringList(i, end, spec >> 8);
    type = T_LIST;
  } else if (action == NUMBER && (c == 0x2d || (c >= 0x30 && c <= 0x39))) {
    after = numberEnd(i, end);
    type = T_NUMBER;
  } else {
    after = skipValue(i, end);
  }
  if (after < 0) return FALLBACK;
  store<i32>(slot, i);
  store<i32>(slot + 4, after);
  store<i32>(slot + 8, type);
  return after;
}

/** `i` at `[`: an array of strings, each noted in list `list`. Any other element is left to the caller. */
function stringList(i: i32, end: i32, list: i32): i32 {
  const at = LISTS_AT + list * LIST_BYTES;
  i = ws(i + 1, end);
  if (i >= end) return FALLBACK;
  if (load<u8>(i) == 0x5d) return i + 1;
  let n = 0;
  while (true) {
    if (n == LIST_MAX || load<u8>(i) != 0x22) return FALLBACK;
    const q = stringEnd(i + 1, end);
    if (q < 0) return FALLBACK;
    const element = at + 16 + n * ELEMENT;
    store<i32>(element, i + 1);
    store<i32>(element + 4, q);
    store<i32>(element + 8, flags);
    store<i32>(element + 12, intern(i + 1, q));
    store<i32>(at, ++n);
    i = ws(q + 1, end);
    if (i >= end) return FALLBACK;
    const c = load<u8>(i);
    if (c == 0x5d) return i + 1;
    if (c != 0x2c) return FALLBACK;
    i = ws(i + 1, end);
    if (i >= end) return FALLBACK;
  }
  return FALLBACK;
}

function isHex(c: u32): bool { return (c >= 0x30 && c <= 0x39) || ((c | 0x20) >= 0x61 && (c | 0x20) <= 0x66); }

/** `i` at a backslash: the index after its escape sequence, or FALLBACK. */
function escapeEnd(i: i32, end: i32): i32 {
  if (i + 1 >= end) return FALLBACK;
  const e = <u32>load<u8>(i + 1);
  if (e == 0x75) {
    if (i + 6 > end) return FALLBACK;
    for (let k = i + 2; k < i + 6; k++) if (!isHex(<u32>load<u8>(k))) return FALLBACK;
    return i + 6;
  }
  if (e == 0x22 || e == 0x5c || e == 0x2f || e == 0x62 || e == 0x66 || e == 0x6e || e == 0x72 || e == 0x74) return i + 2;
  return FALLBACK;
}

/**
 * The pool slot of the string whose raw bytes (flags in `flags`) are [i, q): its bytes are there already, or are
 * put there and listed at NEW_AT for JavaScript to decode. -1 when it is not pooled (too long, or its slot
 * already holds another string in this call): then JavaScript decodes it from the input.
 */
function intern(i: i32, q: i32): i32 {
  const n = q - i;
  const h = hashOf(i, n);
  let slot: i32, bytes: i32, length: i32;
  if (n <= SLOT_BYTES) {
    slot = (h ^ (h >>> 16)) & (POOL_SLOTS - 1);
    bytes = POOL_AT + slot * SLOT_BYTES;
    length = LENGTHS_AT + slot * 4;
  } else if (n <= LONG_BYTES) {
    const long = (h ^ (h >>> 12)) & (LONG_SLOTS - 1);
    slot = POOL_SLOTS + long;
    bytes = LONG_AT + long * LONG_BYTES;
    length = LONG_LENGTHS_AT + long * 4;
  } else return -1;
  const same = load<i32>(length) == n && sameBytes(bytes, i, n);
  const used = CALLS_AT + slot * 4;
  if (load<i32>(used) == call) return same ? slot : -1;
  store<i32>(used, call);
  if (same) return slot;
  const count = load<i32>(NEW_AT);
  if (count == NEW_MAX) return -1;
  memory.copy(bytes, i, n);
  store<i32>(length, n);
  const entry = NEW_AT + 16 + count * 16;
  store<i32>(entry, slot);
  store<i32>(entry + 4, i);
  store<i32>(entry + 8, q);
  store<i32>(entry + 12, flags);
  store<i32>(NEW_AT, count + 1);
  return slot;
}

/** A hash of n bytes at i, eight at a time (it only spreads strings over the pool's slots). */
function hashOf(i: i32, n: i32): i32 {
  let h: u64 = 0xcbf29ce484222325 ^ <u64>n;
  const end = i + n;
  let k = i;
  for (; k + 8 <= end; k += 8) h = (h ^ load<u64>(k)) * 0x100000001b3;
  if (k < end) h = (h ^ (load<u64>(k) & ((<u64>1 << (<u64>(end - k) << 3)) - 1))) * 0x100000001b3;
  return <i32>(h ^ (h >> 32));
}

/** `i` after an opening quote: the index of the closing quote, with `flags`; sixteen bytes at a time while there is nothing to look at. */
function stringEnd(i: i32, end: i32): i32 {
  const quote = i8x16.splat(0x22);
  const backslash = i8x16.splat(0x5c);
  const space = i8x16.splat(0x20);
  const high = i8x16.splat(0x7f);
  let f = 0;
  while (true) {
    while (i + 16 <= end) {
      const v = v128.load(i);
      const m = v128.or(v128.or(i8x16.eq(v, quote), i8x16.eq(v, backslash)), v128.or(i8x16.lt_u(v, space), i8x16.gt_u(v, high)));
      const bits = i8x16.bitmask(m);
      if (bits != 0) {
        i += ctz(bits);
        break;
      }
      i += 16;
    }
    if (i >= end) return FALLBACK;
    const c = <u32>load<u8>(i);
    if (c == 0x22) {
      flags = f;
      return i;
    }
    if (c < 0x20) return FALLBACK;
    if (c == 0x5c) {
      i = escapeEnd(i, end);
      if (i < 0) return FALLBACK;
      f |= HAS_ESCAPE;
    } else {
      if (c >= 0x80) f |= HAS_NON_ASCII;
      i++;
    }
  }
  return FALLBACK;
}

function digitsEnd(i: i32, end: i32): i32 {
  while (i < end) {
    const c = <u32>load<u8>(i);
    if (c < 0x30 || c > 0x39) break;
    i++;
  }
  return i;
}

/** A number followed by something before `end` (a number touching the end might go on). */
function numberEnd(i: i32, end: i32): i32 {
  if (load<u8>(i) == 0x2d) i++;
  if (i >= end) return FALLBACK;
  const c = <u32>load<u8>(i);
  if (c == 0x30) i++;
  else if (c >= 0x31 && c <= 0x39) i = digitsEnd(i, end);
  else return FALLBACK;
  if (i < end && load<u8>(i) == 0x2e) {
    const start = ++i;
    i = digitsEnd(i, end);
    if (i == start) return FALLBACK;
  }
  if (i < end && (<u32>load<u8>(i) | 0x20) == 0x65) {
    i++;
    if (i < end && (load<u8>(i) == 0x2b || load<u8>(i) == 0x2d)) i++;
    const start = i;
    i = digitsEnd(i, end);
    if (i == start) return FALLBACK;
  }
  return i >= end ? FALLBACK : i;
}

/** `i` at "true", "false" or "null" (first letter `c`). */
function literalEnd(i: i32, end: i32, c: u32): i32 {
  if (c == 0x74) return i + 4 <= end && load<u32>(i) == 0x65757274 ? i + 4 : FALLBACK;
  if (c == 0x6e) return i + 4 <= end && load<u32>(i) == 0x6c6c756e ? i + 4 : FALLBACK;
  return i + 5 <= end && load<u32>(i) == 0x736c6166 && load<u8>(i + 4) == 0x65 ? i + 5 : FALLBACK;
}

/** `i` at a value: a scalar's end, or for a container the index after its opening bracket (pushed on the stack). */
function scalarEnd(i: i32, end: i32, c: u32): i32 {
  if (c == 0x22) {
    const q = stringEnd(i + 1, end);
    return q < 0 ? FALLBACK : q + 1;
  }
  if (c == 0x74 || c == 0x66 || c == 0x6e) return literalEnd(i, end, c);
  if (c == 0x2d || (c >= 0x30 && c <= 0x39)) return numberEnd(i, end);
  return FALLBACK;
}

/** `i` before a member name inside a skipped object: the index after its colon. */
function skippedName(i: i32, end: i32): i32 {
  i = ws(i, end);
  if (i >= end || load<u8>(i) != 0x22) return FALLBACK;
  const q = stringEnd(i + 1, end);
  if (q < 0) return FALLBACK;
  i = ws(q + 1, end);
  return i < end && load<u8>(i) == 0x3a ? i + 1 : FALLBACK;
}

/** `i` at a value of any depth: the index after it. Iterative: deep bodies cannot overflow a stack. */
function skipValue(i: i32, end: i32): i32 {
  let depth = 0;
  while (true) {
    i = ws(i, end);
    if (i >= end) return FALLBACK;
    const c = <u32>load<u8>(i);
    if (c == 0x7b || c == 0x5b) {
      const first = ws(i + 1, end);
      if (first >= end) return FALLBACK;
      if (<u32>load<u8>(first) == c + 2) {
        i = first + 1;
      } else {
        if (depth == STACK_MAX) return FALLBACK;
        store<u8>(STACK_AT + depth++, <u8>c);
        i = c == 0x7b ? skippedName(first, end) : first;
        if (i < 0) return FALLBACK;
        continue;
      }
    } else {
      i = scalarEnd(i, end, c);
      if (i < 0) return FALLBACK;
    }
    // A value ended: close containers until one goes on with a comma.
    while (true) {
      if (depth == 0) return i;
      i = ws(i, end);
      if (i >= end) return FALLBACK;
      const d = <u32>load<u8>(i);
      const open = <u32>load<u8>(STACK_AT + depth - 1);
      if (d == 0x2c) {
        i = open == 0x7b ? skippedName(i + 1, end) : i + 1;
        if (i < 0) return FALLBACK;
        break;
      }
      if (d != open + 2) return FALLBACK;
      depth--;
      i++;
    }
  }
  return FALLBACK;
}
