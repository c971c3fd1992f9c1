/** Migration 0006 (the floor API's idempotency records) over a database created at 0005, with data. */
import { cpSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { findMigrationsFolder, openServerDb } from '@server/db/open';
import { createToken } from '@server/db/tokens';
import { removeTempDirs, startServer, tempDb } from './helpers';

afterAll(() => removeTempDirs());

/** A migrations folder holding only the migrations up to 0005, journal included. */
function folderAt0005(): string {
  const real = findMigrationsFolder();
  const dir = join(dirname(tempDb()), 'drizzle-0005');
  mkdirSync(join(dir, 'meta'), { recursive: true });
  const journal = JSON.parse(readFileSync(join(real, 'meta', '_journal.json'), 'utf8')) as { entries: { idx: number; tag: string }[] };
  journal.entries = journal.entries.filter((e) => e.idx <= 5);
  for (const e of journal.entries) cpSync(join(real, `${e.tag}.sql`), join(dir, `${e.tag}.sql`));
  writeFileSync(join(dir, 'meta', '_journal.json'), JSON.stringify(journal));
  return dir;
}

describe('migration 0006', () => {
  it('keeps every order and token, and a keyed write on an old order is applied once', async () => {
    const dbFile = tempDb();
    const old = openServerDb(dbFile, { migrationsFolder: folderAt0005() });
    const s = old.$client;
    s.prepare(`INSERT INTO meta (key, value) VALUES ('head', '1'), ('serverId', 'old-server')`).run();
    s.prepare(
      `INSERT INTO orders (id, version, deleted, order_no, channel, product_type, customer_name, customer_phone, province, city, district, address_detail, lat, lng, amount, skus, signed_at, promised_date, stage, stage_entered_at, causes, created_at, updated_at)
       VALUES ('o-1', 1, 0, 'OLD-1', 'jd', 'kitchen', '李雷', '13800000000', '上海市', '上海市', '浦东新区', '世纪大道1号', 31.2, 121.5, 30000, '[]', '2025-11-01T10:00:00+08:00', '2025-12-01', 5, '2025-11-10T10:00:00+08:00', '[]', '2025-11-01T10:00:00+08:00', '2025-11-10T10:00:00+08:00')`,
    ).run();
    const floor = createToken(old, 'floor', '木工车间').token;
    expect(() => s.prepare('SELECT * FROM floor_idempotency').all()).toThrow(/no such table/);
    s.close();

    const server = await startServer({ dbFile });
    try {
      expect(server.db.$client.prepare("SELECT order_no, stage FROM orders WHERE id = 'o-1'").get()).toEqual({ order_no: 'OLD-1', stage: 5 });
      const tag = () =>
        fetch(`${server.url}/api/v1/orders/o-1/causes`, {
          method: 'POST',
          headers: { authorization: `Bearer ${floor}`, 'content-type': 'application/json', 'idempotency-key': 'old-order-1' },
          body: JSON.stringify({ cause: 'board_shortage' }),
        });
      const first = await tag();
      const again = await tag();
      expect([first.status, again.status, again.headers.get('idempotent-replayed')]).toEqual([200, 200, 'true']);
      expect(await again.json()).toEqual(await first.json());
      expect(server.db.$client.prepare("SELECT count(*) AS n FROM events WHERE order_id = 'o-1' AND kind = 'cause'").get()).toEqual({ n: 1 });
      expect(server.db.$client.prepare('SELECT count(*) AS n FROM floor_idempotency').get()).toEqual({ n: 1 });
    } finally {
      await server.close();
    }
  });
});
