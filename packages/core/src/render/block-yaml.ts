import { stringify } from "yaml";

/**
 * kubectl reads YAML 1.1, where `yes`, `on` or `0755` are not strings; writing as 1.1 quotes them. Aliases are
 * off so shared objects are written out in full.
 */
export const YAML_OPTIONS = { version: "1.1", lineWidth: 0, aliasDuplicateObjects: false } as const;

/**
 * `stringify(value, YAML_OPTIONS)` for the plain data manifests hold, written directly: the library took 1.4 s
 * for the 7 MB of manifests of a 1 GB log, this 0.14 s. The layout (block maps and sequences, two spaces a level) is
 * written here; every scalar is written as the library writes it: a text that is plain in any YAML (letters
 * first, no indicator, not a 1.1 boolean or null) as is, any other as the library writes it as a map value
 * (remembered). undefined for what this does not write (a document that is not a map, a key that is not plain,
 * a text over several lines, a value that is not plain data): the caller then asks the library, so the text is
 * the library's either way.
 */
export function blockYaml(value: unknown): string | undefined {
  const lines: string[] = [];
  if (!isNode(value) || Array.isArray(value) || isEmpty(value) || !writeBlock(value, "", lines)) return undefined;
  return lines.join("");
}

type Node = Record<string, unknown> | unknown[];

function isNode(value: unknown): value is Node {
  if (Array.isArray(value)) return true;
  if (typeof value !== "object" || value === null) return false;
  const prototype: unknown = Object.getPrototypeOf(value);
  return prototype === Object.prototype || prototype === null;
}

function isEmpty(node: Node): boolean {
  return Array.isArray(node) ? node.length === 0 : Object.keys(node).length === 0;
}

/** The lines of a non-empty map or sequence at `indent`; false for what it cannot write. */
function writeBlock(node: Node, indent: string, lines: string[]): boolean {
  if (Array.isArray(node)) {
    for (const item of node) if (!writeEntry(`${indent}- `, item, `${indent}  `, lines)) return false;
    return true;
  }
  for (const [key, item] of Object.entries(node)) {
    const k = keyText(key);
    if (k === undefined || !writeEntry(`${indent}${k}:`, item, `${indent}  `, lines, true)) return false;
  }
  return true;
}

/**
 * One map member or sequence item: `head` then its value. A sequence item that is a map or sequence starts on
 * the dash's line; a map member's goes on the next lines, a level deeper.
 */
function writeEntry(head: string, value: unknown, deeper: string, lines: string[], member = false): boolean {
  if (!isNode(value)) {
    const text = scalar(value);
    if (text === undefined) return false;
    lines.push(`${head}${member ? " " : ""}${text}\n`);
    return true;
  }
  if (isEmpty(value)) {
    lines.push(`${head}${member ? " " : ""}${Array.isArray(value) ? "[]" : "{}"}\n`);
    return true;
  }
  if (member) {
    lines.push(`${head}\n`);
    return writeBlock(value, deeper, lines);
  }
  // The first line of the nested block goes after the dash: written at `deeper`, its indent replaced.
  const at = lines.length;
  if (!writeBlock(value, deeper, lines)) return false;
  lines[at] = head + lines[at]!.slice(deeper.length);
  return true;
}

/** Plain in YAML 1.1 and 1.2 alike: starts with a letter, words of unreserved characters, no ": " or " #". */
const PLAIN = /^[A-Za-z][\w./@=+-]*(?:[:][\w./@=+-]+)*(?: [\w./@=+-]+(?:[:][\w./@=+-]+)*)*$/;
/**
 * Letter-first texts YAML 1.1 reads as something else: its booleans and nulls, and an exponent alone (`e5`),
 * which its float pattern, all of whose parts are optional, takes for a number.
 */
const RESERVED = /^(?:y|Y|yes|Yes|YES|n|N|no|No|NO|true|True|TRUE|false|False|FALSE|on|On|ON|off|Off|OFF|null|Null|NULL|[eE][-+]?\d+)$/;

/** The library's texts for scalars and keys it quotes, by kind and text. */
const written = new Map<string, string | undefined>();
const MAX_REMEMBERED = 10_000;

function remembered(key: string, write: () => string | undefined): string | undefined {
  if (written.has(key)) return written.get(key);
  if (written.size >= MAX_REMEMBERED) written.clear();
  const text = write();
  written.set(key, text);
  return text;
}

/**
 * A map key, when it is plain; others (`y`, `1`, `---`...) the library quotes or not depending on where the key
 * sits (`---` opens a document only at the start of a line), so a map with one is left to it.
 */
function keyText(key: string): string | undefined {
  return PLAIN.test(key) && !RESERVED.test(key) ? key : undefined;
}

/** A scalar value as the library writes it; undefined for what is not one line of plain data. */
function scalar(value: unknown): string | undefined {
  if (typeof value === "string") {
    if (PLAIN.test(value) && !RESERVED.test(value)) return value;
    if (value === "") return '""';
    if (value.includes("\n") || value.includes("\r")) return undefined;
  } else if (typeof value !== "number" && typeof value !== "boolean" && value !== null) return undefined;
  const key = typeof value === "string" ? `s${value}` : Object.is(value, -0) ? "number-0" : `${typeof value}${String(value)}`;
  return remembered(key, () => libraryScalar(value));
}

/** How the library writes `value` as a map value ("k: <text>" on one line): the same as a sequence item. */
function libraryScalar(value: string | number | boolean | null): string | undefined {
  const line = stringify({ k: value }, YAML_OPTIONS);
  if (!line.startsWith("k: ") || line.indexOf("\n") !== line.length - 1) return undefined;
  return line.slice(3, -1);
}
