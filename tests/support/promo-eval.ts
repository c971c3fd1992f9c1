/**
 * Issue 20's evaluation of the finance check on a simulated month: the month's orders posted to a
 * real order server through the floor API (the server checks each as it is written), the review
 * the server stored read back, and the figures computed against the simulator's truth, which the
 * server never saw. Shared by the integration test and the bench.
 */
import { eq } from 'drizzle-orm';
import { FLAG_TOLERANCE_YUAN } from '@shared/promotions';
import type { ServerDb } from '@server/db/open';
import { events, orders } from '@server/db/schema';
import type { CreateOrderBody } from '@server/floor/schemas';
import { moneyErrorPct, type PromoTruth } from '@server/simulator/promotions';

/** Posts every body (a pool of `concurrency` requests, a basket's orders in order within one worker); throws on any refusal. */
export async function postOrders(baseUrl: string, token: string, bodies: readonly CreateOrderBody[], concurrency = 8): Promise<void> {
  // a basket's orders stay together and in order, as a sales channel sends them
  const sales: CreateOrderBody[][] = [];
  for (const b of bodies) {
    const last = sales[sales.length - 1];
    if (b.basketId && last?.[0]?.basketId === b.basketId) last.push(b);
    else sales.push([b]);
  }
  let next = 0;
  const worker = async () => {
    while (next < sales.length) {
      for (const body of sales[next++]!) {
        const res = await fetch(`${baseUrl}/api/v1/orders`, { method: 'POST', headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' }, body: JSON.stringify(body) });
        if (res.status !== 201) throw new Error(`POST ${body.orderNo} → ${res.status} ${await res.text()}`);
        await res.arrayBuffer().catch(() => undefined);
      }
    }
  };
  await Promise.all(Array.from({ length: concurrency }, worker));
}

export interface Reviewed {
  orderNo: string;
  reviewStatus: string;
  expectedDiscount: number | null;
  discountDifference: number | null;
  discountAmount: number | null;
  /** payment_hold events the order ever had (a basket's first order may be held until its sibling arrives) */
  holds: number;
}

/** The review the server stored for each order, by orderNo. */
export function storedReviews(db: ServerDb): Map<string, Reviewed> {
  const holds = new Map<string, number>();
  for (const e of db.select({ orderId: events.orderId }).from(events).where(eq(events.kind, 'payment_hold')).all()) holds.set(e.orderId, (holds.get(e.orderId) ?? 0) + 1);
  const out = new Map<string, Reviewed>();
  for (const o of db.select({ id: orders.id, orderNo: orders.orderNo, reviewStatus: orders.reviewStatus, expectedDiscount: orders.expectedDiscount, discountDifference: orders.discountDifference, discountAmount: orders.discountAmount }).from(orders).where(eq(orders.deleted, false)).all()) {
    const { id, ...rest } = o;
    out.set(o.orderNo, { ...rest, holds: holds.get(id) ?? 0 });
  }
  return out;
}

export interface PromoFigures {
  orders: number;
  /** orders the simulator entered with a difference over ¥5 */
  injected: number;
  flagged: number;
  /** flagged ÷ injected (flagged = held by the server's check) */
  recall: number;
  /** held orders without an injected difference over ¥5 */
  falseFlags: number;
  /** orders ever held that are passed now (a basket waiting for its sibling) */
  transientHolds: number;
  /** money error with holds: held orders are not paid */
  errorPctWithHolds: number;
  /** money error with everything paid as entered */
  errorPctWithoutHolds: number;
  /** orders where the server's expected discount differs from the simulator's by more than a fen */
  expectedMismatches: number;
}

/** The figures of issue 20 item 6 from the truth and what the server stored; every truth must have its order. */
export function promoFigures(truth: ReadonlyMap<string, PromoTruth>, stored: ReadonlyMap<string, Reviewed>): PromoFigures {
  let injected = 0;
  let caught = 0;
  let falseFlags = 0;
  let transientHolds = 0;
  let expectedMismatches = 0;
  const withHolds: { expected: number; actual: number; paid: boolean }[] = [];
  for (const [orderNo, t] of truth) {
    const s = stored.get(orderNo);
    if (!s) throw new Error(`order ${orderNo} is not on the server`);
    const wrong = Math.abs(t.actual - t.expected) > FLAG_TOLERANCE_YUAN;
    const held = s.reviewStatus === 'held';
    if (wrong) injected++;
    if (wrong && held) caught++;
    if (!wrong && held) falseFlags++;
    if (!held && s.holds > 0) transientHolds++;
    if (s.expectedDiscount === null || Math.abs(s.expectedDiscount - t.expected) > 0.011) expectedMismatches++;
    withHolds.push({ expected: t.expected, actual: t.actual, paid: !held });
  }
  return {
    orders: truth.size,
    injected,
    flagged: caught + falseFlags,
    recall: injected > 0 ? caught / injected : 1,
    falseFlags,
    transientHolds,
    errorPctWithHolds: moneyErrorPct(withHolds),
    errorPctWithoutHolds: moneyErrorPct(withHolds.map((r) => ({ ...r, paid: true }))),
    expectedMismatches,
  };
}
