/**
 * Migration 0004 (a floor token's scope, an event's reportedBy) over a database created at 0003
 * with a token and history: the old token stays site-wide and keeps working, old events look on
 * the wire exactly as they did, and new floor writes record the token as actor.
 */
import { cpSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { eq } from 'drizzle-orm';
import { findMigrationsFolder, openServerDb } from '@server/db/open';
import { events, tokens } from '@server/db/schema';
import { hashToken } from '@server/db/tokens';
import { eventData } from '@server/db/wire';
import { http, newOrderBody, removeTempDirs, startServer, tempDb } from './helpers';

afterAll(() => removeTempDirs());

/** A migrations folder holding only the migrations up to 0003 (already shipped), journal included. */
function folderAt0003(): string {
  const real = findMigrationsFolder();
  const dir = join(dirname(tempDb()), 'drizzle-0003');
  mkdirSync(join(dir, 'meta'), { recursive: true });
  const journal = JSON.parse(readFileSync(join(real, 'meta', '_journal.json'), 'utf8')) as { entries: { idx: number; tag: string }[] };
  journal.entries = journal.entries.filter((e) => e.idx <= 3);
  for (const e of journal.entries) cpSync(join(real, `${e.tag}.sql`), join(dir, `${e.tag}.sql`));
  writeFileSync(join(dir, 'meta', '_journal.json'), JSON.stringify(journal));
  return dir;
}

describe('migration 0004', () => {
  it('keeps old tokens site-wide and old events without reportedBy; new floor writes name the token', async () => {
    const dbFile = tempDb();
    const old = openServerDb(dbFile, { migrationsFolder: folderAt0003() });
    const s = old.$client;
    s.prepare(`INSERT INTO meta (key, value) VALUES ('head', '2'), ('serverId', 'old-server')`).run();
    s.prepare(`INSERT INTO tokens (id, hash, role, name, created_at, expires_at, revoked_at) VALUES ('tok_old', ?, 'floor', '老扫码枪', '2025-01-01T00:00:00.000Z', NULL, NULL)`).run(hashToken('old-floor-token'));
    s.prepare(
      `INSERT INTO orders (id, version, deleted, order_no, channel, product_type, customer_name, customer_phone, province, city, district, address_detail,
         lat, lng, amount, skus, signed_at, promised_date, stage, stage_entered_at, causes, created_at, updated_at)
       VALUES ('o-old', 1, 0, 'OLD-1', 'tmall', 'wardrobe', '王芳', '13912345678', '上海市', '上海市', '徐汇区', '漕溪北路1号', 31.19, 121.44, 18800, '[]',
         '2025-11-01T10:00:00+08:00', '2025-12-10', 1, '2025-11-01T10:00:00+08:00', '[]', '2025-11-01T10:00:00+08:00', '2025-11-01T10:00:00+08:00')`,
    ).run();
    s.prepare(`INSERT INTO events (id, version, deleted, order_id, kind, stage, at, actor) VALUES ('e-old', 2, 0, 'o-old', 'stage', 1, '2025-11-01T10:00:00+08:00', '张三')`).run();
    expect(() => s.prepare('SELECT scope FROM tokens').all()).toThrow();
    expect(() => s.prepare('SELECT reported_by FROM events').all()).toThrow();
    s.close();

    const server = await startServer({ dbFile });
    try {
      const tok = server.db.select().from(tokens).where(eq(tokens.id, 'tok_old')).get()!;
      expect(tok.scope).toBeNull();
      const oldEvent = server.db.select().from(events).where(eq(events.id, 'e-old')).get()!;
      expect(oldEvent.reportedBy).toBeNull();
      expect(eventData(oldEvent)).not.toHaveProperty('reportedBy');
      // the old token is site-wide: it reads any order (projected) and creates orders
      const read = await http(server, 'GET', '/api/v1/orders/o-old', { token: 'old-floor-token' });
      expect(read.status).toBe(200);
      expect((read.body.order as Record<string, unknown>).customerPhone).toBe('139****5678');
      const created = await http(server, 'POST', '/api/v1/orders', { token: 'old-floor-token', body: newOrderBody('NEW-1', { actor: '李四' }) });
      expect(created.status).toBe(201);
      const added = server.db.select().from(events).where(eq(events.orderId, created.body.id as string)).get()!;
      expect([added.actor, added.reportedBy]).toEqual(['老扫码枪', '李四']);
    } finally {
      await server.close();
    }
  });
});
