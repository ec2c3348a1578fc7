/** A seeded PRNG (mulberry32): the demo must come out byte-identical on every run. */
export function seededRandom(seed: number) {
  let state = seed >>> 0;
  const next = (): number => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const int = (below: number): number => Math.floor(next() * below);
  const hex = (length: number): string => Array.from({ length }, () => int(16).toString(16)).join("");
  return {
    next,
    int,
    pick<T>(items: readonly T[]): T {
      return items[int(items.length)] as T;
    },
    chance: (p: number): boolean => next() < p,
    hex,
    uuid: (): string => `${hex(8)}-${hex(4)}-4${hex(3)}-${"89ab"[int(4)]}${hex(3)}-${hex(12)}`,
  };
}

export type Random = ReturnType<typeof seededRandom>;
