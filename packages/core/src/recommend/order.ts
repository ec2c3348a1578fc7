/**
 * Ordering by UTF-16 code units, never by locale: output must be byte-identical on every machine,
 * and `localeCompare` depends on the runtime's ICU data.
 */
export function compareText(a: string, b: string): number {
  // Equality first: equal texts are usually one shared string, which compares at once.
  return a === b ? 0 : a < b ? -1 : 1;
}

/** Compares tuples of strings and numbers element by element; the first difference decides. */
export function compareTuples(a: readonly (string | number)[], b: readonly (string | number)[]): number {
  for (let i = 0; i < Math.min(a.length, b.length); i++) {
    const x = a[i]!;
    const y = b[i]!;
    const order = typeof x === "number" && typeof y === "number" ? x - y : compareText(String(x), String(y));
    if (order !== 0) return Math.sign(order);
  }
  return a.length - b.length;
}

/** The distinct values, sorted. Sorted first and repeats then dropped: no Set for the one or two values most lists hold. */
export function sortedText(values: Iterable<string>): string[] {
  const sorted = Array.isArray(values) ? values.slice() : [...values];
  if (sorted.length < 2) return sorted;
  sorted.sort(compareText);
  let kept = 1;
  for (let k = 1; k < sorted.length; k++) if (sorted[k] !== sorted[kept - 1]) sorted[kept++] = sorted[k]!;
  if (kept < sorted.length) sorted.length = kept;
  return sorted;
}
