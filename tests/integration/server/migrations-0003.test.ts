/** Migration 0003 (the audit row's `detail`) over a database created at 0002, with audit rows. */
import { describe, expect, it } from 'vitest';
import { asc } from 'drizzle-orm';
import { CommandReply } from '@shared/protocol';
import { audit } from '@server/db/schema';
import { auditData } from '@server/db/wire';
import { connectDesk, token } from './helpers';
import { cleanUp, withServer } from '../../support/harness';
import { databaseAt } from '../../support/migrations';
import { Commander } from './fixtures';

describe('migration 0003', () => {
  it('keeps every old audit row without detail, and new incident.state rows carry one', async () => {
    const { dbFile, raw: s } = databaseAt(2, 3);
    s.prepare(
      `INSERT INTO audit (at, actor, role, client_id, mutation_id, type, outcome, code, rows, version) VALUES
       ('2025-11-10T10:00:00+08:00', '王强', 'supervisor', 'desk-1', 1, 'order.note', 'applied', NULL, 2, 3),
       ('2025-11-10T10:01:00+08:00', '王强', 'supervisor', 'desk-1', 2, 'order.note', 'rejected', 'not_found', 0, 3)`,
    ).run();
    expect(() => s.prepare('SELECT detail FROM audit').all()).toThrow();
    s.close();

    const server = await withServer({ dbFile });
    const socket = await connectDesk(server, { token: token(server, 'supervisor', '李值班').token, clientId: 'desk-2', protocol: 1 });
    cleanUp(() => socket.close());
    const before = server.db.select().from(audit).orderBy(asc(audit.id)).all();
    expect(before.map((r) => [r.mutationId, r.outcome, r.rows, r.version, r.detail])).toEqual([
      [1, 'applied', 2, 3, null],
      [2, 'rejected', 0, 3, null],
    ]);
    // an old row looks on the wire exactly as it did before the column existed
    expect(auditData(before[0]!)).not.toHaveProperty('detail');

    const head = server.head(); // the first start seeds the budgets at a version of its own
    const r = CommandReply.parse(await new Commander(socket).send('incident.state', { incidentId: 'inc-1', state: 'resolved', title: '浦东新区 · 安装人员不足', orderIds: [] }));
    expect(r).toEqual({ ok: true, status: 'applied', version: head + 1 });
    const added = server.db.select().from(audit).orderBy(asc(audit.id)).all().at(-1)!;
    expect(auditData(added)).toMatchObject({ type: 'incident.state', rows: 0, detail: 'resolved · 浦东新区 · 安装人员不足 [inc-1]' });
  });
});
