/**
 * Audit IDs as fixed-width keys. The API server gives every request a UUID (36 characters), which packs
 * exactly, losslessly, into 16 bytes: de-duplication then keeps four integers per ID instead of a string or
 * its characters, and compares integers. Only the canonical lowercase form packs, so that unpacking gives back
 * the very text; any other ID (clients may send their own Audit-ID header) has no packed form.
 */

/** Int32 words per packed ID. */
export const KEY_WORDS = 4;

const UUID_LENGTH = 36;
const DASH = 45;

/** Where the 32 hex digits of a UUID are, past its dashes. */
const DIGIT_AT = Uint8Array.from({ length: 32 }, (_, k) => k + (k >= 8 ? 1 : 0) + (k >= 12 ? 1 : 0) + (k >= 16 ? 1 : 0) + (k >= 20 ? 1 : 0));
const NOT_HEX = 0x10;
/** Digit values of 0-9 and a-f only (an uppercase UUID would unpack to other text); NOT_HEX for the rest. */
const HEX = Uint8Array.from({ length: 128 }, (_, c) => (c >= 48 && c <= 57 ? c - 48 : c >= 97 && c <= 102 ? c - 87 : NOT_HEX));

/** A UUID's characters, for `packUuid` to pack as bytes. */
const scratch = new Uint8Array(UUID_LENGTH);

/** Packs `id` into `into[at .. at + KEY_WORDS)`; false (and `into` unusable) when `id` is not a canonical UUID. */
export function packUuid(id: string, into: Int32Array, at: number): boolean {
  if (id.length !== UUID_LENGTH) return false;
  for (let k = 0; k < UUID_LENGTH; k++) {
    const c = id.charCodeAt(k);
    // Not ASCII: not a UUID (and not to be truncated into a byte that would read as one).
    if (c >= 128) return false;
    scratch[k] = c;
  }
  return packUuidBytes(scratch, 0, UUID_LENGTH, into, at);
}

/**
 * `packUuid` of the text of `bytes[start, end)`, read as ASCII: the decoders pack an event's auditID from the
 * input itself, so the ID never becomes a string (one fewer per request).
 */
export function packUuidBytes(bytes: Uint8Array, start: number, end: number, into: Int32Array, at: number): boolean {
  if (end - start !== UUID_LENGTH || bytes[start + 8] !== DASH || bytes[start + 13] !== DASH || bytes[start + 18] !== DASH || bytes[start + 23] !== DASH) return false;
  // Every digit's table value is OR-ed into `seen`, which a bad one marks: one check at the end.
  let seen = 0;
  for (let word = 0, d = 0; word < KEY_WORDS; word++) {
    let value = 0;
    for (const last = d + 8; d < last; d++) {
      const c = bytes[start + DIGIT_AT[d]!]!;
      const digit = c < 128 ? HEX[c]! : NOT_HEX;
      seen |= digit;
      value = (value << 4) | (digit & 15);
    }
    into[at + word] = value;
  }
  return (seen & NOT_HEX) === 0;
}

/** The ID `packUuid` packed at `at`. */
export function unpackUuid(from: Int32Array, at: number): string {
  let hex = "";
  for (let word = 0; word < KEY_WORDS; word++) hex += (from[at + word]! >>> 0).toString(16).padStart(8, "0");
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

/** A hash of a packed ID, never 0: its words mixed (murmur3's finaliser), as IDs need not be random. */
export function hashOfKey(keys: Int32Array, at: number): number {
  let h = keys[at]! ^ Math.imul(keys[at + 1]!, 0x9e3779b1) ^ Math.imul(keys[at + 2]!, 0x85ebca77) ^ Math.imul(keys[at + 3]!, 0xc2b2ae3d);
  h = Math.imul(h ^ (h >>> 16), 0x85ebca6b);
  h = Math.imul(h ^ (h >>> 13), 0xc2b2ae35);
  h ^= h >>> 16;
  return h === 0 ? 1 : h;
}

export function copyKey(from: Int32Array, at: number, to: Int32Array, into: number): void {
  to[into] = from[at]!;
  to[into + 1] = from[at + 1]!;
  to[into + 2] = from[at + 2]!;
  to[into + 3] = from[at + 3]!;
}

export function sameKey(a: Int32Array, at: number, b: Int32Array, bt: number): boolean {
  return a[at] === b[bt] && a[at + 1] === b[bt + 1] && a[at + 2] === b[bt + 2] && a[at + 3] === b[bt + 3];
}
