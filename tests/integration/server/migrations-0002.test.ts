/** Migration 0002 (crew overtime, SMS delivery error and attempts) over a database created at 0001, with data. */
import { cpSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { findMigrationsFolder, openServerDb } from '@server/db/open';
import { crews, notifications } from '@server/db/schema';
import { crewData, notificationData } from '@server/db/wire';
import { removeTempDirs, startServer, tempDb } from './helpers';

afterAll(() => removeTempDirs());

/** A migrations folder holding only the migrations up to 0001 (already shipped), journal included. */
function folderAt0001(): string {
  const real = findMigrationsFolder();
  const dir = join(dirname(tempDb()), 'drizzle-0001');
  mkdirSync(join(dir, 'meta'), { recursive: true });
  const journal = JSON.parse(readFileSync(join(real, 'meta', '_journal.json'), 'utf8')) as { entries: { idx: number; tag: string }[] };
  journal.entries = journal.entries.filter((e) => e.idx <= 1);
  for (const e of journal.entries) cpSync(join(real, `${e.tag}.sql`), join(dir, `${e.tag}.sql`));
  writeFileSync(join(dir, 'meta', '_journal.json'), JSON.stringify(journal));
  return dir;
}

describe('migration 0002', () => {
  it('gives old crews no overtime and old texts no error and no attempts, keeping every row', async () => {
    const dbFile = tempDb();
    const old = openServerDb(dbFile, { migrationsFolder: folderAt0001() });
    const s = old.$client;
    s.prepare(`INSERT INTO meta (key, value) VALUES ('head', '1'), ('serverId', 'old-server')`).run();
    s.prepare(
      `INSERT INTO orders (id, version, deleted, order_no, channel, product_type, customer_name, customer_phone, province, city, district, address_detail, lat, lng, amount, skus, signed_at, promised_date, stage, stage_entered_at, causes, created_at, updated_at)
       VALUES ('o-1', 1, 0, 'OLD-1', 'jd', 'kitchen', '李雷', '13800000000', '上海市', '上海市', '浦东新区', '世纪大道1号', 31.2, 121.5, 30000, '[]', '2025-11-01T10:00:00+08:00', '2025-12-01', 9, '2025-11-10T10:00:00+08:00', '[]', '2025-11-01T10:00:00+08:00', '2025-11-10T10:00:00+08:00')`,
    ).run();
    s.prepare(
      `INSERT INTO crews (id, version, deleted, name, district, districts, skills, capacity_per_day, unavailable) VALUES ('crew-1', 1, 0, '浦东1队', '浦东新区', '["浦东新区"]', '["kitchen"]', 4, '[]')`,
    ).run();
    s.prepare(`INSERT INTO notifications (id, version, deleted, order_id, template, status, at, params, sent_at) VALUES ('n-1', 1, 0, 'o-1', 'tracking_link', 'queued', '2025-11-10T10:00:00+08:00', NULL, NULL)`).run();
    expect(() => s.prepare('SELECT overtime FROM crews').all()).toThrow();
    s.close();

    const server = await startServer({ dbFile });
    try {
      const crew = server.db.select().from(crews).get();
      expect(crew).toMatchObject({ id: 'crew-1', version: 1, capacityPerDay: 4, overtime: [] });
      expect(crewData(crew!)).not.toHaveProperty('overtime');
      const text = server.db.select().from(notifications).get();
      expect(text).toMatchObject({ id: 'n-1', version: 1, status: 'queued', error: null, attempts: 0 });
      expect(notificationData(text!)).not.toHaveProperty('error');
    } finally {
      await server.close();
    }
  });
});
