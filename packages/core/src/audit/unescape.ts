/**
 * The UTF-8 bytes of a JSON string's text. CloudWatch Logs delivers each audit event as a string inside its
 * record (`"message":"{\"kind\":\"Event\",...}"`); unescaping to bytes lets the same byte reader decode it.
 */
import { BACKSLASH } from "./json-scan.ts";

const SHORT_ESCAPES: Record<number, number> = { 0x22: 0x22, 0x5c: 0x5c, 0x2f: 0x2f, 0x62: 0x08, 0x66: 0x0c, 0x6e: 0x0a, 0x72: 0x0d, 0x74: 0x09 };

/** A reusable output buffer that grows to the longest message seen. */
export class Unescaper {
  private out = Buffer.allocUnsafe(1 << 16);

  /** b[start, end) is the contents of a valid JSON string (as checked by StringScan); returns a view of its text. */
  bytes(b: Uint8Array, start: number, end: number): Buffer {
    // Unescaped text is never longer than its escaped form.
    if (this.out.length < end - start) this.out = Buffer.allocUnsafe(Math.max(end - start, this.out.length * 2));
    const out = this.out;
    let n = 0;
    let i = start;
    while (i < end) {
      const c = b[i]!;
      if (c !== BACKSLASH) {
        out[n++] = c;
        i++;
        continue;
      }
      const e = b[i + 1]!;
      if (e !== 0x75) {
        out[n++] = SHORT_ESCAPES[e]!;
        i += 2;
        continue;
      }
      let code = hex4(b, i + 2);
      i += 6;
      if (code >= 0xd800 && code <= 0xdbff && b[i] === BACKSLASH && b[i + 1] === 0x75) {
        const low = hex4(b, i + 2);
        if (low >= 0xdc00 && low <= 0xdfff) {
          code = 0x10000 + ((code - 0xd800) << 10) + (low - 0xdc00);
          i += 6;
        }
      }
      n = utf8(out, n, code);
    }
    return out.subarray(0, n);
  }
}

function hex4(b: Uint8Array, i: number): number {
  let v = 0;
  for (let k = i; k < i + 4; k++) {
    const c = b[k]! | 0x20;
    v = v * 16 + (c <= 0x39 ? c - 0x30 : c - 0x57);
  }
  return v;
}

/** Writes `code` as UTF-8 (a lone surrogate as U+FFFD, as a UTF-8 decoder would read it); returns the new length. */
function utf8(out: Uint8Array, n: number, code: number): number {
  if (code >= 0xd800 && code <= 0xdfff) code = 0xfffd;
  if (code < 0x80) {
    out[n++] = code;
  } else if (code < 0x800) {
    out[n++] = 0xc0 | (code >> 6);
    out[n++] = 0x80 | (code & 0x3f);
  } else if (code < 0x10000) {
    out[n++] = 0xe0 | (code >> 12);
    out[n++] = 0x80 | ((code >> 6) & 0x3f);
    out[n++] = 0x80 | (code & 0x3f);
  } else {
    out[n++] = 0xf0 | (code >> 18);
    out[n++] = 0x80 | ((code >> 12) & 0x3f);
    out[n++] = 0x80 | ((code >> 6) & 0x3f);
    out[n++] = 0x80 | (code & 0x3f);
  }
  return n;
}
