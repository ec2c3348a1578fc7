/**
 * Reads a string written with Go's %q (strconv.Quote), as the API server quotes names in RBAC reasons.
 * Returns the text and the index just past the closing quote, or undefined when `s` has no quoted string
 * at `start`.
 */
export function readGoQuoted(s: string, start: number): { value: string; end: number } | undefined {
  if (s[start] !== '"') return undefined;
  const bytes: number[] = [];
  for (let i = start + 1; i < s.length; ) {
    const c = s[i]!;
    if (c === '"') return { value: new TextDecoder().decode(new Uint8Array(bytes)), end: i + 1 };
    if (c !== "\\") {
      const cp = s.codePointAt(i)!;
      const char = String.fromCodePoint(cp);
      bytes.push(...new TextEncoder().encode(char));
      i += char.length;
      continue;
    }
    const escape = readEscape(s, i + 1);
    if (escape === undefined) return undefined;
    bytes.push(...escape.bytes);
    i = escape.end;
  }
  return undefined;
}

const SIMPLE: Readonly<Record<string, number>> = {
  a: 7, b: 8, f: 12, n: 10, r: 13, t: 9, v: 11, "\\": 92, '"': 34,
};

/** One escape after a backslash: `\n`, `\xff` (a raw byte), `\377` (octal byte), `\u00e9`, `\U0001f600`. */
function readEscape(s: string, i: number): { bytes: number[]; end: number } | undefined {
  const c = s[i];
  if (c === undefined) return undefined;
  const simple = SIMPLE[c];
  if (simple !== undefined) return { bytes: [simple], end: i + 1 };
  if (c === "x") return number(s, i + 1, 2, 16, (n) => [n]);
  if (c >= "0" && c <= "7") return number(s, i, 3, 8, (n) => (n > 255 ? undefined : [n]));
  const utf8 = (n: number) => (n > 0x10ffff ? undefined : [...new TextEncoder().encode(String.fromCodePoint(n))]);
  if (c === "u") return number(s, i + 1, 4, 16, utf8);
  if (c === "U") return number(s, i + 1, 8, 16, utf8);
  return undefined;
}

function number(
  s: string,
  i: number,
  digits: number,
  radix: 8 | 16,
  toBytes: (n: number) => number[] | undefined,
): { bytes: number[]; end: number } | undefined {
  const text = s.slice(i, i + digits);
  const pattern = radix === 16 ? /^[0-9a-fA-F]+$/ : /^[0-7]+$/;
  if (text.length !== digits || !pattern.test(text)) return undefined;
  const bytes = toBytes(parseInt(text, radix));
  return bytes && { bytes, end: i + digits };
}
