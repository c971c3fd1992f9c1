/**
 * Migration 0007 (carriers, lines, the auto-policy tables, a text's recipient) over a database
 * created at 0006, with an order and a queued text: the rows stay as they were, the old text is
 * the customer's, and the first start seeds the carriers and lines at a version of its own.
 */
import { describe, expect, it } from 'vitest';
import { carrierRowId, lineRowId } from '@shared/supply-ids';
import { CarrierData, LineData } from '@shared/supply-rules';
import { changesBetween } from '@server/db/changes';
import { defaultSupply } from '@server/supply/data';
import { withServer } from '../../support/harness';
import { databaseAt, insertOldOrder } from '../../support/migrations';

describe('migration 0007', () => {
  it('keeps the order and its queued text (recipient customer) and seeds carriers and lines on start', async () => {
    const { dbFile, raw: s } = databaseAt(6, 3);
    insertOldOrder(s, { stage: 9, version: 2 });
    s.prepare(
      `INSERT INTO notifications (id, version, deleted, order_id, template, status, at, params, attempts)
       VALUES ('n-1', 3, 0, 'o-1', 'tracking_link', 'queued', '2025-11-10T10:00:00+08:00', NULL, 0)`,
    ).run();
    expect(() => s.prepare('SELECT * FROM carriers').all()).toThrow(/no such table/);
    s.close();

    const server = await withServer({ dbFile });
    const db = server.db.$client;
    expect(db.prepare("SELECT order_no, stage, version FROM orders WHERE id = 'o-1'").get()).toEqual({ order_no: 'OLD-1', stage: 9, version: 2 });
    expect(db.prepare("SELECT template, status, version, recipient FROM notifications WHERE id = 'n-1'").get()).toEqual({
      template: 'tracking_link', status: 'queued', version: 3, recipient: 'customer',
    });

    // the seed: every shipped carrier and line, at one new version after the old head
    const { carriers, lines } = defaultSupply();
    const seeded = changesBetween(server.db, 3, server.head()).filter((c) => c.entity === 'carrier' || c.entity === 'line');
    expect(seeded.filter((c) => c.entity === 'carrier').map((c) => c.id).sort()).toEqual(carriers.map((c) => carrierRowId(c.name)).sort());
    expect(seeded.filter((c) => c.entity === 'line').map((c) => c.id).sort()).toEqual(lines.map((l) => lineRowId(`${l.factory}/${l.name}`)).sort());
    expect(new Set(seeded.map((c) => c.version)).size).toBe(1);
    expect(seeded[0]!.version).toBeGreaterThan(3);
    // what travels parses with the shared schemas and names the carrier
    const anneng = seeded.find((c) => c.id === carrierRowId('安能物流'));
    expect(CarrierData.parse(anneng?.data).name).toBe('安能物流');
    for (const c of seeded.filter((c) => c.entity === 'line')) LineData.parse(c.data);
    // the old text travels as it always did: no recipient on the wire for a customer's text
    const text = changesBetween(server.db, 0, server.head()).find((c) => c.entity === 'notification');
    expect(text?.data && 'recipient' in text.data).toBe(false);
  });

  it('seeds nothing again on the next start', async () => {
    const { dbFile, raw: s } = databaseAt(6, 1);
    s.close();
    const first = await withServer({ dbFile });
    const head = first.head();
    await first.close();
    const again = await withServer({ dbFile });
    expect(again.head()).toBe(head);
  });
});
