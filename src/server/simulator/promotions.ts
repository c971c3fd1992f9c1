/**
 * Promotions as the sales floor enters them (issue 20): each order gets the channel's template in
 * force when it is signed, its amount, a store coupon where the template lets one stack, and the
 * discount THE rule (expectedDiscount, src/shared/promotions.ts) allows — except that, at a known
 * rate, a clerk makes one of the seed's mistakes:
 *   - wrong_template: the discount of another template of the channel (last campaign's, or the
 *     everyday one during a campaign) keyed in under the right template's name;
 *   - tier_misapplied: a tier the amount did not reach (满10000减1800 on ¥9,500), a 每满 step
 *     too many, or a cap ignored;
 *   - coupon_stacked: a store coupon added on a template that does not stack with one;
 *   - basket_split: a 天猫 cross-store basket's discount split evenly, put all on one order, or
 *     each order discounted on its own amount instead of the basket total.
 * Correct entries may still differ by less than the ¥5 tolerance (a basket share typed to the
 * yuan, a 门店 till dropping the odd yuan), which the check must let pass.
 *
 * The truth of every entry (kind, expected, actual) is returned beside it for evaluation only
 * (tests and the bench); nothing on the server reads it. A mistake that would differ by less than
 * MIN_MISTAKE_YUAN is not made (another kind is tried), so an injected mistake is always clearly
 * over the tolerance and a correct entry clearly within it: the basket split's fen rounding, which
 * follows server-assigned ids, can never move an order across the line.
 */
import { expectedDiscount, FLAG_TOLERANCE_YUAN, promotionOn, templatesRunning, type Basket, type DiscountOrder, type PromotionRules, type PromotionTemplate } from '@shared/promotions';
import type { Channel } from '@shared/vocab';
import { Rng } from '@server/simulator/prng';

export const MISTAKE_KINDS = ['wrong_template', 'tier_misapplied', 'coupon_stacked', 'basket_split'] as const;
export type MistakeKind = (typeof MISTAKE_KINDS)[number];

/**
 * Share of sales entered with a mistake. Tuned (tests/unit/server/sim-promotions.test.ts) so that,
 * with nothing held, about 3.8 % of promotion money is in error, the seed's "before".
 */
export const MISTAKE_RATE = 0.076;
/** an injected mistake differs from the rule by at least this much (well over the ¥5 tolerance) */
export const MIN_MISTAKE_YUAN = 20;
/** share of 天猫 sales that are cross-store baskets of 2-3 orders */
const BASKET_SHARE = 0.25;
/** share of sales on a stacking template that use a store coupon, and the coupons */
const COUPON_SHARE = 0.3;
const COUPONS = [100, 200, 300, 500];
/** during a campaign, the share of sales entered under it (the rest under the everyday template) */
const CAMPAIGN_SHARE = 0.85;
const KIND_WEIGHT: Record<MistakeKind, number> = { wrong_template: 35, tier_misapplied: 30, coupon_stacked: 20, basket_split: 15 };

/** What the simulator knows of an order when it enters its promotion. */
export interface PromoOrder {
  /** the order's id, or its orderNo when the server will assign the id (orders the basket split) */
  key: string;
  orderNo: string;
  channel: Channel;
  amount: number;
  /** ISO time the contract was signed (the template in force then applies) */
  signedAt: string;
}

/** The truth of one entry, kept for evaluation only. */
export interface PromoTruth {
  orderNo: string;
  kind: MistakeKind | null;
  /** the discount the rule allows (the whole basket counted) */
  expected: number;
  /** the discount entered */
  actual: number;
  template: string | null;
  /** the 天猫 cross-store basket the order is in and how many orders it has (expected counts them all) */
  basket: { id: string; size: number } | null;
  /** what the mistake did, for whoever reads a failing test */
  detail: string;
}

/** The promotion fields of a create body (POST /api/v1/orders). */
export interface PromoFields {
  discountTemplate?: string;
  discountAmount: number;
  couponAmount?: number;
  basketId?: string;
}

export interface PromoEntry {
  fields: PromoFields;
  truth: PromoTruth;
}

const fen = (x: number): number => Math.round(x * 100) / 100;

/** The sales floor's promotion entry, one stream of draws of its own (so the rest of a seed's simulation draws as before). */
export class PromotionDesk {
  private readonly rng: Rng;

  constructor(
    seed: number,
    private readonly templates: readonly PromotionTemplate[],
    private readonly mistakeRate = MISTAKE_RATE,
  ) {
    this.rng = new Rng(seed ^ 0x9a0c0de);
  }

  /** How many orders this sale spans: 1, or 2-3 for a 天猫 cross-store basket. */
  basketSize(channel: Channel): number {
    return channel === 'tmall' && this.rng.chance(BASKET_SHARE) ? this.rng.int(2, 3) : 1;
  }

  /** The draws for a basket's other orders (their product, amount, district…), from this desk's stream. */
  get draws(): Rng {
    return this.rng;
  }

  /** Enters one sale: one order, or a basket (all the same channel and signing time) sharing `basketId`. */
  enter(sale: readonly PromoOrder[], basketId?: string): PromoEntry[] {
    const first = sale[0];
    if (!first) return [];
    const template = this.pickTemplate(first.channel, first.signedAt);
    const inBasket = sale.length > 1 && basketId !== undefined && template?.rules.crossStore === true;
    const lines: PromoLine[] = sale.map((o) => {
      const coupon = template?.rules.storeCouponStacks && this.rng.chance(COUPON_SHARE) ? this.rng.pick(COUPONS) : 0;
      return { o, coupon, extraCoupon: 0, actual: 0, kind: null, detail: '' };
    });
    const basket: Basket | null = inBasket ? { basketId, orders: sale.map((o) => ({ id: o.key, amount: o.amount })) } : null;
    const expectedOf = (l: PromoLine) => expectedDiscount(discountOrder(l.o, template, l.coupon, inBasket ? basketId : undefined), template, basket);
    for (const l of lines) l.actual = expectedOf(l);

    if (template && this.rng.chance(this.mistakeRate)) this.injectMistake(lines, template, inBasket, expectedOf);
    for (const l of lines) if (l.kind === null) l.actual = this.tolerated(l, expectedOf(l));

    return lines.map((l) => {
      const coupon = l.coupon + l.extraCoupon;
      const fields: PromoFields = { ...(template ? { discountTemplate: template.id } : {}), discountAmount: fen(l.actual), ...(coupon > 0 ? { couponAmount: coupon } : {}), ...(inBasket ? { basketId } : {}) };
      const expected = expectedDiscount(discountOrder(l.o, template, l.coupon + l.extraCoupon, inBasket ? basketId : undefined), template, basket);
      return { fields, truth: { orderNo: l.o.orderNo, kind: l.kind, expected, actual: fields.discountAmount, template: template?.id ?? null, basket: inBasket ? { id: basketId, size: sale.length } : null, detail: l.detail } };
    });
  }

  /** The channel's campaign while one runs (mostly), else its everyday template. */
  private pickTemplate(channel: Channel, at: string): PromotionTemplate | null {
    const running = templatesRunning(this.templates, channel, at);
    const campaigns = running.filter((t) => t.validTo !== null);
    const everyday = running.filter((t) => t.validTo === null);
    if (campaigns.length > 0 && (everyday.length === 0 || this.rng.chance(CAMPAIGN_SHARE))) return this.rng.pick(campaigns);
    return everyday.length > 0 ? this.rng.pick(everyday) : null;
  }

  /** A correct entry as typed: a basket share to the yuan, a 门店 till dropping the odd yuan (both under ¥5). */
  private tolerated(l: PromoLine, expected: number): number {
    if (expected !== Math.round(expected) && this.rng.chance(0.5)) return Math.round(expected);
    if (l.o.channel === 'store' && this.rng.chance(0.1)) {
      const odd = fen((l.o.amount - expected) % 5);
      if (odd < FLAG_TOLERANCE_YUAN) return fen(expected + odd);
    }
    return expected;
  }

  /** One mistake of a kind that fits this sale and makes a clear difference, else none. */
  private injectMistake(lines: PromoLine[], template: PromotionTemplate, inBasket: boolean, expectedOf: (l: PromoLine) => number): void {
    const kinds = MISTAKE_KINDS.filter((k) => (k === 'basket_split' ? inBasket : !inBasket) && (k !== 'coupon_stacked' || !template.rules.storeCouponStacks));
    // kinds in a weighted random order: the first that fits is made
    for (const left = [...kinds]; left.length > 0; ) {
      const kind = this.rng.weighted(left, (k) => KIND_WEIGHT[k]);
      left.splice(left.indexOf(kind), 1);
      if (kind === 'basket_split') {
        if (this.splitWrong(lines, template, expectedOf)) return;
        continue;
      }
      const l = lines[0]!;
      const expected = expectedOf(l);
      const wrong = kind === 'wrong_template' ? this.otherTemplate(l, template) : kind === 'tier_misapplied' ? misappliedTier(l.o.amount, template.rules) : this.stackedCoupon();
      if (!wrong) continue;
      const actual = kind === 'coupon_stacked' ? expected + wrong.off : expected - promotionOn(l.o.amount, template.rules) + wrong.off;
      if (Math.abs(actual - expected) < MIN_MISTAKE_YUAN) continue;
      if (kind === 'coupon_stacked') l.extraCoupon = wrong.off;
      Object.assign(l, { actual: fen(actual), kind, detail: wrong.detail });
      return;
    }
  }

  private otherTemplate(l: PromoLine, template: PromotionTemplate): { off: number; detail: string } | null {
    const others = [...new Map(this.templates.filter((t) => t.channel === template.channel && t.id !== template.id).map((t) => [t.id, t])).values()];
    if (others.length === 0) return null;
    const other = this.rng.pick(others);
    return { off: promotionOn(l.o.amount, other.rules), detail: `discount of ${other.id} entered under ${template.id}` };
  }

  private stackedCoupon(): { off: number; detail: string } {
    const coupon = this.rng.pick(COUPONS);
    return { off: coupon, detail: `store coupon ¥${coupon} stacked on a template that does not stack` };
  }

  /** The basket's discount split wrong; false when no order would differ clearly. */
  private splitWrong(lines: PromoLine[], template: PromotionTemplate, expectedOf: (l: PromoLine) => number): boolean {
    const total = lines.reduce((s, l) => s + l.o.amount, 0);
    const promo = promotionOn(total, template.rules);
    const how = this.rng.pick(['even', 'first', 'own'] as const);
    const wrongPromo = (l: PromoLine, i: number) => (how === 'even' ? fen(promo / lines.length) : how === 'first' ? (i === 0 ? promo : 0) : promotionOn(l.o.amount, template.rules));
    const detail = how === 'even' ? 'basket discount split evenly, not by amount' : how === 'first' ? 'whole basket discount on its first order' : 'each order discounted on its own amount, not the basket total';
    let any = false;
    lines.forEach((l, i) => {
      const expected = expectedOf(l);
      const coupon = template.rules.storeCouponStacks ? l.coupon : 0;
      const actual = fen(wrongPromo(l, i) + coupon);
      // an order the wrong split happens to leave (nearly) right is entered right
      if (Math.abs(actual - expected) < MIN_MISTAKE_YUAN) return;
      Object.assign(l, { actual, kind: 'basket_split', detail });
      any = true;
    });
    return any;
  }
}

interface PromoLine {
  o: PromoOrder;
  /** the store coupon the customer used legitimately */
  coupon: number;
  /** a coupon stacked by mistake */
  extraCoupon: number;
  actual: number;
  kind: MistakeKind | null;
  detail: string;
}

function discountOrder(o: PromoOrder, template: PromotionTemplate | null, coupon: number, basketId: string | undefined): DiscountOrder {
  return { id: o.key, channel: o.channel, amount: o.amount, signedAt: o.signedAt, discountTemplate: template?.id ?? null, couponAmount: coupon || null, basketId: basketId ?? null };
}

/** The promotion a clerk gives when misreading the tiers: the next tier up (or down at the top), a 每满 step too many, or no cap. */
function misappliedTier(amount: number, rules: PromotionRules): { off: number; detail: string } | null {
  if (rules.thresholds.length > 0) {
    const tiers = [...rules.thresholds].sort((a, b) => a.min - b.min);
    const reached = tiers.filter((t) => amount >= t.min).length - 1;
    const wrong = tiers[reached + 1] ?? tiers[reached - 1];
    if (!wrong) return null;
    return { off: Math.min(wrong.off, rules.cap ?? Infinity), detail: `tier 满${wrong.min}减${wrong.off} applied to ¥${amount}` };
  }
  if (!rules.perEvery) return null;
  const steps = Math.floor(amount / rules.perEvery.step + 1e-9);
  const uncapped = steps * rules.perEvery.off;
  if (rules.cap !== null && uncapped > rules.cap) return { off: uncapped, detail: `cap ¥${rules.cap} ignored` };
  return { off: (steps + 1) * rules.perEvery.off, detail: `每满${rules.perEvery.step} counted ${steps + 1} times on ¥${amount}` };
}

/**
 * The money error rate of issue 20 in percent: Σ |expected − actual| over paid orders whose
 * difference is over the tolerance, ÷ Σ expected discount over all orders.
 */
export function moneyErrorPct(rows: Iterable<{ expected: number; actual: number; paid: boolean }>): number {
  let err = 0;
  let all = 0;
  for (const r of rows) {
    all += r.expected;
    const d = Math.abs(r.actual - r.expected);
    if (r.paid && d > FLAG_TOLERANCE_YUAN) err += d;
  }
  return all > 0 ? (100 * err) / all : 0;
}
