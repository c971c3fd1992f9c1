/**
 * The reconciliation's arithmetic, pure: orders (each already checked) folded into channel × day
 * cells and a totals row. Money is summed in fen (integers) and given back in yuan, so a month of
 * orders adds up to the cent whatever the order of addition — the totals row equals the sum of its
 * cells exactly, and the xlsx's totals equal the table's.
 */
import { CHANNELS, type Channel } from '@shared/vocab';
import { EMPTY_SUMS, type ReconCell, type ReconOrder, type ReconSums } from '@shared/reconciliation';

const fen = (yuan: number) => Math.round(yuan * 100);
const yuan = (f: number) => f / 100;

/** Running sums in fen. */
interface Acc {
  orders: number;
  amount: number;
  expected: number;
  actual: number;
  difference: number;
  flagged: number;
  flaggedDifference: number;
  held: number;
}
const emptyAcc = (): Acc => ({ orders: 0, amount: 0, expected: 0, actual: 0, difference: 0, flagged: 0, flaggedDifference: 0, held: 0 });

function add(acc: Acc, o: ReconOrder): void {
  const diff = fen(o.actual) - fen(o.expected);
  acc.orders += 1;
  acc.amount += fen(o.amount);
  acc.expected += fen(o.expected);
  acc.actual += fen(o.actual);
  acc.difference += diff;
  if (o.flagged) {
    acc.flagged += 1;
    acc.flaggedDifference += diff;
  }
  if (o.review === 'held') acc.held += 1;
}

const toSums = (a: Acc): ReconSums => ({
  orders: a.orders,
  amount: yuan(a.amount),
  expected: yuan(a.expected),
  actual: yuan(a.actual),
  difference: yuan(a.difference),
  flagged: a.flagged,
  flaggedDifference: yuan(a.flaggedDifference),
  held: a.held,
});

/** The sums of a list of orders. */
export function sumOrders(orders: readonly ReconOrder[]): ReconSums {
  if (orders.length === 0) return { ...EMPTY_SUMS };
  const acc = emptyAcc();
  for (const o of orders) add(acc, o);
  return toSums(acc);
}

/** The totals of cells (or of any sums): exact, because every cell's money is whole fen. */
export function sumCells(cells: readonly ReconSums[]): ReconSums {
  const acc = emptyAcc();
  for (const c of cells) {
    acc.orders += c.orders;
    acc.amount += fen(c.amount);
    acc.expected += fen(c.expected);
    acc.actual += fen(c.actual);
    acc.difference += fen(c.difference);
    acc.flagged += c.flagged;
    acc.flaggedDifference += fen(c.flaggedDifference);
    acc.held += c.held;
  }
  return toSums(acc);
}

/**
 * One cell per channel and day that has orders, sorted by day then by the channel's place in
 * CHANNELS (the order the desk shows them), and the totals of them all.
 */
export function reconcile(orders: readonly ReconOrder[]): { cells: ReconCell[]; totals: ReconSums } {
  const byKey = new Map<string, { channel: Channel; day: string; acc: Acc }>();
  for (const o of orders) {
    const key = `${o.day}|${o.channel}`;
    let cell = byKey.get(key);
    if (!cell) byKey.set(key, (cell = { channel: o.channel, day: o.day, acc: emptyAcc() }));
    add(cell.acc, o);
  }
  const rank = (c: Channel) => CHANNELS.indexOf(c);
  const cells = [...byKey.values()]
    .sort((a, b) => (a.day === b.day ? rank(a.channel) - rank(b.channel) : a.day < b.day ? -1 : 1))
    .map((c) => ({ channel: c.channel, day: c.day, ...toSums(c.acc) }));
  return { cells, totals: sumCells(cells) };
}

/** A cell's orders as the drill-down lists them: the biggest difference first (what makes the gap). */
export function cellOrders(orders: readonly ReconOrder[], channel: Channel, day: string, flaggedOnly = false): ReconOrder[] {
  return orders
    .filter((o) => o.channel === channel && o.day === day && (!flaggedOnly || o.flagged))
    .sort((a, b) => Math.abs(b.difference) - Math.abs(a.difference) || (a.orderNo < b.orderNo ? -1 : 1));
}
