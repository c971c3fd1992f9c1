/**
 * Issue 8: the server projects rows per role (viewer: masked phone, no amounts) in pull and push.
 * Issue 16: a supervisor's feed carries masked phones too (the full number only through `reveal`).
 */
import { createHash } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Socket } from 'socket.io-client';
import type { ChangesPush } from '@shared/protocol';
import { digestLine } from '@shared/rules';
import type { OrderServer } from '@server/app';
import { notifications, orders } from '@server/db/schema';
import { maskPhone } from '@server/desk/projection';
import { ask, connectDesk, http, newOrderBody, nextEvent, pullAll, removeTempDirs, startServer, token } from './helpers';

let server: OrderServer;
let viewer: string;
let supervisor: string;
let floor: string;
const sockets: Socket[] = [];

async function desk(tok: string, clientId: string): Promise<Socket> {
  const s = await connectDesk(server, { token: tok, clientId, protocol: 1 });
  sockets.push(s);
  return s;
}

type Row = { entity: string; id: string; version: number; deleted?: true; data?: Record<string, unknown> };

beforeAll(async () => {
  server = await startServer({ simulate: { seed: 8, speed: 1, live: false, backlogOrders: 40 } });
  viewer = token(server, 'viewer').token;
  supervisor = token(server, 'supervisor').token;
  floor = token(server, 'floor').token;
});

afterAll(async () => {
  for (const s of sockets) s.close();
  await server.close();
  removeTempDirs();
});

describe('maskPhone', () => {
  it('keeps the first 3 and last 4 digits of a mobile number', () => {
    expect(maskPhone('13912345678')).toBe('139****5678');
    expect(maskPhone('+8613912345678')).toBe('+86****5678');
    expect(maskPhone('12345678')).toBe('12****78');
    expect(maskPhone('123')).toBe('****');
  });
});

describe('role projection', () => {
  it('a viewer pulls orders with masked phones and no amounts; a supervisor pulls amounts but masked phones too', async () => {
    await http(server, 'POST', '/api/v1/orders', { token: floor, body: newOrderBody('ROLE-1', { discountTemplate: 'double11', discountAmount: 500 }) });
    const v = await desk(viewer, 'viewer-pull');
    const s = await desk(supervisor, 'super-pull');
    const vRows = (await pullAll(v, 0, 25)).changes as Row[];
    const sRows = (await pullAll(s, 0, 25)).changes as Row[];
    expect(vRows.map((r) => `${r.entity}:${r.id}:${r.version}`)).toEqual(sRows.map((r) => `${r.entity}:${r.id}:${r.version}`));
    const vOrders = vRows.filter((r) => r.entity === 'order' && r.data);
    const sOrders = new Map(sRows.filter((r) => r.entity === 'order').map((r) => [r.id, r]));
    expect(vOrders.length).toBeGreaterThan(40);
    for (const o of vOrders) {
      const full = sOrders.get(o.id)?.data as Record<string, unknown>;
      expect(full.amount).toEqual(expect.any(Number));
      expect('amount' in (o.data as object)).toBe(false);
      expect('discountAmount' in (o.data as object)).toBe(false);
      expect(o.data?.customerPhone).toBe(full.customerPhone);
      expect(o.data?.customerPhone).toMatch(/\*\*\*\*/);
      // everything else is the same
      // issue 20: the finance review's money goes with the amounts
      for (const k of ['couponAmount', 'expectedDiscount', 'discountDifference']) expect(k in (o.data as object)).toBe(false);
      const { amount: _a, discountAmount: _d, customerPhone: _p, couponAmount: _c, expectedDiscount: _e, discountDifference: _dd, ...rest } = full;
      const { customerPhone: _vp, ...vRest } = o.data as Record<string, unknown>;
      expect(vRest).toEqual(rest);
    }
    const created = vOrders.find((o) => o.data?.orderNo === 'ROLE-1');
    expect(created?.data?.customerPhone).toBe('139****5678');
    const full = [...sOrders.values()].find((o) => o.data?.orderNo === 'ROLE-1');
    expect(full?.data).toMatchObject({ customerPhone: maskPhone('13912345678'), amount: 18800, discountAmount: 500 });
  });

  it("a text's parameters (compensation in ¥) reach a supervisor, never a viewer: pull and push", async () => {
    const v = await desk(viewer, 'viewer-params');
    const s = await desk(supervisor, 'super-params');
    const vPush = nextEvent<ChangesPush>(v, 'changes');
    const sPush = nextEvent<ChangesPush>(s, 'changes');
    const orderId = server.db.select({ id: orders.id }).from(orders).get()!.id;
    const params = { amountYuan: 200, date: '2025-11-13', window: '09:00-12:00' };
    server.writer.write((ctx) =>
      ctx.db.insert(notifications).values({ id: 'n-params-1', version: ctx.version, deleted: false, orderId, template: 'install_rescheduled', status: 'queued', at: ctx.nowIso, params, sentAt: null, error: null, attempts: 0 }).run(),
    );
    const text = (changes: readonly { entity: string; id: string; data?: Record<string, unknown> | null }[]) => changes.find((c) => c.entity === 'notification' && c.id === 'n-params-1')?.data;
    const [vp, sp] = await Promise.all([vPush, sPush]);
    expect(text(sp.changes)).toMatchObject({ template: 'install_rescheduled', params });
    expect(text(vp.changes)).toMatchObject({ template: 'install_rescheduled', status: 'queued' });
    expect(text(vp.changes)).not.toHaveProperty('params');
    const pulled = (await pullAll(v, 0, 25)).changes as Row[];
    expect(pulled.filter((r) => r.entity === 'notification' && r.data && 'params' in r.data)).toEqual([]);
    expect(text((await pullAll(s, 0, 25)).changes as Row[])).toMatchObject({ params });
  });

  it('a live push is projected per role', async () => {
    const v = await desk(viewer, 'viewer-push');
    const s = await desk(supervisor, 'super-push');
    const vPush = nextEvent<ChangesPush>(v, 'changes');
    const sPush = nextEvent<ChangesPush>(s, 'changes');
    const r = await http(server, 'POST', '/api/v1/orders', { token: floor, body: newOrderBody('ROLE-PUSH', { customer: { name: '李雷', phone: '13800001111' }, discountAmount: 300 }) });
    expect(r.status).toBe(201);
    const [vp, sp] = await Promise.all([vPush, sPush]);
    expect(vp.to).toBe(sp.to);
    const vOrder = vp.changes.find((c) => c.entity === 'order' && c.id === r.body.id);
    const sOrder = sp.changes.find((c) => c.entity === 'order' && c.id === r.body.id);
    expect(sOrder?.data).toMatchObject({ customerPhone: '138****1111', amount: 18800, discountAmount: 300 });
    expect(vOrder?.data).toMatchObject({ customerPhone: '138****1111', orderNo: 'ROLE-PUSH' });
    expect(vOrder?.data).not.toHaveProperty('amount');
    expect(vOrder?.data).not.toHaveProperty('discountAmount');
    expect(vp.changes.map((c) => `${c.entity}:${c.id}:${c.version}`)).toEqual(sp.changes.map((c) => `${c.entity}:${c.id}:${c.version}`));
  });

  it("a viewer's replica digest equals the server's", async () => {
    const v = await desk(viewer, 'viewer-digest');
    const replica = new Map<string, Row>();
    for (const c of (await pullAll(v, 0, 30)).changes as Row[]) replica.set(`${c.entity}\u0000${c.id}`, c);
    const live = [...replica.values()].filter((c) => !c.deleted);
    live.sort((a, b) => (a.entity !== b.entity ? (a.entity < b.entity ? -1 : 1) : a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
    const hash = createHash('sha256');
    for (const c of live) hash.update(digestLine(c.entity, c.id, c.version));
    const d = await ask(v, 'digest', {});
    expect(d).toMatchObject({ ok: true, count: live.length, sha256: hash.digest('hex'), version: server.head() });
  });
});
