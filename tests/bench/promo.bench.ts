/**
 * Issue 20's figures, on a simulated month of sales through the real server path: the month of
 * promotion entries (src/server/simulator/promo-month.ts: every kind of clerk mistake at the
 * simulator's rate, ~3.8 % of promotion money) posted to an order server in this process through
 * the floor API, which checks each order as it is written (createOrder → reviewOrders, the one
 * rule of src/shared/promotions.ts) and holds it when the difference is over ¥5. The figures
 * compare what the server stored with the simulator's truth, which the server never saw
 * (tests/support/promo-eval.ts, shared with tests/integration/server/promotions-sim.test.ts).
 * - promo.recall: held ÷ injected differences over ¥5 (goal 1.0); baseline: today's ERP, which
 *   compares nothing (0).
 * - promo.falseFlags: orders held without an injected difference over ¥5 (goal 0); baseline 0,
 *   the ERP holding nothing. The note counts orders held on entry and passed once their 天猫
 *   basket was whole (not held at the end, so not counted).
 * - promo.errorRate.pct: Σ |expected − actual| over paid orders whose difference is over ¥5, ÷ Σ
 *   expected, in percent, with the holds (held orders not paid); baseline: everything paid as
 *   entered (the seed: 3.8 % → 0.07 %).
 * - promo.check.us: microseconds per order of the server's check (reviewOf: the template in
 *   force at signing, the basket, the rule) over the month's stored orders; baseline: parsing the
 *   same order's create body with the floor API's zod schema, same run.
 * The four share one month (built and posted once per bench run).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { eq } from 'drizzle-orm';
import type { Basket } from '@shared/promotions';
import { startOrderServer } from '@server/app';
import { orders, type OrderRow } from '@server/db/schema';
import { createToken } from '@server/db/tokens';
import { CreateOrderBody } from '@server/floor/schemas';
import { readTemplates } from '@server/promotions/read';
import { reviewOf } from '@server/promotions/review';
import { promotionMonth } from '@server/simulator/promo-month';
import { postOrders, promoFigures, storedReviews, type PromoFigures } from '../support/promo-eval';
import { timeMedian, type Benchmark, type Figure } from './harness';

const SEED = 20251111;
const DAYS = 30;
const SALES_PER_DAY = 400;

interface MonthRun {
  figures: PromoFigures;
  checkUs: number;
  parseUs: number;
}

let run: Promise<MonthRun> | null = null;
const monthRun = () => (run ??= runMonth());

async function runMonth(): Promise<MonthRun> {
  const dir = mkdtempSync(join(tmpdir(), 'dutydesk-promo-bench-'));
  const server = await startOrderServer({ dbFile: join(dir, 'orders.sqlite'), port: 0, rateLimit: false, snapshots: false, autoPolicy: false });
  try {
    const templates = readTemplates(server.db);
    const month = promotionMonth(SEED, templates, { days: DAYS, salesPerDay: SALES_PER_DAY });
    await postOrders(server.url, createToken(server.db, 'floor', 'bench-sales').token, month.bodies, 32);
    const figures = promoFigures(month.truth, storedReviews(server.db));

    // the check alone, as the server runs it on each order, over the stored rows
    const rows: OrderRow[] = server.db.select().from(orders).where(eq(orders.deleted, false)).all();
    const members = new Map<string, { id: string; amount: number }[]>();
    for (const r of rows) if (r.basketId) members.set(r.basketId, [...(members.get(r.basketId) ?? []), { id: r.id, amount: r.amount }]);
    const basketOf = (r: OrderRow): Basket | null => (r.basketId ? { basketId: r.basketId, orders: members.get(r.basketId) ?? [] } : null);
    let sink = 0;
    const checkMs = await timeMedian(() => {
      for (const r of rows) sink += reviewOf(r, templates, basketOf(r)).check.difference;
    });
    const parseMs = await timeMedian(() => {
      for (const b of month.bodies) sink += CreateOrderBody.parse(b).amount;
    });
    if (!Number.isFinite(sink)) throw new Error('unreachable');
    return { figures, checkUs: (checkMs * 1000) / rows.length, parseUs: (parseMs * 1000) / month.bodies.length };
  } finally {
    await server.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

const monthNote = (f: PromoFigures) => `${f.orders} orders over ${DAYS} days (seed ${SEED}), ${f.injected} entered with a difference over ¥5`;

export const promoBenchmarks: Benchmark[] = [
  {
    name: 'promo.recall',
    async run(): Promise<Figure> {
      const { figures: f } = await monthRun();
      return { value: f.recall, unit: 'fraction', baseline: 0, note: `held ${f.flagged - f.falseFlags} of ${f.injected} injected differences over ¥5 (goal 1.0); baseline: the ERP compares nothing; ${monthNote(f)}` };
    },
  },
  {
    name: 'promo.falseFlags',
    async run(): Promise<Figure> {
      const { figures: f } = await monthRun();
      return { value: f.falseFlags, unit: 'count', baseline: 0, note: `orders held without an injected difference over ¥5 (goal 0); ${f.transientHolds} 天猫 basket orders were held on entry and passed once their basket was whole; baseline: the ERP holds nothing` };
    },
  },
  {
    name: 'promo.errorRate.pct',
    async run(): Promise<Figure> {
      const { figures: f } = await monthRun();
      return { value: f.errorPctWithHolds, unit: '%', baseline: f.errorPctWithoutHolds, note: `promotion money in error on paid orders, held orders unpaid; baseline: everything paid as entered (seed: 3.8 → 0.07); ${monthNote(f)}` };
    },
  },
  {
    name: 'promo.check.us',
    async run(): Promise<Figure> {
      const r = await monthRun();
      return { value: r.checkUs, unit: 'us', baseline: r.parseUs, note: `the server's check per order (template in force, basket, rule; median of 5 passes over ${r.figures.orders} stored orders); baseline: zod-parsing the order's create body` };
    },
  },
];
