/**
 * Migration 0005 (issue 16: clientIds held by a token, payload hashes, audit counts) over a
 * database created at 0004 with ledger and audit rows: every old row is kept, an old clientId is
 * held by the name of its last actor, old mutations answer duplicate as before.
 */
import { describe, expect, it } from 'vitest';
import { asc, eq } from 'drizzle-orm';
import { audit, clientMutations, mutations } from '@server/db/schema';
import { connectDesk, token } from './helpers';
import { cleanUp, withServer } from '../../support/harness';
import { databaseAt } from '../../support/migrations';
import { Commander } from './fixtures';

describe('migration 0005', () => {
  it('keeps the ledger and the audit rows; an old clientId is held by its last actor', async () => {
    const { dbFile, raw: s } = databaseAt(4, 3);
    s.prepare(`INSERT INTO client_mutations (client_id, last_mutation_id) VALUES ('desk-old', 2), ('desk-other', 1)`).run();
    s.prepare(
      `INSERT INTO mutations (client_id, mutation_id, type, status, version, error, images, queued, undone_by, actor, at) VALUES
       ('desk-old', 1, 'order.note', 'applied', 2, NULL, '[]', '[]', NULL, '王强', '2025-11-10T10:00:00+08:00'),
       ('desk-old', 2, 'order.note', 'rejected', 2, '{"code":"not_found","message":"order o-9 does not exist"}', NULL, NULL, NULL, '王强', '2025-11-10T10:01:00+08:00'),
       ('desk-other', 1, 'order.note', 'applied', 3, NULL, '[]', '[]', NULL, '刘洋', '2025-11-10T10:02:00+08:00')`,
    ).run();
    s.prepare(
      `INSERT INTO audit (at, actor, role, client_id, mutation_id, type, outcome, code, rows, version) VALUES
       ('2025-11-10T10:00:00+08:00', '王强', 'supervisor', 'desk-old', 1, 'order.note', 'applied', NULL, 2, 2),
       ('2025-11-10T10:01:00+08:00', '王强', 'supervisor', 'desk-old', 2, 'order.note', 'rejected', 'not_found', 0, 2)`,
    ).run();
    expect(() => s.prepare('SELECT holder FROM client_mutations').all()).toThrow();
    s.close();

    const server = await withServer({ dbFile });
    expect(server.db.select().from(clientMutations).orderBy(asc(clientMutations.clientId)).all()).toEqual([
      { clientId: 'desk-old', lastMutationId: 2, tokenId: null, holder: '王强' },
      { clientId: 'desk-other', lastMutationId: 1, tokenId: null, holder: '刘洋' },
    ]);
    expect(server.db.select({ m: mutations.mutationId, h: mutations.payloadHash }).from(mutations).all().every((r) => r.h === null)).toBe(true);
    expect(server.db.select({ outcome: audit.outcome, count: audit.count }).from(audit).orderBy(asc(audit.id)).all()).toEqual([
      { outcome: 'applied', count: 1 },
      { outcome: 'rejected', count: 1 },
    ]);

    // the old holder's new token: an old mutation has no hash, so its resend is a duplicate as before
    const wang = await connectDesk(server, { token: token(server, 'supervisor', '王强').token, clientId: 'desk-old', protocol: 1 });
    cleanUp(() => wang.close());
    const c = new Commander(wang);
    expect(await c.send('order.note', { orderId: 'o-1', text: 'whatever it was' }, 1)).toEqual({ ok: true, status: 'duplicate', version: 2, original: 'applied' });
    expect(await c.send('order.note', { orderId: 'o-9', text: 'x' }, 2)).toMatchObject({ ok: true, status: 'duplicate', original: 'rejected', error: { code: 'not_found' } });
    // someone else cannot speak for it
    const liu = await connectDesk(server, { token: token(server, 'supervisor', '刘洋').token, clientId: 'desk-old', protocol: 1 });
    cleanUp(() => liu.close());
    expect(await new Commander(liu).send('order.note', { orderId: 'o-1', text: 'x' }, 1)).toMatchObject({ ok: false, error: { code: 'client_taken' } });
    // the holder's next command binds the clientId to the token that sent it
    expect(await c.send('order.note', { orderId: 'o-missing', text: 'x' }, 3)).toMatchObject({ ok: true, status: 'rejected' });
    expect(server.db.select().from(clientMutations).where(eq(clientMutations.clientId, 'desk-old')).get()).toMatchObject({ lastMutationId: 3, holder: '王强', tokenId: expect.stringMatching(/^tok_/) });
  });
});
