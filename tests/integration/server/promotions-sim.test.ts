import { afterAll, describe, expect, it } from 'vitest';
import { DEFAULT_SIM_START, type OrderServer } from '@server/app';
import { readTemplates } from '@server/promotions/read';
import { generateBacklog } from '@server/simulator/backlog';
import { promotionMonth } from '@server/simulator/promo-month';
import { MISTAKE_KINDS } from '@server/simulator/promotions';
import { postOrders, promoFigures, storedReviews } from '../../support/promo-eval';
import { removeTempDirs, startServer, token } from './helpers';

let server: OrderServer | null = null;
let live: OrderServer | null = null;
let seeded: OrderServer | null = null;
afterAll(async () => {
  await server?.close();
  await live?.close();
  await seeded?.close();
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

  it('the live simulator enters promotions the same way: its mistakes are held, its correct entries pass', async () => {
    live = await startServer({ simulate: { seed: 31, speed: 7200, live: true, backlogOrders: 100, tickMs: 50, ordersPerDay: 4000 } });
    const sim = live.simulator!;
    // run until it has sold enough to have made mistakes (the simulated clock runs 2 hours a second)
    for (let i = 0; i < 200 && [...sim.promoTruth.values()].filter((t) => t.kind).length < 15; i++) await new Promise((r) => setTimeout(r, 100));
    await sim.stop();
    const stored = storedReviews(live.db);
    // a basket cut short by the stop is checked on what arrived: compare whole baskets only
    const basketCount = new Map<string, number>();
    for (const t of sim.promoTruth.values()) if (t.basket) basketCount.set(t.basket.id, (basketCount.get(t.basket.id) ?? 0) + 1);
    const whole = new Map([...sim.promoTruth].filter(([, t]) => !t.basket || basketCount.get(t.basket.id) === t.basket.size));
    expect(whole.size).toBeGreaterThan(100);
    expect([...whole.values()].filter((t) => t.basket).length).toBeGreaterThan(5);
    const f = promoFigures(whole, stored);
    expect(f.injected).toBeGreaterThanOrEqual(15);
    expect(f.recall).toBe(1);
    expect(f.falseFlags).toBe(0);
    expect(f.expectedMismatches).toBe(0);
  });

  it('the simulated backlog is reviewed as it is written: its mistakes held, nothing else', async () => {
    seeded = await startServer({ simulate: { seed: 42, speed: 1, live: false } });
    const truth = new Map(generateBacklog(42, Date.parse(DEFAULT_SIM_START)).promoTruth.map((t) => [t.orderNo, t]));
    const f = promoFigures(truth, storedReviews(seeded.db));
    expect(f.orders).toBe(1500);
    expect(f.injected).toBeGreaterThan(40);
    expect(f.recall).toBe(1);
    expect(f.falseFlags).toBe(0);
    expect(f.expectedMismatches).toBe(0);
  });
});
