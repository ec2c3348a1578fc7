/**
 * Writes JSON the way log shippers may: keys in any order, any whitespace (newlines included), and
 * characters, key names too, written as \uXXXX escapes. Deterministic for a seed.
 */
const WHITESPACE = ["", "", "", " ", "\t", "\n", "\r\n  "];

export class JsonWriter {
  private state: number;

  constructor(seed: number) {
    this.state = seed >>> 0 || 1;
  }

  write(v: unknown): string {
    if (typeof v === "string") return this.string(v);
    if (Array.isArray(v)) return `[${v.map((x) => this.ws() + this.write(x) + this.ws()).join(",")}]`;
    if (typeof v === "object" && v !== null) {
      const entries = Object.entries(v).filter(([, x]) => x !== undefined);
      const shuffled = entries.map((e) => [this.next(), e] as const).sort((a, b) => a[0] - b[0]).map(([, e]) => e);
      return `{${shuffled.map(([k, x]) => `${this.ws()}${this.string(k)}${this.ws()}:${this.ws()}${this.write(x)}${this.ws()}`).join(",")}}`;
    }
    return JSON.stringify(v);
  }

  private string(s: string): string {
    const quoted = JSON.stringify(s);
    let out = "\"";
    for (let i = 1; i < quoted.length - 1; i++) {
      const c = quoted[i]!;
      if (c === "\\") {
        const len = quoted[i + 1] === "u" ? 6 : 2;
        out += quoted.slice(i, i + len);
        i += len - 1;
      } else {
        // A surrogate pair is escaped as a whole or not at all: half of one raw would not survive UTF-8.
        const unit = /[\ud800-\udbff]/.test(c) ? quoted.slice(i, i + 2) : c;
        i += unit.length - 1;
        out += this.next() < 0.15 ? Array.from({ length: unit.length }, (_, k) => `\\u${unit.charCodeAt(k).toString(16).padStart(4, "0")}`).join("") : unit;
      }
    }
    return out + "\"";
  }

  private ws(): string {
    return WHITESPACE[Math.floor(this.next() * WHITESPACE.length)]!;
  }

  /** xorshift32 in [0, 1) */
  private next(): number {
    let x = this.state;
    x ^= x << 13;
    x ^= x >>> 17;
    x ^= x << 5;
    this.state = x >>> 0;
    return this.state / 4294967296;
  }
}
