/**
 * A small seeded PRNG (sfc32) with the handful of Python `random.Random` methods the synthetic
 * audit-log generator uses, so that a seed reproduces the same log on every machine.
 */
export class Random {
  private a: number;
  private b: number;
  private c: number;
  private d: number;

  constructor(seed: number) {
    this.a = 0x9e3779b9;
    this.b = 0x243f6a88;
    this.c = 0xb7e15162;
    this.d = seed >>> 0;
    // sfc32 needs a few rounds before its output stops echoing the seed.
    for (let i = 0; i < 16; i++) this.next32();
  }

  next32(): number {
    const t = (((this.a + this.b) | 0) + this.d) | 0;
    this.d = (this.d + 1) | 0;
    this.a = this.b ^ (this.b >>> 9);
    this.b = (this.c + (this.c << 3)) | 0;
    this.c = (this.c << 21) | (this.c >>> 11);
    this.c = (this.c + t) | 0;
    return t >>> 0;
  }

  /** [0, 1) with 53 random bits, like Python's random(). */
  random(): number {
    return ((this.next32() >>> 5) * 67108864 + (this.next32() >>> 6)) / 9007199254740992;
  }

  /** [0, n) */
  randrange(n: number): number {
    return Math.floor(this.random() * n);
  }

  /** [lo, hi], both inclusive. */
  randint(lo: number, hi: number): number {
    return lo + this.randrange(hi - lo + 1);
  }

  choice<T>(items: readonly T[]): T {
    return items[this.randrange(items.length)] as T;
  }

  /** k distinct items in random order. */
  sample<T>(items: readonly T[], k: number): T[] {
    const pool = items.slice();
    for (let i = 0; i < k; i++) {
      const j = i + this.randrange(pool.length - i);
      [pool[i], pool[j]] = [pool[j] as T, pool[i] as T];
    }
    return pool.slice(0, k);
  }

  /** 128 random bits as 4 unsigned 32-bit words. */
  bits128(): [number, number, number, number] {
    return [this.next32(), this.next32(), this.next32(), this.next32()];
  }
}

/** Picks by weight in O(log n), like Python's random.choices(items, weights)[0]. */
export class WeightedChoice<T> {
  private readonly cumulative: number[] = [];
  private readonly total: number;

  constructor(
    private readonly items: readonly T[],
    weights: readonly number[],
  ) {
    let sum = 0;
    for (const w of weights) this.cumulative.push((sum += w));
    this.total = sum;
  }

  pick(rnd: Random): T {
    const x = rnd.random() * this.total;
    let lo = 0;
    let hi = this.cumulative.length - 1;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if ((this.cumulative[mid] as number) > x) hi = mid;
      else lo = mid + 1;
    }
    return this.items[lo] as T;
  }
}
