import { cpSync, mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { findMigrationsFolder, openServerDb } from '@server/db/open';
import { computeDigest } from '@server/db/changes';
import { notifications, orders } from '@server/db/schema';
import { removeTempDirs, startServer, tempDb } from './helpers';

afterAll(() => removeTempDirs());

/** A migrations folder holding only the first (already shipped) migration. */
function folderAt0000(): string {
  const real = findMigrationsFolder();
  const dir = join(dirname(tempDb()), 'drizzle-0000');
  mkdirSync(join(dir, 'meta'), { recursive: true });
  cpSync(join(real, '0000_init.sql'), join(dir, '0000_init.sql'));
  const journal = JSON.parse(JSON.stringify({ version: '7', dialect: 'sqlite', entries: [{ idx: 0, version: '6', when: 1795616652530, tag: '0000_init', breakpoints: true }] }));
  writeFileSync(join(dir, 'meta', '_journal.json'), JSON.stringify(journal));
  return dir;
}

describe('migrations', () => {
  it('carries a database created at 0000, with data, forward to the newest schema', async () => {
    const dbFile = tempDb();
    const old = openServerDb(dbFile, { migrationsFolder: folderAt0000() });
    const s = old.$client;
    s.prepare(`INSERT INTO meta (key, value) VALUES ('head', '1'), ('serverId', 'old-server')`).run();
    s.prepare(
      `INSERT INTO orders (id, version, deleted, order_no, channel, product_type, customer_name, customer_phone, province, city, district, address_detail, lat, lng, amount, skus, signed_at, promised_date, stage, stage_entered_at, causes, created_at, updated_at)
       VALUES ('o-1', 1, 0, 'OLD-1', 'jd', 'kitchen', '李雷', '13800000000', '上海市', '上海市', '浦东新区', '世纪大道1号', 31.2, 121.5, 30000, '[]', '2025-11-01T10:00:00+08:00', '2025-12-01', 9, '2025-11-10T10:00:00+08:00', '["logistics"]', '2025-11-01T10:00:00+08:00', '2025-11-10T10:00:00+08:00')`,
    ).run();
    s.prepare(`INSERT INTO notifications (id, version, deleted, order_id, template, status, at) VALUES ('n-1', 1, 0, 'o-1', 'tracking_link', 'sent', '2025-11-10T10:00:00+08:00')`).run();
    const before = s.prepare(`SELECT (SELECT count(*) FROM orders) + (SELECT count(*) FROM notifications) AS n`).get() as { n: number };
    expect(() => s.prepare('SELECT params FROM notifications').all()).toThrow();
    s.close();

    const server = await startServer({ dbFile });
    expect(server.serverId).toBe('old-server');
    expect(server.db.select().from(orders).all()).toMatchObject([{ id: 'o-1', causes: ['logistics'], stage: 9 }]);
    expect(server.db.select().from(notifications).all()).toMatchObject([{ id: 'n-1', params: null, sentAt: null }]);
    const after = computeDigest(server.db);
    // the old rows keep their versions; the budgets arrive at one new version
    expect(after.version).toBe(2);
    expect(after.count).toBe(before.n + 12);
    expect(server.db.select().from(orders).all()[0]?.version).toBe(1);
    await server.close();
  });
});
