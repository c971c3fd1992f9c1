import { describe, expect, it } from 'vitest';
import { checkDiscount, FLAG_TOLERANCE_YUAN, promotionOn, templateInForce, type PromotionTemplate } from '@shared/promotions';
import { CreateOrderBody } from '@server/floor/schemas';
import { defaultPromotions } from '@server/promotions/data';
import { generateBacklog } from '@server/simulator/backlog';
import { promotionMonth } from '@server/simulator/promo-month';
import { MIN_MISTAKE_YUAN, MISTAKE_KINDS, moneyErrorPct, type PromoTruth } from '@server/simulator/promotions';

const templates = defaultPromotions();
const month = promotionMonth(11, templates, { days: 30, salesPerDay: 120 });
const byNo = new Map(month.bodies.map((b) => [b.orderNo, b]));
const truths = [...month.truth.values()];
const baskets = new Map<string, CreateOrderBody[]>();
for (const b of month.bodies) if (b.basketId) baskets.set(b.basketId, [...(baskets.get(b.basketId) ?? []), b]);

const templateOf = (b: CreateOrderBody): PromotionTemplate => {
  const t = templateInForce(templates, b.discountTemplate, b.signedAt!);
  if (!t) throw new Error(`${b.orderNo}: no template ${b.discountTemplate}`);
  return t;
};
/** the promotion part of what was entered (a stacking template's discount includes the coupon) */
const promoPart = (b: CreateOrderBody, t: PromotionTemplate) => Math.round(((b.discountAmount ?? 0) - (t.rules.storeCouponStacks ? (b.couponAmount ?? 0) : 0)) * 100) / 100;
const ofKind = (k: PromoTruth['kind']) => truths.filter((t) => t.kind === k);

describe('simulated promotions (issue 20)', () => {
  it('gives every order a running template of its channel and an amount, parsing as a create body', () => {
    expect(month.bodies.length).toBeGreaterThan(30 * 120);
    for (const b of month.bodies) {
      CreateOrderBody.parse(b);
      const t = templateOf(b);
      expect(t.channel).toBe(b.channel);
      expect(Date.parse(b.signedAt!)).toBeGreaterThanOrEqual(Date.parse(t.validFrom));
      if (t.validTo) expect(Date.parse(b.signedAt!)).toBeLessThanOrEqual(Date.parse(t.validTo));
    }
    // the Double-11 run-up: campaign and everyday templates both sell
    expect(new Set(month.bodies.map((b) => b.discountTemplate)).size).toBe(templates.length);
  });

  it('keeps a truth whose expected discount is what the shared rule gives the stored order (to a fen of basket rounding)', () => {
    for (const b of month.bodies) {
      const truth = month.truth.get(b.orderNo)!;
      const basket = b.basketId ? { basketId: b.basketId, orders: baskets.get(b.basketId)!.map((o) => ({ id: o.orderNo, amount: o.amount })) } : null;
      const check = checkDiscount({ id: b.orderNo, channel: b.channel, amount: b.amount, signedAt: b.signedAt!, discountTemplate: b.discountTemplate, discountAmount: b.discountAmount, couponAmount: b.couponAmount, basketId: b.basketId }, templateOf(b), basket);
      expect(Math.abs(check.expected - truth.expected), b.orderNo).toBeLessThanOrEqual(0.01);
      expect(check.actual).toBe(truth.actual);
      // a mistake is clearly over the tolerance, a correct entry (rounding, 抹零) within it
      expect(check.flagged, `${b.orderNo} ${truth.kind}`).toBe(truth.kind !== null);
      if (truth.kind) expect(Math.abs(check.difference)).toBeGreaterThanOrEqual(MIN_MISTAKE_YUAN - 0.01);
    }
    // correct entries that still differ, under the tolerance, are there to be let through
    expect(truths.filter((t) => !t.kind && t.actual !== t.expected).length).toBeGreaterThan(20);
  });

  it('injects every kind of mistake, each differing the way its kind says', () => {
    for (const k of MISTAKE_KINDS) expect(ofKind(k).length, k).toBeGreaterThan(10);
    for (const t of ofKind('coupon_stacked')) {
      const b = byNo.get(t.orderNo)!;
      expect(templateOf(b).rules.storeCouponStacks).toBe(false);
      expect(b.couponAmount).toBeGreaterThan(0);
      expect(t.actual - t.expected).toBeCloseTo(b.couponAmount!, 2);
    }
    for (const t of ofKind('tier_misapplied')) {
      const b = byNo.get(t.orderNo)!;
      const tpl = templateOf(b);
      const given = promoPart(b, tpl);
      expect(given).not.toBe(promotionOn(b.amount, tpl.rules));
      if (tpl.rules.thresholds.length > 0) expect(tpl.rules.thresholds.map((s) => s.off)).toContain(given);
      else expect(given % tpl.rules.perEvery!.off).toBe(0); // whole 每满 steps, one too many or past the cap
    }
    for (const t of ofKind('wrong_template')) {
      const b = byNo.get(t.orderNo)!;
      const tpl = templateOf(b);
      const given = promoPart(b, tpl);
      const others = templates.filter((o) => o.channel === b.channel && o.id !== tpl.id).map((o) => promotionOn(b.amount, o.rules));
      expect(others).toContain(given);
      expect(given).not.toBe(promotionOn(b.amount, tpl.rules));
    }
    for (const t of ofKind('basket_split')) {
      const b = byNo.get(t.orderNo)!;
      const tpl = templateOf(b);
      const members = baskets.get(b.basketId!)!;
      expect(tpl.rules.crossStore).toBe(true);
      expect(members.length).toBeGreaterThan(1);
      const total = promotionOn(members.reduce((s, m) => s + m.amount, 0), tpl.rules);
      const given = promoPart(b, tpl);
      // split evenly, all on the first order, or each on its own amount
      const candidates = [Math.round((total / members.length) * 100) / 100, b === members[0] ? total : 0, promotionOn(b.amount, tpl.rules)];
      expect(candidates, `${t.orderNo} ${t.detail}`).toContain(given);
    }
  });

  it('is deterministic per seed', () => {
    const again = promotionMonth(11, templates, { days: 30, salesPerDay: 120 });
    expect(again.bodies).toEqual(month.bodies);
    expect(promotionMonth(12, templates, { days: 3, salesPerDay: 120 }).bodies.slice(0, 50)).not.toEqual(month.bodies.slice(0, 50));
  });

  it('puts about 3.8 % of promotion money in error when nothing is held (a seeded month at 700 sales a day)', () => {
    const m = promotionMonth(20, templates, { days: 30, salesPerDay: 700 });
    const rows = [...m.truth.values()].map((t) => ({ ...t, paid: true }));
    const pct = moneyErrorPct(rows);
    expect(pct).toBeGreaterThan(3.3);
    expect(pct).toBeLessThan(4.3);
    // all of it from injected mistakes; holding every one of them leaves none
    expect(moneyErrorPct(rows.map((r) => ({ ...r, paid: r.kind === null })))).toBe(0);
    expect(rows.filter((r) => r.kind === null && Math.abs(r.actual - r.expected) > FLAG_TOLERANCE_YUAN)).toHaveLength(0);
  });

  it('gives the backlog its promotions too, mistakes at the same rate', () => {
    const start = Date.parse('2025-11-11T20:00:00+08:00');
    const b = generateBacklog(42, start);
    expect(b.promoTruth).toHaveLength(b.orders.length);
    const ids = new Set(templates.map((t) => t.id));
    for (const o of b.orders) expect(ids.has(o.discountTemplate ?? '')).toBe(true);
    const wrong = b.promoTruth.filter((t) => t.kind !== null);
    expect(wrong.length).toBeGreaterThan(40);
    expect(wrong.length).toBeLessThan(250);
  });
});
