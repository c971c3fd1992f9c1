/**
 * Migration 0011 (the customer self-service page, issue 18) over a database created at 0010 with
 * orders whose phones were typed in different ways: the orders keep every field, the new index
 * finds all of one customer's orders by the 11 digits (and SQLite uses it for the lookup), and
 * the new tables start empty with nothing on the wire until the page is used.
 */
import { describe, expect, it } from 'vitest';
import { changesBetween } from '@server/db/changes';
import { TrackStore } from '@server/track/store';
import { withServer } from '../../support/harness';
import { databaseAt, insertOldOrder } from '../../support/migrations';

describe('migration 0011', () => {
  it('finds an old customer’s orders by phone however it was typed, through the new index', async () => {
    const { dbFile, raw: s } = databaseAt(10, 4);
    insertOldOrder(s, { id: 'o-1', order_no: 'OLD-1', customer_phone: '13800138000' });
    insertOldOrder(s, { id: 'o-2', order_no: 'OLD-2', customer_phone: '+86 138-0013-8000' });
    insertOldOrder(s, { id: 'o-3', order_no: 'OLD-3', customer_phone: '139 0000 0000' });
    insertOldOrder(s, { id: 'o-4', order_no: 'OLD-4', customer_phone: '0138001380000' });
    expect(() => s.prepare('SELECT * FROM track_access').all()).toThrow(/no such table/);
    s.close();

    const server = await withServer({ dbFile });
    const db = server.db.$client;
    expect(db.prepare("SELECT order_no, customer_phone, stage, version FROM orders WHERE id = 'o-2'").get()).toEqual({ order_no: 'OLD-2', customer_phone: '+86 138-0013-8000', stage: 9, version: 1 });
    const store = new TrackStore({ writer: server.writer });
    expect(store.ordersOf(server.db, '13800138000').map((o) => o.orderNo).sort()).toEqual(['OLD-1', 'OLD-2']);
    expect(store.ordersOf(server.db, '13900000000').map((o) => o.orderNo)).toEqual(['OLD-3']);
    // 0138001380000 ends in the same 11 characters as no mobile number: it is not 13800138000's
    expect(store.ordersOf(server.db, '38001380000')).toEqual([]);
    const plan = db.prepare(`EXPLAIN QUERY PLAN SELECT id FROM orders WHERE substr(replace(replace(customer_phone, ' ', ''), '-', ''), -11) = ?`).all('13800138000') as Array<{ detail: string }>;
    expect(plan.map((p) => p.detail).join(' ')).toContain('orders_phone_tail');
    for (const table of ['track_codes', 'track_sessions', 'track_access', 'customer_requests']) expect(db.prepare(`SELECT COUNT(*) AS n FROM ${table}`).get()).toEqual({ n: 0 });
    expect(changesBetween(server.db, 0, server.head()).filter((c) => c.entity === 'track_access' || c.entity === 'customer_request')).toEqual([]);
  });
});
