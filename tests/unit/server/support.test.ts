import { describe, expect, it } from 'vitest';
import { ArgError, parseArgs } from '@server/cli/args';
import { scaledClock } from '@server/clock';
import { DueHeap } from '@server/simulator/heap';
import { Rng, seedOf } from '@server/simulator/prng';

describe('Rng', () => {
  it('is deterministic and stays in range', () => {
    const a = new Rng(7);
    const b = new Rng(7);
    const xs = Array.from({ length: 1000 }, () => a.next());
    expect(Array.from({ length: 1000 }, () => b.next())).toEqual(xs);
    expect(xs.every((x) => x >= 0 && x < 1)).toBe(true);
    expect(new Rng(8).next()).not.toBe(xs[0]);
    const r = new Rng(1);
    for (let i = 0; i < 1000; i++) {
      const n = r.int(3, 6);
      expect(n >= 3 && n <= 6 && Number.isInteger(n)).toBe(true);
    }
    expect(seedOf('peak')).toBe(seedOf('peak'));
    expect(new Set(new Rng(3).sample([1, 2, 3, 4, 5], 5)).size).toBe(5);
  });
});

describe('DueHeap', () => {
  it('pops in due order', () => {
    const h = new DueHeap<{ due: number }>();
    const r = new Rng(5);
    const dues = Array.from({ length: 500 }, () => r.int(0, 10_000));
    for (const due of dues) h.push({ due });
    const out: number[] = [];
    while (h.size) out.push(h.pop()?.due ?? -1);
    expect(out).toEqual([...dues].sort((a, b) => a - b));
  });
});

describe('scaledClock', () => {
  it('runs at its rate from its start', () => {
    let real = 1_000;
    const c = scaledClock(5_000_000, 60, () => real);
    expect(c.now()).toBe(5_000_000);
    real += 1_000;
    expect(c.now()).toBe(5_060_000);
    expect(c.rate).toBe(60);
  });
});

describe('parseArgs', () => {
  const err = (argv: string[]) => {
    try {
      parseArgs(argv);
    } catch (e) {
      if (e instanceof ArgError) return e.message;
      throw e;
    }
    return 'no error';
  };

  it('parses serve and token create', () => {
    expect(parseArgs(['serve', '--db', 'a.db', '--port', '0'])).toEqual({ kind: 'serve', db: 'a.db', port: 0, host: '127.0.0.1', simulate: null });
    expect(parseArgs(['serve', '--db', 'a.db', '--port', '0', '--no-snapshots'])).toEqual({ kind: 'serve', db: 'a.db', port: 0, host: '127.0.0.1', simulate: null, snapshots: false });
    expect(parseArgs(['serve', '--db=a.db', '--port', '8080', '--host', '0.0.0.0', '--simulate', '--seed', '42', '--speed', '60'])).toEqual({
      kind: 'serve', db: 'a.db', port: 8080, host: '0.0.0.0', simulate: { seed: 42, speed: 60 },
    });
    expect(parseArgs(['token', 'create', '--db', 'a.db', '--role', 'floor', '--name', 'ws1', '--expires-days', '30'])).toEqual({
      kind: 'token-create', db: 'a.db', role: 'floor', name: 'ws1', expiresDays: 30,
    });
  });

  it('names the flag in one line', () => {
    expect(err(['serve', '--port', '1'])).toMatch(/^--db: required/);
    expect(err(['serve', '--db', 'a', '--port', 'eighty'])).toMatch(/^--port:/);
    expect(err(['serve', '--db', 'a', '--port', '70000'])).toMatch(/^--port:/);
    expect(err(['serve', '--db', 'a', '--port', '1', '--speed', '5'])).toMatch(/^--speed: only with --simulate/);
    expect(err(['serve', '--db', 'a', '--port', '1', '--simulate', '--speed', '0'])).toMatch(/^--speed:/);
    expect(err(['serve', '--db', 'a', '--port', '1', '--colour', 'red'])).toMatch(/^--colour: unknown flag/);
    expect(err(['serve', '--db', '--port', '1'])).toMatch(/^--db: a value is required/);
    expect(err(['token', 'create', '--db', 'a', '--role', 'admin', '--name', 'x'])).toMatch(/^--role:/);
    expect(err(['token', 'create', '--db', 'a', '--role', 'viewer'])).toMatch(/^--name: required/);
    expect(err(['launch'])).toMatch(/unknown command/);
  });
});
