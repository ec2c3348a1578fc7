/**
 * The bytes of a record that a chunk boundary cut: kept until the rest arrives. Grows by doubling, so a
 * record spanning many chunks is copied O(size) times in total, not once per chunk.
 */
export class CarryOver {
  private buf = Buffer.allocUnsafe(1 << 16);
  length = 0;

  get bytes(): Buffer {
    return this.buf;
  }

  append(chunk: Uint8Array): void {
    const needed = this.length + chunk.length;
    if (needed > this.buf.length) {
      const grown = Buffer.allocUnsafe(Math.max(needed, this.buf.length * 2));
      this.buf.copy(grown, 0, 0, this.length);
      this.buf = grown;
    }
    this.buf.set(chunk, this.length);
    this.length = needed;
  }

  /** Forgets the first `n` bytes. */
  drop(n: number): void {
    this.buf.copyWithin(0, n, this.length);
    this.length -= n;
    // Give back the memory of a huge record once it is gone.
    if (this.length < 1 << 16 && this.buf.length > 1 << 20) this.buf = Buffer.from(this.buf.subarray(0, this.length));
  }
}
