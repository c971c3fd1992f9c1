// The reconciliation's arithmetic (issue 20 item 3), pure: cells per channel and day, totals equal
// to the sum of the cells to the fen, flagged and held counted, the drill-down's order.
import { describe, expect, it } from 'vitest';
import { cellOrders, reconcile, sumCells, sumOrders } from '@main/promotions/aggregate';
import type { ReconOrder } from '@shared/reconciliation';
import { CHANNELS } from '@shared/vocab';

function order(no: number, o: Partial<ReconOrder>): ReconOrder {
  const expected = o.expected ?? 100;
  const actual = o.actual ?? expected;
  const difference = Math.round((actual - expected) * 100) / 100;
  return {
    orderId: `o${no}`, orderNo: `DD${String(no).padStart(6, '0')}`, channel: 'douyin', day: '2026-11-11', signedAt: null, amount: 5000,
    template: 'DY-5000-800', basketId: null, expected, actual, difference, flagged: Math.abs(difference) > 5, review: 'passed', checkedBy: 'server', ...o,
  };
}

describe('reconcile', () => {
  it('folds orders into one cell per channel and day, sorted by day then channel', () => {
    const orders = [
      order(1, { channel: 'tmall', day: '2026-11-12' }),
      order(2, { channel: 'douyin', day: '2026-11-12', actual: 900, expected: 800, review: 'held' }),
      order(3, { channel: 'douyin', day: '2026-11-11' }),
      order(4, { channel: 'douyin', day: '2026-11-12', actual: 802, expected: 800 }),
    ];
    const { cells, totals } = reconcile(orders);
    expect(cells.map((c) => `${c.day} ${c.channel} ${c.orders}`)).toEqual(['2026-11-11 douyin 1', '2026-11-12 douyin 2', '2026-11-12 tmall 1']);
    const dy = cells[1]!;
    expect(dy).toMatchObject({ amount: 10000, expected: 1600, actual: 1702, difference: 102, flagged: 1, flaggedDifference: 100, held: 1 });
    expect(totals).toMatchObject({ orders: 4, amount: 20000, expected: 1800, actual: 1902, difference: 102, flagged: 1, flaggedDifference: 100, held: 1 });
  });

  it('adds up to the fen: the totals row equals the sum of the cells and of the orders', () => {
    // 3 × 0.1 is 0.30000000000000004 in floating point; the sums must say 0.3
    const orders = [0, 1, 2].map((i) => order(i, { amount: 0.1, expected: 0.1, actual: 0.2, channel: CHANNELS[i]! }));
    const { cells, totals } = reconcile(orders);
    expect(totals.amount).toBe(0.3);
    expect(totals.difference).toBe(0.3);
    expect(sumCells(cells)).toEqual(totals);
    expect(sumOrders(orders)).toEqual(totals);
  });

  it('a month of random orders: totals equal Σ cells and Σ orders exactly, flagged = |difference| > 5', () => {
    let seed = 7;
    const rnd = () => ((seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31);
    const orders: ReconOrder[] = [];
    for (let i = 0; i < 3000; i++) {
      const expected = Math.round(rnd() * 80000) / 100;
      const actual = rnd() < 0.05 ? Math.round((expected + (rnd() - 0.3) * 900) * 100) / 100 : expected;
      orders.push(order(i, { day: `2026-11-${String(1 + Math.floor(rnd() * 30)).padStart(2, '0')}`, channel: CHANNELS[Math.floor(rnd() * 5)]!, amount: Math.round(rnd() * 3e6) / 100, expected, actual }));
    }
    const { cells, totals } = reconcile(orders);
    expect(cells.reduce((s, c) => s + c.orders, 0)).toBe(3000);
    expect(sumCells(cells)).toEqual(totals);
    const fen = (x: number) => Math.round(x * 100);
    expect(fen(totals.difference)).toBe(orders.reduce((s, o) => s + fen(o.actual) - fen(o.expected), 0));
    expect(totals.flagged).toBe(orders.filter((o) => Math.abs(o.actual - o.expected) > 5).length);
    expect(totals.flagged).toBeGreaterThan(50);
  });

  it('no orders: no cells, zero totals', () => {
    expect(reconcile([])).toEqual({ cells: [], totals: { orders: 0, amount: 0, expected: 0, actual: 0, difference: 0, flagged: 0, flaggedDifference: 0, held: 0 } });
  });
});

describe('cellOrders', () => {
  it('lists one cell’s orders, the biggest difference first, flagged only on request', () => {
    const orders = [
      order(1, { actual: 810, expected: 800 }),
      order(2, { actual: 600, expected: 800 }),
      order(3, { actual: 800, expected: 800 }),
      order(4, { channel: 'jd', actual: 5000, expected: 0 }),
      order(5, { day: '2026-11-12', actual: 5000, expected: 0 }),
    ];
    expect(cellOrders(orders, 'douyin', '2026-11-11').map((o) => o.orderId)).toEqual(['o2', 'o1', 'o3']);
    expect(cellOrders(orders, 'douyin', '2026-11-11', true).map((o) => o.orderId)).toEqual(['o2', 'o1']);
  });
});
