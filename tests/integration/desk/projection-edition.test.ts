// Issue 16 (least data): a desk whose replica was synced before phones were masked for every role
// (projection edition 1) holds full numbers in rows that have not changed since. hello names the
// server's edition; a desk synced under another one rebuilds its replica from the server, and a
// desk already at the server's edition is left as it is.
import Database from 'better-sqlite3';
import { statSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { orders } from '@server/db/schema';
import { PROJECTION_EDITION } from '@shared/projection';
import type { DeskBackend } from '@main/backend';
import { until } from '../../support/desk-harness';
import { backlog, withDesk, withServer } from '../../support/harness';

const live = (d: DeskBackend, head: number) => until('caught up', () => d.handlers.status({}), (st) => st.state === 'live' && st.checkpoint === head);

function replica<T>(dataDir: string, fn: (db: Database.Database) => T): T {
  const db = new Database(join(dataDir, 'replica.sqlite'));
  try {
    return fn(db);
  } finally {
    db.close();
  }
}

describe('projection edition', () => {
  it('a replica synced under edition 1 (full phones) is rebuilt; one at the current edition is kept', async () => {
    const s = await withServer({ simulate: backlog(9, 150) });
    const first = withDesk(s, { name: '值班主管 吴' });
    const { dataDir, token } = first;
    await live(first, s.head());
    await first.close();
    expect(replica(dataDir, (db) => (db.prepare("SELECT value FROM meta WHERE key = 'projection'").get() as { value: string }).value)).toBe(String(PROJECTION_EDITION));

    // the current edition: restarting keeps the same replica file
    const ino = statSync(join(dataDir, 'replica.sqlite')).ino;
    const again = withDesk(s, { dataDir, token });
    await live(again, s.head());
    await again.close();
    expect(statSync(join(dataDir, 'replica.sqlite')).ino).toBe(ino);

    // as an older desk left it: no edition recorded, and a full phone in a row that has not changed since
    const o = s.db.select().from(orders).get()!;
    replica(dataDir, (db) => {
      db.prepare("DELETE FROM meta WHERE key = 'projection'").run();
      db.prepare('UPDATE orders SET customer_phone = ? WHERE id = ?').run(o.customerPhone, o.id);
    });
    const old = withDesk(s, { dataDir, token });
    await live(old, s.head());
    const full = new Set(s.db.select({ p: orders.customerPhone }).from(orders).all().map((r) => r.p));
    const stored = replica(dataDir, (db) => (db.prepare('SELECT customer_phone AS p FROM orders').all() as { p: string }[]).map((r) => r.p));
    expect(stored.filter((p) => full.has(p))).toEqual([]);
    expect(replica(dataDir, (db) => (db.prepare("SELECT value FROM meta WHERE key = 'projection'").get() as { value: string }).value)).toBe(String(PROJECTION_EDITION));
    expect((await old.handlers.verify({})).match).toBe(true);
  });
});
