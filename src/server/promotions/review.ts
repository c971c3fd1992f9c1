/**
 * Finance review on entry (财务审核, issue 20): every order is checked as it enters review — when
 * it is written (contract signed) and again whenever its discount fields change — against the
 * template version in force when it was signed, with THE rule of src/shared/promotions.ts. The
 * result is stored on the order (expected discount, difference, template version, reviewedAt), so
 * the desk, the export and the bench read it instead of recomputing; a difference over ¥5 holds
 * the payment (`held`) until finance or a supervisor releases it with a reason (finance.release).
 *
 * A 天猫 cross-store basket is checked as a whole: a new order in a basket changes every basket
 * order's share, so its siblings are checked again too. A released order whose numbers did not
 * change stays released (the release was a decision about exactly those numbers).
 */
import { and, eq, inArray } from 'drizzle-orm';
import { checkDiscount, statusAfterCheck, templateInForce, type Basket, type DiscountCheck, type PromotionTemplate, type ReviewStatus } from '@shared/promotions';
import type { Channel } from '@shared/vocab';
import { events, orders, type OrderRow } from '@server/db/schema';
import type { WriteContext } from '@server/db/writer';
import { readTemplates } from '@server/promotions/read';

/** One hold per order per write: a deterministic id, so a seeded backlog is the same for the same seed. */
export const holdEventId = (orderId: string, version: number): string => `e-hold-${orderId}-${version}`;

/** Who the payment-hold event names: the check, not a person. */
export const REVIEW_ACTOR = 'finance-check';

type ReviewedOrder = Pick<OrderRow, 'id' | 'channel' | 'amount' | 'signedAt' | 'discountTemplate' | 'discountAmount' | 'couponAmount' | 'basketId' | 'reviewStatus' | 'expectedDiscount' | 'discountDifference' | 'reviewTemplateVersion' | 'stage'>;

export interface ReviewOutcome {
  check: DiscountCheck;
  template: PromotionTemplate | null;
  status: ReviewStatus;
}

/** One order's review (pure): the check, the version it used, and the status it leads to. */
export function reviewOf(o: ReviewedOrder, templates: readonly PromotionTemplate[], basket: Basket | null): ReviewOutcome {
  const template = templateInForce(templates, o.discountTemplate, o.signedAt);
  const check = checkDiscount({ ...o, channel: o.channel as Channel }, template, basket);
  const same = o.expectedDiscount === check.expected && o.discountDifference === check.difference && o.reviewTemplateVersion === (template?.version ?? null);
  const status = o.reviewStatus === 'released' && same ? 'released' : statusAfterCheck(check);
  return { check, template, status };
}

const yuan = (x: number) => `¥${x.toFixed(2)}`;

/** The words of a payment-hold event: the numbers and the template, so the timeline says why. */
export function holdNote(r: ReviewOutcome, templateId: string | null): string {
  const t = r.template ? `${r.template.id} v${r.template.version}` : (templateId ?? '无模板 no template');
  const why = r.check.note ? ` (${r.check.note})` : '';
  return `expected ${yuan(r.check.expected)}, actual ${yuan(r.check.actual)}, difference ${yuan(r.check.difference)} · ${t}${why}`;
}

/**
 * Checks the named orders (and the other orders of their baskets) inside the caller's write, at its
 * version; a named order is always stamped reviewed, a basket sibling only when its numbers change.
 * Returns the orders it held.
 */
export function reviewOrders(ctx: WriteContext, orderIds: readonly string[], templates: readonly PromotionTemplate[] = readTemplates(ctx.db)): string[] {
  if (orderIds.length === 0) return [];
  const named = new Set(orderIds);
  const rows = new Map<string, OrderRow>();
  for (let i = 0; i < orderIds.length; i += 500) {
    for (const r of ctx.db.select().from(orders).where(inArray(orders.id, orderIds.slice(i, i + 500))).all()) if (!r.deleted) rows.set(r.id, r);
  }
  const basketIds = [...new Set([...rows.values()].map((r) => r.basketId).filter((b): b is string => !!b))];
  const baskets = new Map<string, OrderRow[]>();
  for (const b of basketIds) {
    const members = ctx.db.select().from(orders).where(and(eq(orders.basketId, b), eq(orders.deleted, false))).all();
    baskets.set(b, members);
    for (const m of members) if (!rows.has(m.id)) rows.set(m.id, m);
  }
  const held: string[] = [];
  for (const o of rows.values()) {
    const members = o.basketId ? (baskets.get(o.basketId) ?? []) : [];
    const basket = o.basketId ? { basketId: o.basketId, orders: members.map((m) => ({ id: m.id, amount: m.amount })) } : null;
    const r = reviewOf(o, templates, basket);
    const changed = o.expectedDiscount !== r.check.expected || o.discountDifference !== r.check.difference || o.reviewStatus !== r.status || o.reviewTemplateVersion !== (r.template?.version ?? null);
    if (!named.has(o.id) && !changed) continue;
    ctx.db
      .update(orders)
      .set({ reviewStatus: r.status, expectedDiscount: r.check.expected, discountDifference: r.check.difference, reviewTemplateVersion: r.template?.version ?? null, reviewedAt: ctx.nowIso, version: ctx.version, updatedAt: ctx.nowIso })
      .where(eq(orders.id, o.id))
      .run();
    if (r.status === 'held' && o.reviewStatus !== 'held') {
      held.push(o.id);
      ctx.db.insert(events).values(holdEvent(ctx, o, r)).run();
    }
  }
  return held;
}

/** A new order's review, computed before its insert (reviewOnEntry) and finished after it (finishEntry). */
export interface EntryReview {
  fields: Pick<OrderRow, 'reviewStatus' | 'expectedDiscount' | 'discountDifference' | 'reviewTemplateVersion' | 'reviewedAt'>;
  outcome: ReviewOutcome;
}

/**
 * The review of an order about to be written (contract signed), computed before its insert so the
 * live order stream pays no extra read or update; null for an order in a basket, which is checked
 * with its basket once written (its siblings change too).
 */
export function reviewOnEntry(ctx: WriteContext, o: ReviewedOrder): EntryReview | null {
  if (o.basketId) return null;
  const r = reviewOf(o, readTemplates(ctx.db), null);
  return { outcome: r, fields: { reviewStatus: r.status, expectedDiscount: r.check.expected, discountDifference: r.check.difference, reviewTemplateVersion: r.template?.version ?? null, reviewedAt: ctx.nowIso } };
}

/** After the insert: the payment-hold event of a held order, or the basket's check. */
export function finishEntry(ctx: WriteContext, o: Pick<OrderRow, 'id' | 'stage' | 'discountTemplate'>, review: EntryReview | null): void {
  if (!review) reviewOrders(ctx, [o.id]);
  else if (review.outcome.status === 'held') ctx.db.insert(events).values(holdEvent(ctx, o, review.outcome)).run();
}

/** The payment-hold event of an order the check held (a new order's, or one re-checked). */
export function holdEvent(ctx: WriteContext, o: Pick<OrderRow, 'id' | 'stage' | 'discountTemplate'>, r: ReviewOutcome) {
  return { id: holdEventId(o.id, ctx.version), version: ctx.version, deleted: false, orderId: o.id, kind: 'payment_hold', stage: o.stage, at: ctx.nowIso, actor: REVIEW_ACTOR, note: holdNote(r, o.discountTemplate), cause: null, evidence: null, reportedBy: null };
}

/** Every order still `pending` (written before the templates existed, e.g. the simulator's backlog), checked now. */
export function reviewPendingOrders(ctx: WriteContext): string[] {
  const ids = ctx.db.select({ id: orders.id }).from(orders).where(and(eq(orders.reviewStatus, 'pending'), eq(orders.deleted, false))).all().map((r) => r.id);
  return reviewOrders(ctx, ids);
}
