/** Migration 0000 (the first schema): a database a release created at 0000, with data, carried forward to the newest schema. */
import { describe, expect, it } from 'vitest';
import { computeDigest } from '@server/db/changes';
import { notifications, orders } from '@server/db/schema';
import { defaultSupply } from '@server/supply/data';
import { defaultPromotions } from '@server/promotions/data';
import { withServer } from '../../support/harness';
import { databaseAt, insertOldOrder } from '../../support/migrations';

describe('migration 0000', () => {
  it('carries a database created at 0000, with data, forward to the newest schema', async () => {
    const { dbFile, raw: s } = databaseAt(0);
    insertOldOrder(s, { causes: '["logistics"]' });
    s.prepare(`INSERT INTO notifications (id, version, deleted, order_id, template, status, at) VALUES ('n-1', 1, 0, 'o-1', 'tracking_link', 'sent', '2025-11-10T10:00:00+08:00')`).run();
    const before = s.prepare(`SELECT (SELECT count(*) FROM orders) + (SELECT count(*) FROM notifications) AS n`).get() as { n: number };
    expect(() => s.prepare('SELECT params FROM notifications').all()).toThrow();
    s.close();

    const server = await withServer({ dbFile });
    expect(server.serverId).toBe('old-server');
    expect(server.db.select().from(orders).all()).toMatchObject([{ id: 'o-1', causes: ['logistics'], stage: 9 }]);
    expect(server.db.select().from(notifications).all()).toMatchObject([{ id: 'n-1', params: null, sentAt: null }]);
    const after = computeDigest(server.db);
    // the old rows keep their versions; the budgets, carriers, lines and promotion templates (issue 20) arrive at one new version
    expect(after.version).toBe(2);
    const supply = defaultSupply();
    expect(after.count).toBe(before.n + 12 + supply.carriers.length + supply.lines.length + defaultPromotions().length);
    expect(server.db.select().from(orders).all()[0]?.version).toBe(1);
  });
});
