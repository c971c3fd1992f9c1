/**
 * Migration 0004 (a floor token's scope, an event's reportedBy) over a database created at 0003
 * with a token and history: the old token stays site-wide and keeps working, old events look on
 * the wire exactly as they did, and new floor writes record the token as actor.
 */
import { describe, expect, it } from 'vitest';
import { eq } from 'drizzle-orm';
import { events, tokens } from '@server/db/schema';
import { hashToken } from '@server/db/tokens';
import { eventData } from '@server/db/wire';
import { http, newOrderBody } from './helpers';
import { withServer } from '../../support/harness';
import { databaseAt, insertOldOrder } from '../../support/migrations';

describe('migration 0004', () => {
  it('keeps old tokens site-wide and old events without reportedBy; new floor writes name the token', async () => {
    const { dbFile, raw: s } = databaseAt(3, 2);
    s.prepare(`INSERT INTO tokens (id, hash, role, name, created_at, expires_at, revoked_at) VALUES ('tok_old', ?, 'floor', '老扫码枪', '2025-01-01T00:00:00.000Z', NULL, NULL)`).run(hashToken('old-floor-token'));
    insertOldOrder(s, { id: 'o-old', customer_phone: '13912345678', stage: 1 });
    s.prepare(`INSERT INTO events (id, version, deleted, order_id, kind, stage, at, actor) VALUES ('e-old', 2, 0, 'o-old', 'stage', 1, '2025-11-01T10:00:00+08:00', '张三')`).run();
    expect(() => s.prepare('SELECT scope FROM tokens').all()).toThrow();
    expect(() => s.prepare('SELECT reported_by FROM events').all()).toThrow();
    s.close();

    const server = await withServer({ dbFile });
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
  });
});
