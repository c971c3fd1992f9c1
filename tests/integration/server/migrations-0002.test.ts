/** Migration 0002 (crew overtime, SMS delivery error and attempts) over a database created at 0001, with data. */
import { describe, expect, it } from 'vitest';
import { crews, notifications } from '@server/db/schema';
import { crewData, notificationData } from '@server/db/wire';
import { withServer } from '../../support/harness';
import { databaseAt, insertOldOrder } from '../../support/migrations';

describe('migration 0002', () => {
  it('gives old crews no overtime and old texts no error and no attempts, keeping every row', async () => {
    const { dbFile, raw: s } = databaseAt(1);
    insertOldOrder(s);
    s.prepare(
      `INSERT INTO crews (id, version, deleted, name, district, districts, skills, capacity_per_day, unavailable) VALUES ('crew-1', 1, 0, '浦东1队', '浦东新区', '["浦东新区"]', '["kitchen"]', 4, '[]')`,
    ).run();
    s.prepare(`INSERT INTO notifications (id, version, deleted, order_id, template, status, at, params, sent_at) VALUES ('n-1', 1, 0, 'o-1', 'tracking_link', 'queued', '2025-11-10T10:00:00+08:00', NULL, NULL)`).run();
    expect(() => s.prepare('SELECT overtime FROM crews').all()).toThrow();
    s.close();

    const server = await withServer({ dbFile });
    const crew = server.db.select().from(crews).get();
    expect(crew).toMatchObject({ id: 'crew-1', version: 1, capacityPerDay: 4, overtime: [] });
    expect(crewData(crew!)).not.toHaveProperty('overtime');
    const text = server.db.select().from(notifications).get();
    expect(text).toMatchObject({ id: 'n-1', version: 1, status: 'queued', error: null, attempts: 0 });
    expect(notificationData(text!)).not.toHaveProperty('error');
  });
});
