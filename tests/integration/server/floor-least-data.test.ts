/**
 * Issue 16, findings 1 and 5 (least data per role): a floor token reads the floor projection and,
 * when scoped, only its own orders; floor list pages are small; the token's name is always the
 * history's actor (a body's `actor` is only `reportedBy`); a supervisor reveals one phone at a
 * time, audited. A real order server over HTTP and socket.io on a real SQLite file.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { and, desc, eq, isNotNull } from 'drizzle-orm';
import type { Socket } from 'socket.io-client';
import type { OrderServer } from '@server/app';
import { audit, crews, events, orders, type OrderRow } from '@server/db/schema';
import { createToken } from '@server/db/tokens';
import { ask, connectDesk, http, newOrderBody, pullAll, removeTempDirs, startServer, token } from './helpers';

let server: OrderServer;
let siteWide: string;
const sockets: Socket[] = [];

beforeAll(async () => {
  server = await startServer({ simulate: { seed: 16, speed: 1, live: false, backlogOrders: 300 } });
  siteWide = token(server, 'floor', 'ERP 导入').token;
});

afterAll(async () => {
  for (const s of sockets) s.close();
  await server.close();
  removeTempDirs();
});

function scoped(kind: 'workshop' | 'carrier' | 'crew', value: string, name = `${kind}-${value}`): string {
  return createToken(server.db, 'floor', name, { scope: { kind, value } }).token;
}

/** Every full phone and full customer name on the server, and every amount. */
function secrets(): { phones: Set<string>; names: Set<string> } {
  const rows = server.db.select({ phone: orders.customerPhone, name: orders.customerName }).from(orders).all();
  return { phones: new Set(rows.map((r) => r.phone)), names: new Set(rows.map((r) => r.name).filter((n) => [...n].length > 1)) };
}

/** Fails naming the first full phone, full name or amount found anywhere in a floor answer. */
function expectLeastData(body: unknown): void {
  const { phones, names } = secrets();
  const walk = (v: unknown, path: string): void => {
    if (typeof v === 'string') {
      expect(phones.has(v), `${path} is a full phone`).toBe(false);
      expect(names.has(v), `${path} is a full customer name`).toBe(false);
    } else if (Array.isArray(v)) v.forEach((x, i) => walk(x, `${path}[${i}]`));
    else if (v && typeof v === 'object') {
      for (const [k, x] of Object.entries(v)) {
        expect(['amount', 'discountAmount'], `${path}.${k}`).not.toContain(k);
        walk(x, `${path}.${k}`);
      }
    }
  };
  walk(body, '$');
}

const firstOrder = (where: (o: OrderRow) => boolean): OrderRow => {
  const o = server.db.select().from(orders).all().find(where);
  if (!o) throw new Error('the backlog has no such order');
  return o;
};

describe('floor reads: the floor projection', () => {
  it('a site-wide floor token lists and reads orders without amounts, full phones or full names', async () => {
    const list = await http(server, 'GET', '/api/v1/orders?limit=200', { token: siteWide });
    expect(list.status).toBe(200);
    const rows = list.body.orders as Record<string, unknown>[];
    expect(rows).toHaveLength(200);
    expectLeastData(list.body);
    // the stage still has what it needs: the masked phone's last digits, the surname, the district
    const db = new Map(server.db.select().from(orders).all().map((o) => [o.id, o]));
    for (const r of rows) {
      const full = db.get(r.id as string)!;
      expect(r.customerPhone).toMatch(/\*\*\*\*/);
      expect(String(r.customerPhone).slice(-4)).toBe(full.customerPhone.slice(-4));
      expect(r.customerName).toBe(`${[...full.customerName][0]}*`);
      expect(r.district).toBe(full.district);
      expect(r).not.toHaveProperty('addressDetail'); // a site-wide token delivers nothing
    }
    // history, jobs and texts of an order far along (it has all three)
    const far = firstOrder((o) => o.stage >= 11 && !o.deleted);
    const one = await http(server, 'GET', `/api/v1/orders/${far.id}`, { token: siteWide });
    expect(one.status).toBe(200);
    expect((one.body.history as unknown[]).length).toBeGreaterThan(0);
    expect((one.body.notifications as unknown[]).length).toBeGreaterThan(0);
    expectLeastData(one.body);
    for (const n of one.body.notifications as Record<string, unknown>[]) expect(n).not.toHaveProperty('params');
  });

  it('a workshop sees no address detail; a carrier and a crew see the door they go to', async () => {
    const atWorkshop = firstOrder((o) => o.workshop !== null && o.stage >= 4 && o.stage <= 7);
    const ws = await http(server, 'GET', `/api/v1/orders/${atWorkshop.id}`, { token: scoped('workshop', atWorkshop.workshop!) });
    expect(ws.status).toBe(200);
    expect(ws.body.order).not.toHaveProperty('addressDetail');
    expectLeastData(ws.body);
    const shipped = firstOrder((o) => o.carrier !== null && o.stage >= 9);
    const cr = await http(server, 'GET', `/api/v1/orders/${shipped.id}`, { token: scoped('carrier', shipped.carrier!) });
    expect(cr.status).toBe(200);
    expect((cr.body.order as Record<string, unknown>).addressDetail).toBe(shipped.addressDetail);
    expectLeastData(cr.body);
  });

  it('a supervisor token on the floor API keeps amounts but not the full phone', async () => {
    const sup = token(server, 'supervisor', '值班主管 李').token;
    const r = await http(server, 'GET', '/api/v1/orders?limit=5', { token: sup });
    const o = (r.body.orders as Record<string, unknown>[])[0]!;
    expect(o.amount).toEqual(expect.any(Number));
    expect(o.customerPhone).toMatch(/\*\*\*\*/);
  });
});

describe('floor scopes', () => {
  it('a workshop token lists, reads and advances only its own orders; others are 404', async () => {
    const mine = firstOrder((o) => o.workshop !== null && o.stage === 5);
    const theirs = firstOrder((o) => o.workshop !== null && o.workshop !== mine.workshop && o.stage >= 4 && o.stage <= 7);
    const tok = scoped('workshop', mine.workshop!, '封边扫码枪');
    const list = (await http(server, 'GET', '/api/v1/orders?limit=200', { token: tok })).body.orders as { id: string; workshop: string }[];
    expect(list.length).toBeGreaterThan(0);
    expect(list.every((o) => o.workshop === mine.workshop)).toBe(true);
    const other = await http(server, 'GET', `/api/v1/orders/${theirs.id}`, { token: tok });
    expect(other).toMatchObject({ status: 404, body: { error: { code: 'not_found', message: `order ${theirs.id} not found` } } });
    // the same answer as an order that does not exist: nothing to learn
    const missing = await http(server, 'GET', '/api/v1/orders/o-nope', { token: tok });
    expect(missing.body.error?.message).toBe('order o-nope not found');
    for (const [path, body] of [
      [`/api/v1/orders/${theirs.id}/advance`, { stage: theirs.stage + 1 }],
      [`/api/v1/orders/${theirs.id}/causes`, { cause: 'machine_fault' }],
    ] as const) {
      const w = await http(server, 'POST', path, { token: tok, body });
      expect(w.status, path).toBe(404);
    }
    const after = server.db.select().from(orders).where(eq(orders.id, theirs.id)).get()!;
    expect([after.stage, after.causes]).toEqual([theirs.stage, theirs.causes]);
    // its own order: fine, and it may not hand it to another workshop
    const handOver = await http(server, 'POST', `/api/v1/orders/${mine.id}/advance`, { token: tok, body: { stage: 6, fields: { workshop: 'elsewhere' } } });
    expect(handOver).toMatchObject({ status: 403, body: { error: { code: 'forbidden' } } });
    expect(handOver.body.error?.message).toContain('fields.workshop');
    expect((await http(server, 'POST', `/api/v1/orders/${mine.id}/advance`, { token: tok, body: { stage: 6 } })).status).toBe(200);
    expect((await http(server, 'POST', `/api/v1/orders/${mine.id}/causes`, { token: tok, body: { cause: 'machine_fault' } })).status).toBe(200);
  });

  it('a crew token reports only its own leave; a scoped token creates no orders', async () => {
    const [own, other] = server.db.select().from(crews).all();
    const tok = scoped('crew', own!.id, '安装队长');
    const leave = { from: '2025-12-01', to: '2025-12-01', reason: '家中有事' };
    expect((await http(server, 'POST', `/api/v1/crews/${other!.id}/unavailable`, { token: tok, body: leave })).status).toBe(404);
    expect((await http(server, 'POST', `/api/v1/crews/${own!.id}/unavailable`, { token: tok, body: leave })).status).toBe(200);
    const workshop = scoped('workshop', '苏州一厂');
    expect((await http(server, 'POST', `/api/v1/crews/${own!.id}/unavailable`, { token: workshop, body: leave })).status).toBe(404);
    const create = await http(server, 'POST', '/api/v1/orders', { token: workshop, body: newOrderBody('SCOPE-NEW-1') });
    expect(create).toMatchObject({ status: 403, body: { error: { code: 'forbidden' } } });
    expect((await http(server, 'POST', '/api/v1/orders', { token: siteWide, body: newOrderBody('SCOPE-NEW-2') })).status).toBe(201);
  });
});

describe('floor list pages', () => {
  it('caps a floor token at 200 per page (default 50), naming limit and the cap; a supervisor keeps 10,000', async () => {
    const over = await http(server, 'GET', '/api/v1/orders?limit=10000', { token: siteWide });
    expect(over.status).toBe(400);
    expect(over.body.error?.code).toBe('bad_request');
    expect(over.body.error?.message).toMatch(/^limit: at most 200/);
    expect((await http(server, 'GET', '/api/v1/orders?limit=201', { token: siteWide })).status).toBe(400);
    expect(((await http(server, 'GET', '/api/v1/orders', { token: siteWide })).body.orders as unknown[]).length).toBe(50);
    const sup = token(server, 'supervisor').token;
    const all = await http(server, 'GET', '/api/v1/orders?limit=10000', { token: sup });
    expect((all.body.orders as unknown[]).length).toBeGreaterThan(200);
  });
});

describe('floor actor (finding 5)', () => {
  it("stores the token's name as actor and a body's actor only as reportedBy, in history and in the desk feed", async () => {
    const tok = token(server, 'floor', '苏州一厂 扫码枪 3').token;
    const created = await http(server, 'POST', '/api/v1/orders', { token: tok, body: newOrderBody('ACTOR-1', { actor: '值班主管 王强' }) });
    expect(created.status).toBe(201);
    const id = created.body.id as string;
    const tagged = await http(server, 'POST', `/api/v1/orders/${id}/causes`, { token: tok, body: { cause: 'board_shortage', actor: '总经理' } });
    expect(tagged.status).toBe(200);
    const rows = server.db.select().from(events).where(eq(events.orderId, id)).all();
    expect(rows.map((e) => [e.kind, e.actor, e.reportedBy])).toEqual([
      ['stage', '苏州一厂 扫码枪 3', '值班主管 王强'],
      ['cause', '苏州一厂 扫码枪 3', '总经理'],
    ]);
    const history = (await http(server, 'GET', `/api/v1/orders/${id}`, { token: tok })).body.history as Record<string, unknown>[];
    expect(history.map((e) => [e.actor, e.reportedBy])).toEqual([
      ['苏州一厂 扫码枪 3', '值班主管 王强'],
      ['苏州一厂 扫码枪 3', '总经理'],
    ]);
    // the desk sees the same, and an event without a reported name has no reportedBy at all
    const desk = await connectDesk(server, { token: token(server, 'viewer').token, clientId: 'actor-viewer', protocol: 1 });
    sockets.push(desk);
    const feed = (await pullAll(desk)).changes.filter((c) => c.entity === 'event');
    const mine = feed.filter((c) => c.data?.orderId === id).map((c) => [c.data?.actor, c.data?.reportedBy]);
    expect(mine).toEqual([
      ['苏州一厂 扫码枪 3', '值班主管 王强'],
      ['苏州一厂 扫码枪 3', '总经理'],
    ]);
    expect(feed.find((c) => c.data?.orderId !== id)?.data).not.toHaveProperty('reportedBy');
  });
});

describe('reveal (a supervisor calls one customer)', () => {
  it('desks of every role sync masked phones; a supervisor reveals one, audited; a viewer is refused, audited', async () => {
    const sup = await connectDesk(server, { token: token(server, 'supervisor', '值班主管 赵').token, clientId: 'reveal-sup', protocol: 1 });
    const viewer = await connectDesk(server, { token: token(server, 'viewer', '大屏').token, clientId: 'reveal-viewer', protocol: 1 });
    sockets.push(sup, viewer);
    const { phones } = secrets();
    for (const s of [sup, viewer]) {
      const feed = (await pullAll(s)).changes.filter((c) => c.entity === 'order' && c.data);
      expect(feed.length).toBeGreaterThan(300);
      expect(feed.filter((c) => phones.has(c.data!.customerPhone as string))).toEqual([]);
    }
    const o = firstOrder((x) => x.stage >= 10);
    const shown = await ask(sup, 'reveal', { orderId: o.id });
    expect(shown).toEqual({ ok: true, orderId: o.id, phone: o.customerPhone });
    const refused = await ask(viewer, 'reveal', { orderId: o.id });
    expect(refused).toMatchObject({ ok: false, error: { code: 'forbidden' } });
    expect((await ask(sup, 'reveal', { orderId: 'o-nope' })).error?.code).toBe('not_found');
    expect((await ask(sup, 'reveal', {})).error?.message).toContain('orderId');
    const rows = server.db.select().from(audit).where(and(eq(audit.type, 'reveal'), isNotNull(audit.actor))).orderBy(desc(audit.id)).all().reverse();
    expect(rows.map((r) => [r.actor, r.role, r.clientId, r.outcome, r.detail, r.version])).toEqual([
      ['值班主管 赵', 'supervisor', 'reveal-sup', 'revealed', `order ${o.id}`, null],
      ['大屏', 'viewer', 'reveal-viewer', 'forbidden', `order ${o.id}`, null],
      ['值班主管 赵', 'supervisor', 'reveal-sup', 'not_found', 'order o-nope', null],
      ['值班主管 赵', 'supervisor', 'reveal-sup', 'bad_request', null, null],
    ]);
  });
});
