import { afterAll, describe, expect, it } from 'vitest';
import type { OrderServer } from '@server/app';
import { readTemplates } from '@server/promotions/read';
import { promotionMonth } from '@server/simulator/promo-month';
import { MISTAKE_KINDS } from '@server/simulator/promotions';
import { postOrders, promoFigures, storedReviews } from '../../support/promo-eval';
import { removeTempDirs, startServer, token } from './helpers';

let server: OrderServer | null = null;
afterAll(async () => {
  await server?.close();
  removeTempDirs();
});

describe('finance check on a simulated month (issue 20)', () => {
  it('holds every injected promotion difference over ¥5 as the orders are written, and nothing else', async () => {
    server = await startServer({ rateLimit: false });
    const floor = token(server, 'floor', 'sales-import').token;
    // the month is entered with the templates the server holds (the shipped ones on a new database)
    const month = promotionMonth(7, readTemplates(server.db), { days: 30, salesPerDay: 45 });
    await postOrders(server.url, floor, month.bodies);

    const stored = storedReviews(server.db);
    expect(stored.size).toBe(month.bodies.length);
    // every order was reviewed on entry: passed or held, none left pending
    expect([...stored.values()].filter((s) => s.reviewStatus !== 'passed' && s.reviewStatus !== 'held')).toEqual([]);

    const f = promoFigures(month.truth, stored);
    expect(f.injected).toBeGreaterThan(50);
    expect(f.recall).toBe(1);
    expect(f.falseFlags).toBe(0);
    expect(f.flagged).toBe(f.injected);
    expect(f.expectedMismatches).toBe(0);
    expect(f.errorPctWithoutHolds).toBeGreaterThan(2);
    expect(f.errorPctWithHolds).toBe(0);

    // each held order names its numbers in a payment_hold event, and the server's difference is the simulator's
    for (const [orderNo, t] of month.truth) {
      const s = stored.get(orderNo)!;
      if (s.reviewStatus !== 'held') continue;
      expect(s.holds, orderNo).toBeGreaterThan(0);
      expect(Math.abs(s.discountDifference! - (t.actual - t.expected)), orderNo).toBeLessThanOrEqual(0.011);
    }
    // every kind of mistake was made and held, 天猫 cross-store baskets checked as wholes among them
    for (const kind of MISTAKE_KINDS) {
      const made = [...month.truth.values()].filter((t) => t.kind === kind);
      expect(made.length, kind).toBeGreaterThan(2);
      expect(made.every((t) => stored.get(t.orderNo)?.reviewStatus === 'held'), kind).toBe(true);
    }
  });
});
