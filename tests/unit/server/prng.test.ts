/**
 * Sampling without replacement: big pools (a 1M-order backlog shuffles 1M profiles) use a Fenwick
 * tree instead of splicing, and must pick exactly what splicing picks for the same seed, so every
 * seeded world stays the same world.
 */
import { describe, expect, it } from 'vitest';
import { Rng } from '@server/simulator/prng';

/** The plain way: each pick is the j-th of the items left. */
function spliced(rng: Rng, items: readonly number[], n: number): number[] {
  const pool = [...items];
  const out: number[] = [];
  while (out.length < n && pool.length > 0) out.push(pool.splice(Math.floor(rng.next() * pool.length), 1)[0]!);
  return out;
}

describe('Rng.sample', () => {
  it.each([
    [5000, 5000, 1],
    [9999, 9999, 2],
    [20000, 137, 3],
    [65536, 65536, 4],
    [100_001, 3, 5],
  ])('picks over %i items (%i of them) exactly what splicing picks', (size, n, seed) => {
    const items = Array.from({ length: size }, (_, i) => i * 7);
    const a = new Rng(seed);
    const b = new Rng(seed);
    expect(a.sample(items, n)).toEqual(spliced(b, items, n));
    // and leaves the generator in the same place
    expect(a.next()).toBe(b.next());
  });

  it('asks for more than there are: all of them, each once', () => {
    const items = Array.from({ length: 6000 }, (_, i) => i);
    const out = new Rng(9).sample(items, 10_000);
    expect(out).toHaveLength(6000);
    expect(new Set(out).size).toBe(6000);
  });
});
