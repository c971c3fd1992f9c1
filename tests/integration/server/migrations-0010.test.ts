/**
 * Migration 0010 (issue 20: promotion templates, the order finance-review columns) over a
 * database created at 0009 with an order that has a discount: the order keeps every field and
 * enters the review as `pending` (it was signed before the review existed: finance passes or
 * releases it by hand, nothing holds it behind its back), the templates are seeded at start, and
 * the order travels with its review fields.
 */
import { describe, expect, it } from 'vitest';
import { withServer } from '../../support/harness';
import { databaseAt, insertOldOrder } from '../../support/migrations';
import { defaultPromotions } from '@server/promotions/data';
import { orderData } from '@server/db/wire';
import { orders } from '@server/db/schema';

describe('migration 0010', () => {
  it('keeps an old discounted order pending with empty review fields and seeds the templates', async () => {
    const { dbFile, raw: s } = databaseAt(9, 3);
    insertOldOrder(s, { id: 'o-old' });
    s.prepare(`UPDATE orders SET discount_template = '京东PLUS券', discount_amount = 900 WHERE id = 'o-old'`).run();
    s.close();

    const server = await withServer({ dbFile });
    const db = server.db.$client;
    expect(db.prepare("SELECT order_no, amount, discount_template, discount_amount, stage, version, review_status, expected_discount, discount_difference, basket_id, coupon_amount, reviewed_at FROM orders WHERE id = 'o-old'").get()).toEqual({
      order_no: 'OLD-1', amount: 30000, discount_template: '京东PLUS券', discount_amount: 900, stage: 9, version: 1,
      review_status: 'pending', expected_discount: null, discount_difference: null, basket_id: null, coupon_amount: null, reviewed_at: null,
    });
    const templates = db.prepare('SELECT template_id AS id, template_version AS v FROM promotion_templates WHERE deleted = 0').all() as Array<{ id: string; v: number }>;
    expect(templates.map((t) => `${t.id}#${t.v}`).sort()).toEqual(defaultPromotions().map((t) => `${t.id}#${t.version}`).sort());
    const row = server.db.select().from(orders).all().find((o) => o.id === 'o-old')!;
    expect(orderData(row)).toMatchObject({ discountAmount: 900, reviewStatus: 'pending', expectedDiscount: null, reviewTemplateVersion: null });
  });
});
