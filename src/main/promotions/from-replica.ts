/**
 * The reconciliation's rows from the desk's replica (issue 20). Orders keep their promotion and
 * review fields in the wire row (`data`), read with json_extract so a month of orders parses no
 * whole rows; templates are the synced entity `promotion_template` in other_rows. An order the
 * server has reviewed shows the server's check (what held or passed its payment); one not yet in
 * review is checked here with the same shared rule (promotions.ts `checkDiscount`), so the table
 * has every order of the day and never a second formula.
 */
import type Database from 'better-sqlite3';
import { describeZodError } from '@shared/protocol';
import { addDays, shanghaiDate } from '@shared/time';
import { CHANNELS, type Channel } from '@shared/vocab';
import { checkDiscount, explainDiscount, FLAG_TOLERANCE_YUAN, PromotionTemplate, templateInForce, type Basket, type CheckNote, type DiscountOrder } from '@shared/promotions';
import type { ReconOrder, ReviewStatusName } from '@shared/reconciliation';

export const TEMPLATE_ENTITY = 'promotion_template';

interface Row {
  id: string;
  order_no: string;
  channel: string;
  signed_at: string | null;
  entered_at: string;
  amount: number | null;
  template: string | null;
  discount: number | null;
  coupon: number | null;
  basket: string | null;
  review: string | null;
  expected: number | null;
  difference: number | null;
  template_version: number | null;
  review_reason: string | null;
}

const SELECT = `SELECT id, order_no, channel,
  json_extract(data, '$.signedAt') AS signed_at, stage_entered_at AS entered_at,
  json_extract(data, '$.amount') AS amount, json_extract(data, '$.discountTemplate') AS template,
  json_extract(data, '$.discountAmount') AS discount, json_extract(data, '$.couponAmount') AS coupon,
  json_extract(data, '$.basketId') AS basket, json_extract(data, '$.reviewStatus') AS review,
  json_extract(data, '$.expectedDiscount') AS expected, json_extract(data, '$.discountDifference') AS difference,
  json_extract(data, '$.reviewTemplateVersion') AS template_version, json_extract(data, '$.reviewReason') AS review_reason
  FROM orders`;

/** Every template version the replica holds (a row this build cannot parse is left out, said once). */
export function readTemplates(sqlite: Database.Database): PromotionTemplate[] {
  const out: PromotionTemplate[] = [];
  for (const row of sqlite.prepare<[string], { id: string; data: string }>('SELECT id, data FROM other_rows WHERE entity = ? ORDER BY id').all(TEMPLATE_ENTITY)) {
    let json: unknown;
    try {
      json = JSON.parse(row.data);
    } catch {
      console.warn(`promotions: template ${row.id} left out: its data is not JSON`);
      continue;
    }
    const r = PromotionTemplate.safeParse(json);
    if (r.success) out.push(r.data);
    else console.warn(`promotions: template ${row.id} left out: ${describeZodError(r.error)}`);
  }
  return out;
}

const isChannel = (c: string): c is Channel => (CHANNELS as readonly string[]).includes(c);
const REVIEWS = new Set(['pending', 'passed', 'held', 'released']);

/** The Shanghai day an order counts on: the day it was signed (the template in force then). */
const dayOf = (r: Row): string => shanghaiDate(Date.parse(r.signed_at ?? r.entered_at));

function discountOrder(r: Row & { channel: Channel }): DiscountOrder {
  return { id: r.id, channel: r.channel, amount: r.amount ?? 0, signedAt: r.signed_at ?? r.entered_at, discountTemplate: r.template, discountAmount: r.discount, couponAmount: r.coupon, basketId: r.basket };
}

/** The orders' check: the server's stored one when the order is reviewed, else the shared rule now. */
function reconOrder(r: Row & { channel: Channel }, templates: readonly PromotionTemplate[], basket: Basket | null): ReconOrder {
  const review: ReviewStatusName = r.review && REVIEWS.has(r.review) ? (r.review as ReviewStatusName) : 'none';
  const base = { orderId: r.id, orderNo: r.order_no, channel: r.channel, day: dayOf(r), signedAt: r.signed_at, amount: r.amount ?? 0, template: r.template, basketId: r.basket, review };
  const actual = Math.round((r.discount ?? 0) * 100) / 100;
  if (review !== 'none' && r.expected !== null) {
    const difference = r.difference ?? Math.round((actual - r.expected) * 100) / 100;
    return { ...base, expected: r.expected, actual, difference, flagged: Math.abs(difference) > FLAG_TOLERANCE_YUAN, checkedBy: 'server' };
  }
  const o = discountOrder(r);
  const c = checkDiscount(o, templateInForce(templates, r.template, o.signedAt), basket);
  return { ...base, expected: c.expected, actual: c.actual, difference: c.difference, flagged: c.flagged, checkedBy: 'desk' };
}

function basketsOf(rows: ReadonlyArray<Row>): Map<string, Basket> {
  const baskets = new Map<string, Basket>();
  for (const r of rows) {
    if (!r.basket) continue;
    let b = baskets.get(r.basket);
    if (!b) baskets.set(r.basket, (b = { basketId: r.basket, orders: [] }));
    (b.orders as Array<{ id: string; amount: number }>).push({ id: r.id, amount: r.amount ?? 0 });
  }
  return baskets;
}

/**
 * The orders signed on Shanghai days from..to (inclusive), optionally of one channel, each checked.
 * The SQL bound is a day wider on each side (signing times carry any offset); the exact day is
 * decided in Shanghai time here. A basket's orders are those read with it (a basket is one checkout).
 */
export function readReconOrders(sqlite: Database.Database, from: string, to: string, channel?: Channel): ReconOrder[] {
  const lo = addDays(from, -1);
  const hi = addDays(to, 2);
  const signed = "COALESCE(json_extract(data, '$.signedAt'), stage_entered_at)";
  const sql = `${SELECT} WHERE ${signed} >= ? AND ${signed} < ?${channel ? ' AND channel = ?' : ''} ORDER BY order_no`;
  const rows = sqlite.prepare<string[], Row>(sql).all(...(channel ? [lo, hi, channel] : [lo, hi]));
  return checkRows(sqlite, rows, from, to);
}

function checkRows(sqlite: Database.Database, rows: Row[], from: string, to: string): ReconOrder[] {
  const templates = readTemplates(sqlite);
  const baskets = basketsOf(rows);
  const out: ReconOrder[] = [];
  for (const r of rows) {
    if (!isChannel(r.channel)) continue;
    const day = dayOf(r);
    if (day < from || day > to) continue;
    out.push(reconOrder(r as Row & { channel: Channel }, templates, r.basket ? (baskets.get(r.basket) ?? null) : null));
  }
  return out;
}

export interface OrderPromotion {
  order: ReconOrder;
  template: PromotionTemplate | null;
  deskExpected: number;
  note: CheckNote;
  coupon: number | null;
  reviewReason: string | null;
  basket: Basket | null;
  basketOrderNos: Map<string, string>;
}

/** One order with the template version in force when it was signed, and the desk's own check of it. */
export function readOrderPromotion(sqlite: Database.Database, orderId: string): OrderPromotion | null {
  const row = sqlite.prepare<[string], Row>(`${SELECT} WHERE id = ?`).get(orderId);
  if (!row || !isChannel(row.channel)) return null;
  const r = row as Row & { channel: Channel };
  const basketRows = r.basket ? sqlite.prepare<[string], Row>(`${SELECT} WHERE json_extract(data, '$.basketId') = ?`).all(r.basket) : [r];
  const basket = r.basket ? (basketsOf(basketRows).get(r.basket) ?? null) : null;
  const templates = readTemplates(sqlite);
  const o = discountOrder(r);
  const template = templateInForce(templates, r.template, o.signedAt);
  const { expected, note } = explainDiscount(o, template, basket);
  return {
    order: reconOrder(r, templates, basket),
    template,
    deskExpected: expected,
    note,
    coupon: r.coupon,
    reviewReason: r.review_reason,
    basket,
    basketOrderNos: new Map(basketRows.map((b) => [b.id, b.order_no])),
  };
}
