/**
 * Issue 16, finding 3: a clientId is held by the token that used it, a resend must carry the same
 * payload, and a used mutationId is answered from the ledger before the role and the shape.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Socket } from 'socket.io-client';
import { eq } from 'drizzle-orm';
import type { OrderServer } from '@server/app';
import { payloadHash } from '@server/commands/ledger-gate';
import { recordMutation } from '@server/db/ledger';
import { clientMutations, orders } from '@server/db/schema';
import { revokeToken } from '@server/db/tokens';
import { OutboxSender } from '@main/outbox/sender';
import { OutboxStore } from '@main/outbox/store';
import { connectDesk, removeTempDirs, startServer, token } from './helpers';
import { Commander, deliveredOrder } from './fixtures';

let server: OrderServer;
let floor: string;
const sockets: Socket[] = [];

async function commander(tok: string, clientId: string): Promise<Commander> {
  const s = await connectDesk(server, { token: tok, clientId, protocol: 1 });
  sockets.push(s);
  return new Commander(s);
}

const noteOf = (id: string) => server.db.select({ note: orders.note }).from(orders).where(eq(orders.id, id)).get()?.note;

beforeAll(async () => {
  server = await startServer({ simulate: { seed: 31, speed: 1, live: false, backlogOrders: 60 } });
  floor = token(server, 'floor').token;
});

afterAll(async () => {
  for (const s of sockets) s.close();
  await server.close();
  removeTempDirs();
});

describe('a clientId is held by its token', () => {
  it("refuses another supervisor's token under a desk's clientId: no duplicate answers, nothing applied", async () => {
    const { order } = await deliveredOrder(server, floor);
    const victim = await commander(token(server, 'supervisor', '值班主管 王芳').token, 'desk-victim');
    const first = { orderId: order.id, text: '客户改约周六上午' };
    expect(await victim.send('order.note', first)).toMatchObject({ ok: true, status: 'applied' });

    const thief = await commander(token(server, 'supervisor', '值班主管 赵磊').token, 'desk-victim');
    const head = server.head();
    // a resend of the victim's command would have told the thief it was applied
    const replay = await thief.send('order.note', first, 1);
    expect(replay).toMatchObject({ ok: false, error: { code: 'client_taken', message: expect.stringContaining('clientId: desk-victim') } });
    // the victim's next mutationId is not the thief's to use either
    const taken = await thief.send('order.note', { orderId: order.id, text: '改到下周' }, 2);
    expect(taken).toMatchObject({ ok: false, error: { code: 'client_taken' } });
    expect(server.head()).toBe(head);
    expect(noteOf(order.id)).toBe(first.text);

    victim.next = 2;
    expect(await victim.send('order.note', { orderId: order.id, text: '已电话确认' })).toMatchObject({ ok: true, status: 'applied' });
  });

  it("moves to the holder's rotated token once the old one is revoked; the outbox goes on under its clientId", async () => {
    const { order } = await deliveredOrder(server, floor);
    const old = token(server, 'supervisor', '值班主管 李娜');
    const before = await commander(old.token, 'desk-rotate');
    const sent = { orderId: order.id, text: '第一条' };
    const applied = await before.send('order.note', sent);
    expect(applied).toMatchObject({ status: 'applied' });

    const rotated = await commander(token(server, 'supervisor', '值班主管 李娜').token, 'desk-rotate');
    // both tokens valid: the clientId stays with the one that used it
    expect(await rotated.send('order.note', sent, 1)).toMatchObject({ ok: false, error: { code: 'client_taken' } });
    revokeToken(server.db, old.id);
    // the outbox's unanswered command goes again under the new token: the ledger still knows it
    expect(await rotated.send('order.note', sent, 1)).toEqual({ ok: true, status: 'duplicate', version: applied.version, original: 'applied' });
    rotated.next = 2;
    expect(await rotated.send('order.note', { orderId: order.id, text: '第二条' })).toMatchObject({ status: 'applied' });
    const row = server.db.select().from(clientMutations).where(eq(clientMutations.clientId, 'desk-rotate')).get();
    expect(row).toMatchObject({ lastMutationId: 2, holder: '值班主管 李娜' });
    expect(row?.tokenId).not.toBe(old.id);
  });

  it('does not move to a token of another name even when the old one is revoked', async () => {
    const { order } = await deliveredOrder(server, floor);
    const old = token(server, 'supervisor', '值班主管 周强');
    expect(await (await commander(old.token, 'desk-left')).send('order.note', { orderId: order.id, text: 'x' })).toMatchObject({ status: 'applied' });
    revokeToken(server.db, old.id);
    const other = await commander(token(server, 'supervisor', '值班主管 孙悦').token, 'desk-left');
    expect(await other.send('order.note', { orderId: order.id, text: 'x' }, 1)).toMatchObject({ ok: false, error: { code: 'client_taken' } });
  });
});

describe('a resend must be the same command', () => {
  it('answers mutation_conflict, naming the mutationId and the next free one, for another payload', async () => {
    const { order } = await deliveredOrder(server, floor);
    const c = await commander(token(server, 'supervisor', '值班主管 陈晨').token, 'desk-conflict');
    expect(await c.send('order.note', { orderId: order.id, text: '上午' })).toMatchObject({ status: 'applied' });
    const head = server.head();
    const other = await c.send('order.note', { orderId: order.id, text: '下午' }, 1);
    expect(other).toMatchObject({ ok: false, error: { code: 'mutation_conflict', expected: 2, message: expect.stringContaining('mutationId: 1 ') } });
    const otherType = await c.send('order.tagCause', { orderId: order.id, cause: 'logistics' }, 1);
    expect(otherType).toMatchObject({ ok: false, error: { code: 'mutation_conflict', expected: 2 } });
    expect(server.head()).toBe(head);
    expect(noteOf(order.id)).toBe('上午');
    // the same payload with its keys in another order is the same command
    expect(await c.send('order.note', { text: '上午', orderId: order.id }, 1)).toMatchObject({ ok: true, status: 'duplicate', original: 'applied' });
  });
});

describe("the desk's outbox", () => {
  it('sends a command again under the next free id when its id was used by another command (an outbox restored from an older copy)', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'dd-bound-outbox-'));
    const outbox = new OutboxStore(join(dir, 'outbox.sqlite'));
    const { order } = await deliveredOrder(server, floor);
    const sup = token(server, 'supervisor', '值班主管 恢复').token;
    // the server already holds ids 1 and 2 of this clientId: sent before the desk's copy was restored
    const before = await commander(sup, outbox.clientId());
    for (const text of ['备份之后写的 1', '备份之后写的 2']) expect(await before.send('order.note', { orderId: order.id, text })).toMatchObject({ status: 'applied' });
    const command = outbox.enqueue('order.note', { orderId: order.id, text: '恢复之后的新备注' }, '备注', '2025-11-11T21:00:00+08:00');
    const socket = await connectDesk(server, { token: sup, clientId: outbox.clientId(), protocol: 1 });
    sockets.push(socket);
    const sender = new OutboxSender(outbox, () => socket, () => true, {});
    try {
      sender.kick();
      for (let waited = 0; outbox.pendingCount() > 0 && waited < 10_000; waited += 20) await new Promise((r) => setTimeout(r, 20));
      // the old server answered `duplicate`: the desk marked its note applied and it never was
      expect(outbox.get(command.seq)).toMatchObject({ state: 'applied', mutationId: 3 });
      expect(noteOf(order.id)).toBe('恢复之后的新备注');
    } finally {
      sender.stop();
      outbox.close();
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('a used mutationId is answered before the role and the shape', () => {
  /** A command an older server applied, of a type (or shape) this server no longer takes. */
  function appliedByAnOlderServer(clientId: string, tok: { id: string }, holder: string, type: string, payload: unknown): number {
    const version = server.head();
    recordMutation(server.db, { clientId, mutationId: 1, type, status: 'applied', version, error: null, images: [], queued: [], undoneBy: null, actor: holder, at: '2025-11-11T21:00:00+08:00', payloadHash: payloadHash(type, payload) }, { tokenId: tok.id, holder });
    return version;
  }

  it('a resend whose payload no longer parses is still a duplicate of the applied command', async () => {
    const holder = '值班主管 黄磊';
    const sup = token(server, 'supervisor', holder);
    const retired = { orderId: 'o-1', crewHint: 'c-9' };
    const version = appliedByAnOlderServer('desk-schema', sup, holder, 'order.pin', retired);
    const c = await commander(sup.token, 'desk-schema');
    // the old code answered bad_request (unknown type), which tells the desk the id is free again
    expect(await c.send('order.pin', retired, 1)).toEqual({ ok: true, status: 'duplicate', version, original: 'applied' });
    // shape still applies to new mutationIds
    expect(await c.send('order.pin', retired, 2)).toMatchObject({ ok: false, error: { code: 'bad_request' } });
  });

  it("a resend after the holder's token became a viewer's is still a duplicate, and new commands are forbidden", async () => {
    const holder = '值班主管 吴敏';
    const sup = token(server, 'supervisor', holder);
    const { order } = await deliveredOrder(server, floor);
    const payload = { orderId: order.id, text: '白班交接' };
    const applied = await (await commander(sup.token, 'desk-role')).send('order.note', payload);
    expect(applied).toMatchObject({ status: 'applied' });
    // the supervisor is moved to a viewer's token (same person): the old token is revoked
    revokeToken(server.db, sup.id);
    const asViewer = await commander(token(server, 'viewer', holder).token, 'desk-role');
    expect(await asViewer.send('order.note', payload, 1)).toEqual({ ok: true, status: 'duplicate', version: applied.version, original: 'applied' });
    expect(await asViewer.send('order.note', { orderId: order.id, text: '新的' }, 2)).toMatchObject({ ok: false, error: { code: 'forbidden' } });
  });
});
