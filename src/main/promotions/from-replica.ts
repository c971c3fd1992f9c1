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
import { shanghaiDate } from '@shared/time';
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
  /** the Shanghai signing day, worked out once per row */
  day: string;
}

/** The wire fields read, in this order: one json_extract of many paths parses each row's JSON once. */
const FIELDS = ['signedAt', 'amount', 'discountTemplate', 'discountAmount', 'couponAmount', 'basketId', 'reviewStatus', 'expectedDiscount', 'discountDifference', 'reviewTemplateVersion', 'reviewReason'] as const;
const SELECT = `SELECT id, order_no, channel, stage_entered_at, json_extract(data, ${FIELDS.map((f) => `'$.${f}'`).join(', ')}) AS j FROM orders`;

interface RawRow {
  id: string;
  order_no: string;
  channel: string;
  stage_entered_at: string;
  j: string;
}

function rowOf(raw: RawRow): Row {
  const v = JSON.parse(raw.j) as unknown[];
  const str = (i: number) => (typeof v[i] === 'string' ? (v[i] as string) : null);
  const num = (i: number) => (typeof v[i] === 'number' ? (v[i] as number) : null);
  const signedAt = str(0);
  return {
    id: raw.id, order_no: raw.order_no, channel: raw.channel, entered_at: raw.stage_entered_at,
    signed_at: signedAt, amount: num(1), template: str(2), discount: num(3), coupon: num(4), basket: str(5),
    review: str(6), expected: num(7), difference: num(8), template_version: num(9), review_reason: str(10),
    day: dayOf(signedAt ?? raw.stage_entered_at),
  };
}

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

/**
 * The Shanghai day an order counts on: the day it was signed (the template in force then). A time
 * written in Shanghai's own offset already names the day; any other offset is converted.
 */
const dayOf = (iso: string): string => (iso.endsWith('+08:00') ? iso.slice(0, 10) : shanghaiDate(Date.parse(iso)));

function discountOrder(r: Row & { channel: Channel }): DiscountOrder {
  return { id: r.id, channel: r.channel, amount: r.amount ?? 0, signedAt: r.signed_at ?? r.entered_at, discountTemplate: r.template, discountAmount: r.discount, couponAmount: r.coupon, basketId: r.basket };
}

/** The orders' check: the server's stored one when the order is reviewed, else the shared rule now. */
function reconOrder(r: Row & { channel: Channel }, templates: readonly PromotionTemplate[], basket: Basket | null): ReconOrder {
  const review: ReviewStatusName = r.review && REVIEWS.has(r.review) ? (r.review as ReviewStatusName) : 'none';
  const server = review !== 'none' && r.expected !== null;
  const c = server ? null : checkDiscount(discountOrder(r), templateInForce(templates, r.template, r.signed_at ?? r.entered_at), basket);
  const actual = c ? c.actual : Math.round((r.discount ?? 0) * 100) / 100;
  const expected = c ? c.expected : (r.expected as number);
  const difference = c ? c.difference : (r.difference ?? Math.round((actual - expected) * 100) / 100);
  // one literal, no spreads: a month is ~90k of these
  return {
    orderId: r.id, orderNo: r.order_no, channel: r.channel, day: r.day, signedAt: r.signed_at, amount: r.amount ?? 0, template: r.template, basketId: r.basket, review,
    expected, actual, difference, flagged: c ? c.flagged : Math.abs(difference) > FLAG_TOLERANCE_YUAN, checkedBy: server ? 'server' : 'desk',
  };
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
 * The ISO bound is a day wider on each side (signing times carry any offset); the exact day is
 * decided in Shanghai time here. Each order's JSON is parsed once, by SQLite (all fields in one call). A basket's orders are those read with it (a basket is one checkout).
 */
export function readReconOrders(sqlite: Database.Database, from: string, to: string, channel?: Channel): ReconOrder[] {
  const raw = channel ? sqlite.prepare<[string], RawRow>(`${SELECT} WHERE channel = ?`).all(channel) : sqlite.prepare<[], RawRow>(SELECT).all();
  const rows: Array<Row & { channel: Channel }> = [];
  for (const r of raw) {
    if (!isChannel(r.channel)) continue;
    const row = rowOf(r);
    if (row.day >= from && row.day <= to) rows.push(row as Row & { channel: Channel });
  }
  rows.sort((a, b) => (a.order_no < b.order_no ? -1 : a.order_no > b.order_no ? 1 : 0));
  const templates = readTemplates(sqlite);
  const baskets = basketsOf(rows);
  return rows.map((r) => reconOrder(r, templates, r.basket ? (baskets.get(r.basket) ?? null) : null));
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
  const found = sqlite.prepare<[string], RawRow>(`${SELECT} WHERE id = ?`).get(orderId);
  if (!found || !isChannel(found.channel)) return null;
  const row = rowOf(found);
  const r = row as Row & { channel: Channel };
  const basketRows = r.basket ? sqlite.prepare<[string], RawRow>(`${SELECT} WHERE json_extract(data, '$.basketId') = ?`).all(r.basket).map(rowOf) : [r];
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
