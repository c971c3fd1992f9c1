/** A tiny seeded PRNG (mulberry32) and the draws the simulator needs. Same seed → same stream. */
export class Rng {
  private state: number;

  constructor(seed: number) {
    this.state = (Math.trunc(seed) ^ 0x9e3779b9) >>> 0;
  }

  /** uniform in [0, 1) */
  next(): number {
    this.state = (this.state + 0x6d2b79f5) >>> 0;
    let t = this.state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  }

  /** uniform float in [min, max) */
  range(min: number, max: number): number {
    return min + (max - min) * this.next();
  }

  /** uniform integer in [min, max] */
  int(min: number, max: number): number {
    return min + Math.floor(this.next() * (max - min + 1));
  }

  chance(p: number): boolean {
    return this.next() < p;
  }

  pick<T>(items: readonly T[]): T {
    if (items.length === 0) throw new RangeError('pick from an empty list');
    return items[Math.floor(this.next() * items.length)] as T;
  }

  /** an item with probability proportional to its weight */
  weighted<T>(items: readonly T[], weight: (item: T) => number): T {
    const total = items.reduce((s, it) => s + weight(it), 0);
    let r = this.next() * total;
    for (const it of items) {
      r -= weight(it);
      if (r < 0) return it;
    }
    return items[items.length - 1] as T;
  }

  /**
   * `n` of `items` without replacement: each pick is the j-th of those left, j uniform. Small pools
   * splice; big ones (a 1M-order backlog shuffles 1M profiles: splicing is quadratic, minutes) find
   * the j-th left in a Fenwick tree, which picks exactly the same items in the same order.
   */
  sample<T>(items: readonly T[], n: number): T[] {
    if (items.length > 4096) return this.sampleIndexed(items, n);
    const pool = [...items];
    const out: T[] = [];
    while (out.length < n && pool.length > 0) out.push(pool.splice(Math.floor(this.next() * pool.length), 1)[0] as T);
    return out;
  }

  private sampleIndexed<T>(items: readonly T[], n: number): T[] {
    const size = items.length;
    // tree[i] counts the items left in its range (1-based); all are there at first
    const tree = new Int32Array(size + 1);
    for (let i = 1; i <= size; i++) {
      tree[i]! += 1;
      const up = i + (i & -i);
      if (up <= size) tree[up]! += tree[i]!;
    }
    let top = 1;
    while (top * 2 <= size) top *= 2;
    const out: T[] = [];
    for (let left = size; out.length < n && left > 0; left--) {
      // the (j+1)-th item left, by descending the tree
      let rank = Math.floor(this.next() * left) + 1;
      let at = 0;
      for (let step = top; step > 0; step >>= 1) {
        if (at + step <= size && tree[at + step]! < rank) {
          at += step;
          rank -= tree[at]!;
        }
      }
      const picked = at + 1;
      out.push(items[picked - 1] as T);
      for (let i = picked; i <= size; i += i & -i) tree[i]! -= 1;
    }
    return out;
  }

  digits(n: number): string {
    let s = '';
    for (let i = 0; i < n; i++) s += String(this.int(0, 9));
    return s;
  }
}

/** A seed from any string or number (CLI --seed accepts both). */
export function seedOf(value: string | number): number {
  if (typeof value === 'number' && Number.isFinite(value)) return Math.trunc(value) >>> 0;
  let h = 2166136261;
  for (const ch of String(value)) {
    h ^= ch.codePointAt(0) ?? 0;
    h = Math.imul(h, 16777619) >>> 0;
  }
  return h;
}
