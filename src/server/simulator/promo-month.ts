/**
 * A month of sales as the floor API receives them, with their promotions (issue 20): the create
 * bodies in signing order (a 天猫 basket's orders one after another) and, apart, the truth of each
 * entry for evaluation (never sent). Pure and deterministic per seed; the bench and the tests post
 * the bodies to a real order server and compare what its check held with the truth.
 */
import type { PromotionTemplate } from '@shared/promotions';
import type { CreateOrderBody } from '@server/floor/schemas';
import { Rng } from '@server/simulator/prng';
import { PromotionDesk, type PromoTruth } from '@server/simulator/promotions';
import { sale } from '@server/simulator/sales';

const DAY = 86_400_000;

export interface PromoMonthOptions {
  /** first day (ISO); default the Double-11 run-up of 2025, campaigns and everyday templates both in force */
  start?: string;
  days?: number;
  /** sales per day (a basket counts once) */
  salesPerDay?: number;
  mistakeRate?: number;
}

export interface PromoMonth {
  bodies: CreateOrderBody[];
  /** by orderNo */
  truth: Map<string, PromoTruth>;
}

export const PROMO_MONTH_START = '2025-10-15T00:00:00+08:00';

export function promotionMonth(seed: number, templates: readonly PromotionTemplate[], o: PromoMonthOptions = {}): PromoMonth {
  const rng = new Rng(seed);
  const desk = new PromotionDesk(seed, templates, o.mistakeRate);
  const startMs = Date.parse(o.start ?? PROMO_MONTH_START);
  const days = o.days ?? 30;
  const perDay = o.salesPerDay ?? 700;
  const times = Array.from({ length: days * perDay }, (_, i) => startMs + Math.floor(i / perDay) * DAY + Math.floor(rng.next() * DAY)).sort((a, b) => a - b);
  const out: PromoMonth = { bodies: [], truth: new Map() };
  times.forEach((at, i) => {
    const s = sale(rng, desk, i + 1, at);
    out.bodies.push(...s.bodies);
    for (const t of s.truth) out.truth.set(t.orderNo, t);
  });
  return out;
}
