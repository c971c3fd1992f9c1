/**
 * Channel promotions and the finance review (财务审核, issue 20): the strategy templates each sales
 * channel runs (抖音 满5000减800, 天猫 跨店满减 …) and THE one rule saying what discount an order was
 * entitled to. The server's check when an order enters review, the reconciliation view on the desk,
 * its Excel export, the simulator and the bench all call `expectedDiscount` / `checkDiscount`;
 * nothing else re-derives a discount.
 *
 * Money is in yuan, rounded to the fen (0.01). `amount` on an order is the contract amount before
 * any discount; `discountAmount` is the whole discount the order was entered with (promotion plus
 * any store coupon); `couponAmount` is the store coupon part of it.
 */
import { z } from 'zod';
import { CHANNELS, type Channel } from './vocab';

const isoTime = z.string().regex(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:\d{2})$/, 'an ISO-8601 time with an offset');
const yuan = z.number().min(0).max(1e8);

/** A difference above this many yuan is flagged and its payment held (the seed: "差额超过5元"). */
export const FLAG_TOLERANCE_YUAN = 5;

/** The finance review's own status, beside the 12 delivery stages. */
export const REVIEW_STATUSES = ['pending', 'passed', 'held', 'released'] as const;
export type ReviewStatus = (typeof REVIEW_STATUSES)[number];
export const REVIEW_STATUS_LABELS: Record<ReviewStatus, { zh: string; en: string }> = {
  pending: { zh: '待审核', en: 'Pending' },
  passed: { zh: '已通过', en: 'Passed' },
  held: { zh: '暂停付款', en: 'Payment held' },
  released: { zh: '已放行', en: 'Released' },
};

/** 满 min 减 off: the highest step the base reaches applies (steps do not add up). */
export const ThresholdStep = z.object({ min: yuan.positive(), off: yuan.positive() });
export type ThresholdStep = z.infer<typeof ThresholdStep>;

/** 每满 step 减 off: off for every whole step of the base. */
export const PerEvery = z.object({ step: yuan.positive(), off: yuan.positive() });
export type PerEvery = z.infer<typeof PerEvery>;

export const PromotionRules = z
  .object({
    thresholds: z.array(ThresholdStep).max(20),
    perEvery: PerEvery.nullable(),
    /** the promotion's discount never exceeds this (null = no cap) */
    cap: yuan.positive().nullable(),
    /** a store coupon may be used on top (叠加门店券); when false the coupon is not honoured */
    storeCouponStacks: z.boolean(),
    /** 跨店满减: thresholds count the whole basket (orders sharing a basketId), the discount split by amount */
    crossStore: z.boolean(),
  })
  .refine((r) => r.thresholds.length > 0 || r.perEvery !== null, { message: 'a template needs thresholds or perEvery', path: ['thresholds'] });
export type PromotionRules = z.infer<typeof PromotionRules>;

/**
 * One version of a channel strategy template. `id` is what orders carry in `discountTemplate`;
 * each edit is a new version taking effect at `effectiveFrom`, and an order is checked against the
 * version in force when it was signed (`templateInForce`). validFrom/validTo bound the campaign:
 * an order signed outside it was entitled to nothing from this template.
 */
export const PromotionTemplate = z.object({
  id: z.string().trim().min(1).max(64).regex(/^[A-Za-z0-9_.-]+$/, 'letters, digits, _ . -'),
  channel: z.enum(CHANNELS),
  name: z.string().trim().min(1).max(64),
  validFrom: isoTime,
  /** null = open-ended (an everyday strategy) */
  validTo: isoTime.nullable(),
  version: z.number().int().min(1),
  effectiveFrom: isoTime,
  rules: PromotionRules,
  updatedBy: z.string().max(64),
  updatedAt: isoTime,
});
export type PromotionTemplate = z.infer<typeof PromotionTemplate>;

/** The wire entity of template versions. */
export const PROMOTION_TEMPLATE_ENTITY = 'promotion_template';

/** The synced row id of one template version (entity `promotion_template`). */
export const promotionRowId = (id: string, version: number): string => `${id}#${version}`;

/** What the check reads from an order. */
export interface DiscountOrder {
  id: string;
  channel: Channel;
  amount: number;
  signedAt: string;
  discountTemplate?: string | null;
  discountAmount?: number | null;
  couponAmount?: number | null;
  basketId?: string | null;
}

/** The orders sharing one basket (天猫 跨店满减), this order among them or not (it is added if absent). */
export interface Basket {
  basketId: string;
  orders: ReadonlyArray<{ id: string; amount: number }>;
}

const fen = (x: number): number => Math.round(x * 100) / 100;
const ms = (iso: string): number => Date.parse(iso);

/** Why an expected discount is what it is, when it is not simply the template's rule. */
export type CheckNote = 'no_template' | 'unknown_template' | 'wrong_channel' | 'outside_campaign' | null;

/** Whether the template (this version) was running when the order was signed. */
export function campaignCovers(template: PromotionTemplate, signedAt: string): boolean {
  const t = ms(signedAt);
  return t >= ms(template.validFrom) && (template.validTo === null || t <= ms(template.validTo));
}

/** The promotion's discount on a base amount (no split, no coupon). */
export function promotionOn(base: number, rules: PromotionRules): number {
  if (base <= 0) return 0;
  let off = 0;
  for (const s of rules.thresholds) if (base >= s.min && s.off > off) off = s.off;
  if (rules.perEvery) off += Math.floor(base / rules.perEvery.step + 1e-9) * rules.perEvery.off;
  if (rules.cap !== null) off = Math.min(off, rules.cap);
  return fen(Math.min(off, base));
}

/**
 * An order's share of a basket discount: cumulative rounding in id order, so the shares of all
 * orders in the basket add up to the basket's discount to the fen.
 */
function basketShare(orderId: string, total: number, lines: ReadonlyArray<{ id: string; amount: number }>): number {
  const sorted = [...lines].sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  const sum = sorted.reduce((s, l) => s + l.amount, 0);
  if (sum <= 0) return 0;
  let cum = 0;
  for (const l of sorted) {
    const before = fen((total * cum) / sum);
    cum += l.amount;
    if (l.id === orderId) return fen(fen((total * cum) / sum) - before);
  }
  return 0;
}

/** The basket lines the rule counts: the basket's orders with this order in it (once). */
function basketLines(order: DiscountOrder, basket: Basket | null | undefined): Array<{ id: string; amount: number }> {
  const lines = (basket?.orders ?? []).filter((l) => l.id !== order.id).map((l) => ({ id: l.id, amount: l.amount }));
  lines.push({ id: order.id, amount: order.amount });
  return lines;
}

/** THE rule: the discount (promotion plus allowed store coupon) the order was entitled to, in yuan. */
export function expectedDiscount(order: DiscountOrder, template: PromotionTemplate | null | undefined, basket?: Basket | null): number {
  return explainDiscount(order, template, basket).expected;
}

/** expectedDiscount with the reason when the template gave nothing (for the desk's drill-down). */
export function explainDiscount(order: DiscountOrder, template: PromotionTemplate | null | undefined, basket?: Basket | null): { expected: number; note: CheckNote } {
  const coupon = Math.max(0, order.couponAmount ?? 0);
  if (!order.discountTemplate) return { expected: fen(coupon), note: 'no_template' };
  if (!template || template.id !== order.discountTemplate) return { expected: 0, note: 'unknown_template' };
  if (template.channel !== order.channel) return { expected: 0, note: 'wrong_channel' };
  if (!campaignCovers(template, order.signedAt)) return { expected: 0, note: 'outside_campaign' };
  const r = template.rules;
  let promo: number;
  if (r.crossStore && order.basketId && basket && basket.basketId === order.basketId) {
    const lines = basketLines(order, basket);
    const total = lines.reduce((s, l) => s + l.amount, 0);
    promo = basketShare(order.id, promotionOn(total, r), lines);
  } else {
    promo = promotionOn(order.amount, r);
  }
  return { expected: fen(promo + (r.storeCouponStacks ? coupon : 0)), note: null };
}

export interface DiscountCheck {
  expected: number;
  actual: number;
  /** actual − expected: positive = more discount given than allowed (money short) */
  difference: number;
  flagged: boolean;
  note: CheckNote;
}

/** Compares the discount given with the one the template allows; over ¥5 either way is flagged. */
export function checkDiscount(order: DiscountOrder, template: PromotionTemplate | null | undefined, basket?: Basket | null): DiscountCheck {
  const { expected, note } = explainDiscount(order, template, basket);
  const actual = fen(order.discountAmount ?? 0);
  const difference = fen(actual - expected);
  return { expected, actual, difference, flagged: Math.abs(difference) > FLAG_TOLERANCE_YUAN, note };
}

/** The review status a fresh check leads to. */
export const statusAfterCheck = (c: DiscountCheck): ReviewStatus => (c.flagged ? 'held' : 'passed');

/**
 * The version of template `id` in force at `signedAt`: the latest whose effectiveFrom is not after
 * it; an order signed before the first version took effect is checked against the first.
 */
export function templateInForce(versions: readonly PromotionTemplate[], id: string | null | undefined, signedAt: string): PromotionTemplate | null {
  if (!id) return null;
  const mine = versions.filter((v) => v.id === id).sort((a, b) => a.version - b.version);
  if (mine.length === 0) return null;
  const t = ms(signedAt);
  let best: PromotionTemplate | null = null;
  for (const v of mine) if (ms(v.effectiveFrom) <= t && (!best || ms(v.effectiveFrom) >= ms(best.effectiveFrom))) best = v;
  return best ?? mine[0] ?? null;
}

/** Latest version of each template (the editable list). */
export function latestVersions(versions: readonly PromotionTemplate[]): PromotionTemplate[] {
  const by = new Map<string, PromotionTemplate>();
  for (const v of versions) {
    const cur = by.get(v.id);
    if (!cur || v.version > cur.version) by.set(v.id, v);
  }
  return [...by.values()].sort((a, b) => (a.id < b.id ? -1 : 1));
}

/** The channel's templates whose campaign covers `at` (in their in-force version), for whoever picks one. */
export function templatesRunning(versions: readonly PromotionTemplate[], channel: Channel, at: string): PromotionTemplate[] {
  const ids = [...new Set(versions.filter((v) => v.channel === channel).map((v) => v.id))].sort();
  return ids.map((id) => templateInForce(versions, id, at)).filter((v): v is PromotionTemplate => v !== null && v.channel === channel && campaignCovers(v, at));
}

/**
 * The review fields an order carries on the wire (server extension, all optional so older desks
 * parse): inputs basketId and couponAmount, and the stored result of the last check.
 */
export const OrderReviewFields = {
  basketId: z.string().nullable().optional(),
  couponAmount: z.number().nullable().optional(),
  reviewStatus: z.enum(REVIEW_STATUSES).optional(),
  expectedDiscount: z.number().nullable().optional(),
  discountDifference: z.number().nullable().optional(),
  /** the template version the order was checked against (null = none found) */
  reviewTemplateVersion: z.number().int().nullable().optional(),
  reviewedAt: isoTime.nullable().optional(),
  /** the last release's (or pass's) reason */
  reviewReason: z.string().nullable().optional(),
};

/** Commands (protocol.md): the template edit and the review decisions. */
export const SaveTemplateArgs = PromotionTemplate.omit({ version: true, updatedBy: true, updatedAt: true }).extend({
  /** the version the editor saw (null = a new template) */
  expectedVersion: z.number().int().min(1).nullable(),
  /** when the new version takes effect; absent = now */
  effectiveFrom: isoTime.optional(),
});
export type SaveTemplateArgs = z.infer<typeof SaveTemplateArgs>;
export const ReleaseArgs = z.object({ orderId: z.string().min(1), reason: z.string().trim().min(1, 'a release needs a reason').max(500) });
export type ReleaseArgs = z.infer<typeof ReleaseArgs>;
export const PassArgs = z.object({ orderId: z.string().min(1), reason: z.string().trim().max(500).optional() });
export type PassArgs = z.infer<typeof PassArgs>;
