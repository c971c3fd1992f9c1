/**
 * Migration 0001 (the command ledger: mutations, client_mutations and audit; stage budgets; a
 * text's params and sent_at) over a database created at 0000 with an order and a sent text: the
 * old rows are kept, the old text has no params and no sent time, and a desk's first command on
 * the old order goes through the new ledger: applied once, its resend answered duplicate, both audited.
 */
import { describe, expect, it } from 'vitest';
import { openServerDb } from '@server/db/open';
import { audit } from '@server/db/schema';
import { cleanUp, withServer } from '../../support/harness';
import { databaseAt, insertOldOrder, migrationsUpTo } from '../../support/migrations';
import { connectDesk, token } from './helpers';
import { Commander } from './fixtures';

const LEDGER = ['mutations', 'client_mutations', 'audit', 'budgets'];

describe('migration 0001', () => {
  it('keeps the old order and text, and the first command on the old order is applied once, and both it and its resend are audited', async () => {
    const { dbFile, raw: s } = databaseAt(0);
    insertOldOrder(s);
    s.prepare(`INSERT INTO notifications (id, version, deleted, order_id, template, status, at) VALUES ('n-1', 1, 0, 'o-1', 'tracking_link', 'sent', '2025-11-10T10:00:00+08:00')`).run();
    for (const table of LEDGER) expect(() => s.prepare(`SELECT * FROM ${table}`).all()).toThrow(/no such table/);
    s.close();

    // 0001 alone over it: the text gains no params and no sent time, the ledger starts empty
    const at0001 = openServerDb(dbFile, { migrationsFolder: migrationsUpTo(1) }).$client;
    expect(at0001.prepare(`SELECT id, status, params, sent_at FROM notifications`).all()).toEqual([{ id: 'n-1', status: 'sent', params: null, sent_at: null }]);
    expect(LEDGER.map((table) => (at0001.prepare(`SELECT count(*) AS n FROM ${table}`).get() as { n: number }).n)).toEqual([0, 0, 0, 0]);
    at0001.close();

    const server = await withServer({ dbFile });
    const desk = await connectDesk(server, { token: token(server, 'supervisor', '王强').token, clientId: 'desk-1', protocol: 1 });
    cleanUp(() => desk.close());
    const head = server.head();
    const note = { orderId: 'o-1', text: '老订单：客户改约下周' };
    const c = new Commander(desk);
    expect(await c.send('order.note', note, 1)).toEqual({ ok: true, status: 'applied', version: head + 1 });
    expect(await c.send('order.note', note, 1)).toEqual({ ok: true, status: 'duplicate', version: head + 1, original: 'applied' });
    expect(server.db.$client.prepare(`SELECT count(*) AS n FROM events WHERE order_id = 'o-1' AND kind = 'note'`).get()).toEqual({ n: 1 });
    expect(server.db.select({ actor: audit.actor, mutationId: audit.mutationId, type: audit.type, outcome: audit.outcome }).from(audit).all()).toEqual([
      { actor: '王强', mutationId: 1, type: 'order.note', outcome: 'applied' },
      { actor: '王强', mutationId: 1, type: 'order.note', outcome: 'duplicate' },
    ]);
  });
});
