/**
 * incident.state (protocol extension, issue 7) against a real server over real sockets: it writes
 * no business row, yet commits a version whose audit row (who, when, what, how many orders, in
 * words) reaches every desk, live and by pull; its undo is refused, clearly.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Socket } from 'socket.io-client';
import { AuditData } from '@shared/entities';
import { ChangesPush, CommandReply } from '@shared/protocol';
import type { OrderServer } from '@server/app';
import { recentAudit } from '@server/db/ledger';
import { connectDesk, nextEvent, pullAll, removeTempDirs, startServer, token } from './helpers';
import { Commander } from './fixtures';

let server: OrderServer;
let supervisor: string;
let viewer: string;
const sockets: Socket[] = [];

async function open(tokenText: string, clientId: string): Promise<Socket> {
  const s = await connectDesk(server, { token: tokenText, clientId, protocol: 1 });
  sockets.push(s);
  return s;
}

const someOrders = (n: number): string[] =>
  (server.db.$client.prepare('SELECT id FROM orders ORDER BY id LIMIT ?').all(n) as { id: string }[]).map((r) => r.id);

const auditOf = (clientId: string, mutationId: number) => recentAudit(server.db, 200).find((a) => a.clientId === clientId && a.mutationId === mutationId);

beforeAll(async () => {
  server = await startServer({ simulate: { seed: 7, speed: 1, live: false, backlogOrders: 80 } });
  supervisor = token(server, 'supervisor', '值班主管 王强').token;
  viewer = token(server, 'viewer', '大屏').token;
});

afterAll(async () => {
  for (const s of sockets) s.close();
  await server.close();
  removeTempDirs();
});

describe('incident.state', () => {
  it('is applied at a version of its own that holds only its audit row, pushed and pulled by another desk', async () => {
    const c = new Commander(await open(supervisor, 'inc-wang'));
    const other = await open(viewer, 'inc-wall');
    const ids = someOrders(12);
    const head = server.head();
    const push = nextEvent<unknown>(other, 'changes');
    const payload = { incidentId: 'inc-installer_shortage-1x', state: 'acknowledged', title: '浦东新区 · 安装人员不足', orderIds: [...ids, ids[0]] };
    const r = CommandReply.parse(await c.send('incident.state', payload));
    expect(r).toEqual({ ok: true, status: 'applied', version: head + 1 });

    // the server's audit trail: who, what, how many distinct orders, in words
    const row = auditOf('inc-wang', 1);
    expect(row).toMatchObject({ actor: '值班主管 王强', role: 'supervisor', type: 'incident.state', outcome: 'applied', rows: 12, version: head + 1 });
    expect(row?.detail).toBe('acknowledged · 浦东新区 · 安装人员不足 [inc-installer_shortage-1x]');

    // live: the push of that version is the audit row alone (no business row changed)
    const pushed = ChangesPush.parse(await push);
    expect(pushed).toMatchObject({ from: head, to: head + 1 });
    expect(pushed.changes.map((x) => x.entity)).toEqual(['audit']);
    expect(AuditData.parse(pushed.changes[0]?.data)).toMatchObject({ type: 'incident.state', rows: 12, detail: row?.detail });

    // by pull: a desk that was away gets the same row
    const { changes } = await pullAll(other, head);
    expect(changes).toHaveLength(1);
    expect(changes[0]).toMatchObject({ entity: 'audit', id: String(row?.id), version: head + 1 });
    expect(AuditData.parse(changes[0]?.data).detail).toBe(row?.detail);
  });

  it('leaves detail out of the audit rows of other commands, and works inside a batch', async () => {
    const c = new Commander(await open(supervisor, 'inc-batch'));
    const [orderId] = someOrders(1);
    expect(CommandReply.parse(await c.send('order.note', { orderId, text: '客户改约' })).status).toBe('applied');
    const note = (await pullAll(await open(supervisor, 'inc-reader'), server.head() - 1)).changes.find((x) => x.entity === 'audit');
    expect(note?.data).not.toHaveProperty('detail');

    const r = CommandReply.parse(
      await c.send('batch', {
        commands: [
          { type: 'incident.state', payload: { incidentId: 'inc-a', state: 'handling', title: '徐汇区 · 物流延误', orderIds: [orderId] } },
          { type: 'order.note', payload: { orderId, text: '已联系物流' } },
          { type: 'incident.state', payload: { incidentId: 'inc-b', state: 'resolved', title: '', orderIds: [] } },
        ],
      }),
    );
    expect(r.status).toBe('applied');
    // rows = the note's order update and event, plus the one order the first incident named
    expect(auditOf('inc-batch', 2)).toMatchObject({ type: 'batch', rows: 3, detail: 'handling · 徐汇区 · 物流延误 [inc-a]; resolved [inc-b]' });
  });

  it('refuses its undo (nothing to restore) and keeps the usual command rules', async () => {
    const c = new Commander(await open(supervisor, 'inc-undo'));
    expect(CommandReply.parse(await c.send('incident.state', { incidentId: 'inc-u', state: 'acknowledged', title: 'x', orderIds: [] })).status).toBe('applied');
    const undo = CommandReply.parse(await c.send('undo', { clientId: 'inc-undo', mutationId: 1 }));
    expect(undo.status === 'rejected' && undo.error.code).toBe('wrong_status');
    expect(undo.status === 'rejected' && undo.error.message).toMatch(/nothing to undo/);

    // shape errors name the field and keep the mutationId free
    for (const [payload, field] of [
      [{ incidentId: 'inc-u', state: 'closed', title: 'x', orderIds: [] }, 'payload.state'],
      [{ incidentId: '', state: 'new', title: 'x', orderIds: [] }, 'payload.incidentId'],
      [{ incidentId: 'inc-u', state: 'new', title: 'x'.repeat(201), orderIds: [] }, 'payload.title'],
      [{ incidentId: 'inc-u', state: 'new', title: 'x' }, 'payload.orderIds'],
    ] as const) {
      const bad = await c.send('incident.state', payload, c.next);
      expect(bad.ok).toBe(false);
      expect(bad.error?.code).toBe('bad_request');
      expect(bad.error?.message.startsWith(field)).toBe(true);
    }
    // a viewer may not send it
    const wall = new Commander(await open(viewer, 'inc-wall-2'));
    expect((await wall.send('incident.state', { incidentId: 'inc-u', state: 'new', title: 'x', orderIds: [] })).error?.code).toBe('forbidden');
    // the same mutationId again is a duplicate of the applied original
    const dup = CommandReply.parse(await c.send('incident.state', { incidentId: 'inc-u', state: 'acknowledged', title: 'x', orderIds: [] }, 1));
    expect(dup).toMatchObject({ status: 'duplicate', original: 'applied' });
  });
});
