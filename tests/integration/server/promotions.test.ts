/**
 * Issue 20: channel promotion templates and the finance review on a real order server (real
 * SQLite, real HTTP floor API and /desk socket): every order is checked as it is written against
 * the template version in force when it was signed, a difference over ¥5 is held, finance releases
 * it with a reason (audited, undoable), viewers and floor tokens are refused, 天猫 cross-store
 * baskets are checked as a whole.
 */
import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Socket } from 'socket.io-client';
import { expectedDiscount, PromotionTemplate, type ReviewStatus } from '@shared/promotions';
import type { OrderServer } from '@server/app';
import { audit, events, orders } from '@server/db/schema';
import { defaultPromotions } from '@server/promotions/data';
import { ask, connectDesk, connectError, http, newOrderBody, pullAll, removeTempDirs, startServer, token } from './helpers';

let server: OrderServer;
let floor: string;
let supervisor: string;
let finance: string;
let viewer: string;
const sockets: Socket[] = [];
let seq = 0;

async function desk(tok: string, clientId: string): Promise<Socket> {
  const s = await connectDesk(server, { token: tok, clientId, protocol: 1 });
  sockets.push(s);
  return s;
}

/** Creates an order through the floor API and returns its stored row. */
async function create(fields: Record<string, unknown>) {
  const orderNo = `PROMO-${++seq}`;
  const r = await http(server, 'POST', '/api/v1/orders', { token: floor, body: newOrderBody(orderNo, fields) });
  expect(r.status, JSON.stringify(r.body)).toBe(201);
  return row(String(r.body.id));
}

const row = (id: string) => server.db.select().from(orders).where(eq(orders.id, id)).get()!;

beforeAll(async () => {
  server = await startServer();
  floor = token(server, 'floor').token;
  supervisor = token(server, 'supervisor').token;
  finance = token(server, 'finance').token;
  viewer = token(server, 'viewer').token;
});

afterAll(async () => {
  for (const s of sockets) s.close();
  await server.close();
  removeTempDirs();
});

describe('templates as data', () => {
  it('seeds the shipped templates, synced as promotion_template with their rules', async () => {
    const s = await desk(supervisor, 'promo-templates');
    const rows = (await pullAll(s)).changes.filter((c) => c.entity === 'promotion_template');
    expect(rows.map((r) => r.id).sort()).toEqual(defaultPromotions().map((t) => `${t.id}#${t.version}`).sort());
    for (const r of rows) expect(PromotionTemplate.parse(r.data)).toEqual(defaultPromotions().find((t) => `${t.id}#${t.version}` === r.id));
  });
});

describe('review on entry', () => {
  it('checks an order when it is written: within ¥5 passes, over ¥5 is held with a payment_hold event', async () => {
    // 抖音双11 满10000减1800, signed in the campaign
    const base = { channel: 'douyin', amount: 12000, signedAt: '2025-10-20T10:00:00+08:00', discountTemplate: 'douyin-d11-2025' };
    const exact = await create({ ...base, discountAmount: 1800 });
    expect(exact).toMatchObject({ reviewStatus: 'passed', expectedDiscount: 1800, discountDifference: 0, reviewTemplateVersion: 1 });
    expect(exact.reviewedAt).toEqual(expect.any(String));
    expect((await create({ ...base, discountAmount: 1805 })).reviewStatus).toBe('passed');
    const over = await create({ ...base, discountAmount: 1805.01 });
    expect(over).toMatchObject({ reviewStatus: 'held', expectedDiscount: 1800, discountDifference: 5.01 });
    const under = await create({ ...base, discountAmount: 1000 });
    expect(under).toMatchObject({ reviewStatus: 'held', discountDifference: -800 });
    const hold = server.db.select().from(events).where(eq(events.orderId, over.id)).all().find((e) => e.kind === 'payment_hold');
    expect(hold?.note).toContain('douyin-d11-2025 v1');
    // no hold event on a passed order
    expect(server.db.select().from(events).where(eq(events.orderId, exact.id)).all().some((e) => e.kind === 'payment_hold')).toBe(false);
  });

  it('a coupon stacked where the template forbids it, a template of another channel, and a signing outside the campaign are held', async () => {
    const stacked = await create({ channel: 'douyin', amount: 12000, signedAt: '2025-10-20T10:00:00+08:00', discountTemplate: 'douyin-d11-2025', discountAmount: 2100, couponAmount: 300 });
    expect(stacked).toMatchObject({ reviewStatus: 'held', expectedDiscount: 1800, discountDifference: 300 });
    // 门店 stacks its coupons: the same kind of order passes there (满10000减1500 + ¥300 coupon)
    const store = await create({ channel: 'store', amount: 12000, signedAt: '2025-11-01T10:00:00+08:00', discountTemplate: 'store-d11-2025', discountAmount: 1800, couponAmount: 300 });
    expect(store).toMatchObject({ reviewStatus: 'passed', expectedDiscount: 1800 });
    const wrongChannel = await create({ channel: 'jd', amount: 12000, signedAt: '2025-10-20T10:00:00+08:00', discountTemplate: 'douyin-d11-2025', discountAmount: 1800 });
    expect(wrongChannel).toMatchObject({ reviewStatus: 'held', expectedDiscount: 0 });
    const late = await create({ channel: 'douyin', amount: 12000, signedAt: '2025-11-20T10:00:00+08:00', discountTemplate: 'douyin-d11-2025', discountAmount: 1800 });
    expect(late).toMatchObject({ reviewStatus: 'held', expectedDiscount: 0 });
    const none = await create({ channel: 'web', amount: 5000 });
    expect(none).toMatchObject({ reviewStatus: 'passed', expectedDiscount: 0, discountDifference: 0, reviewTemplateVersion: null });
  });

  it('a 天猫 cross-store basket is checked as a whole: a new order re-checks the basket', async () => {
    const base = { channel: 'tmall', signedAt: '2025-11-01T10:00:00+08:00', discountTemplate: 'tmall-d11-2025', basketId: 'TB-20251101-1' };
    // entered with its share of the whole basket (9 050 → 30 × ¥50 = ¥1 500), before the other order arrived
    const a = await create({ ...base, amount: 6100, discountAmount: 1011.05 });
    // alone it is entitled to 20 × ¥50 = ¥1 000: held for now
    expect(a).toMatchObject({ reviewStatus: 'held', expectedDiscount: 1000 });
    const b = await create({ ...base, amount: 2950, discountAmount: 488.95 });
    expect(b).toMatchObject({ reviewStatus: 'passed', expectedDiscount: 488.95 });
    expect(row(a.id)).toMatchObject({ reviewStatus: 'passed', expectedDiscount: 1011.05, discountDifference: 0 });
    // the TypeScript rule says the same for either order of the basket
    const tmpl = defaultPromotions().find((t) => t.id === 'tmall-d11-2025')!;
    const basket = { basketId: base.basketId, orders: [a, b].map((o) => ({ id: o.id, amount: o.amount })) };
    expect(expectedDiscount({ ...a, channel: 'tmall' }, tmpl, basket) + expectedDiscount({ ...b, channel: 'tmall' }, tmpl, basket)).toBe(1500);
    // a split entered wrong (each order its own total) is held
    const c = await create({ ...base, basketId: 'TB-20251101-2', amount: 6100, discountAmount: 1000 });
    const d = await create({ ...base, basketId: 'TB-20251101-2', amount: 2950, discountAmount: 450 });
    expect([row(c.id).reviewStatus, row(d.id).reviewStatus]).toEqual(['held', 'held']);
  });
});

describe('finance decisions', () => {
  it('finance releases a held payment with a reason, audited and undoable; only a held payment is released', async () => {
    const held = await create({ channel: 'jd', amount: 15000, signedAt: '2025-10-20T10:00:00+08:00', discountTemplate: 'jd-d11-2025', discountAmount: 1600 });
    expect(held).toMatchObject({ reviewStatus: 'held', expectedDiscount: 1500, discountDifference: 100 });
    const f = await desk(finance, 'finance-1');
    const hello = await ask(f, 'hello', {});
    expect(hello).toMatchObject({ ok: true, role: 'finance' });
    const missing = await ask(f, 'command', { mutationId: 1, type: 'finance.release', payload: { orderId: held.id, reason: ' ' } });
    expect(missing).toMatchObject({ ok: false, error: { code: 'bad_request' } });
    expect(missing.error?.message).toContain('reason');
    const r = await ask(f, 'command', { mutationId: 1, type: 'finance.release', payload: { orderId: held.id, reason: '京东补贴¥100, 见对账单 JD-1107' } });
    expect(r).toMatchObject({ ok: true, status: 'applied' });
    expect(row(held.id)).toMatchObject({ reviewStatus: 'released', reviewReason: '京东补贴¥100, 见对账单 JD-1107' });
    const a = server.db.select().from(audit).all().find((x) => x.clientId === 'finance-1' && x.mutationId === 1 && x.outcome === 'applied')!;
    expect(a).toMatchObject({ role: 'finance', type: 'finance.release', outcome: 'applied' });
    expect(a.detail).toContain('京东补贴');
    // the release travels on the wire, amounts and all, to finance (phone masked)
    const pulled = (await pullAll(f)).changes.find((c) => c.entity === 'order' && c.id === held.id)!;
    expect(pulled.data).toMatchObject({ reviewStatus: 'released', expectedDiscount: 1500, discountDifference: 100, amount: 15000, customerPhone: '139****5678' });
    const again = await ask(f, 'command', { mutationId: 2, type: 'finance.release', payload: { orderId: held.id, reason: 'again' } });
    expect(again).toMatchObject({ status: 'rejected', error: { code: 'wrong_status' } });
    const undo = await ask(f, 'command', { mutationId: 3, type: 'undo', payload: { clientId: 'finance-1', mutationId: 1 } });
    expect(undo).toMatchObject({ status: 'applied' });
    expect(row(held.id)).toMatchObject({ reviewStatus: 'held', reviewReason: null });
  });

  it('finance passes an order still pending (written before the review); a held one needs a release', async () => {
    const o = await create({ channel: 'web', amount: 4000 });
    // as migration 0010 leaves an older order
    server.db.update(orders).set({ reviewStatus: 'pending', expectedDiscount: null, discountDifference: null, reviewedAt: null }).where(eq(orders.id, o.id)).run();
    const held = await create({ channel: 'web', amount: 4000, signedAt: '2025-11-01T10:00:00+08:00', discountTemplate: 'web-d11-2025', discountAmount: 900 });
    const f = await desk(finance, 'finance-pass');
    expect(await ask(f, 'command', { mutationId: 1, type: 'finance.pass', payload: { orderId: o.id, reason: '旧单人工核对' } })).toMatchObject({ status: 'applied' });
    expect(row(o.id)).toMatchObject({ reviewStatus: 'passed', reviewReason: '旧单人工核对' });
    expect(row(o.id).reviewedAt).toEqual(expect.any(String));
    expect(await ask(f, 'command', { mutationId: 2, type: 'finance.pass', payload: { orderId: held.id } })).toMatchObject({ status: 'rejected', error: { code: 'wrong_status' } });
    expect(await ask(f, 'command', { mutationId: 3, type: 'finance.pass', payload: { orderId: 'o_nope' } })).toMatchObject({ status: 'rejected', error: { code: 'not_found' } });
  });

  it('refuses viewers, floor tokens, and finance commands that move work', async () => {
    const held = await create({ channel: 'web', amount: 9000, signedAt: '2025-11-01T10:00:00+08:00', discountTemplate: 'web-d11-2025', discountAmount: 1200 });
    expect(held.reviewStatus).toBe('held');
    const v = await desk(viewer, 'viewer-fin');
    expect((await ask(v, 'command', { mutationId: 1, type: 'finance.release', payload: { orderId: held.id, reason: 'x' } })).error?.code).toBe('forbidden');
    const vOrder = (await pullAll(v)).changes.find((c) => c.entity === 'order' && c.id === held.id)!;
    expect(vOrder.data).toMatchObject({ reviewStatus: 'held' });
    for (const k of ['amount', 'discountAmount', 'expectedDiscount', 'discountDifference', 'couponAmount']) expect(k in vOrder.data!).toBe(false);
    expect(await connectError(server, { token: floor, clientId: 'floor-fin', protocol: 1 })).toBe('forbidden');
    const f = await desk(finance, 'finance-2');
    const moved = await ask(f, 'command', { mutationId: 1, type: 'order.note', payload: { orderId: held.id, text: 'x' } });
    expect(moved).toMatchObject({ ok: false, error: { code: 'forbidden' } });
    // a supervisor may release too
    const s = await desk(supervisor, 'super-fin');
    expect(await ask(s, 'command', { mutationId: 1, type: 'finance.release', payload: { orderId: held.id, reason: '官网补录优惠' } })).toMatchObject({ status: 'applied' });
    // finance may not undo a supervisor's order.note
    expect(await ask(s, 'command', { mutationId: 2, type: 'order.note', payload: { orderId: held.id, text: '客户来电' } })).toMatchObject({ status: 'applied' });
    expect((await ask(f, 'command', { mutationId: 1, type: 'undo', payload: { clientId: 'super-fin', mutationId: 2 } })).error?.code).toBe('forbidden');
    expect((row(held.id).reviewStatus as ReviewStatus)).toBe('released');
  });
});

describe('template versions', () => {
  it('an edit is a new version; orders are checked against the version in force when they were signed; undo tombstones it', async () => {
    const f = await desk(finance, 'finance-tmpl');
    const v1 = defaultPromotions().find((t) => t.id === 'douyin-live')!;
    const { version: _v, updatedBy: _b, updatedAt: _a, ...editable } = v1;
    const save = (mutationId: number, expectedVersion: number | null, effectiveFrom: string) =>
      ask(f, 'command', { mutationId, type: 'promotion.saveTemplate', payload: { ...editable, rules: { ...v1.rules, thresholds: [{ min: 5000, off: 600 }] }, expectedVersion, effectiveFrom } });
    expect(await save(1, 7, '2030-01-01T00:00:00+08:00')).toMatchObject({ status: 'rejected', error: { code: 'conflict' } });
    expect(await save(2, 1, '2020-01-01T00:00:00+08:00')).toMatchObject({ status: 'rejected', error: { code: 'wrong_status' } });
    expect(await save(3, 1, '2030-01-01T00:00:00+08:00')).toMatchObject({ status: 'applied' });
    const pulled = (await pullAll(f)).changes.find((c) => c.entity === 'promotion_template' && c.id === 'douyin-live#2')!;
    expect(pulled.data).toMatchObject({ id: 'douyin-live', version: 2, effectiveFrom: '2030-01-01T00:00:00+08:00', updatedBy: 'finance-test' });
    const body = { channel: 'douyin', amount: 6000, discountTemplate: 'douyin-live', discountAmount: 600 };
    const before = await create({ ...body, signedAt: '2029-12-31T23:00:00+08:00' });
    expect(before).toMatchObject({ reviewStatus: 'held', expectedDiscount: 500, reviewTemplateVersion: 1 });
    const after = await create({ ...body, signedAt: '2030-01-02T10:00:00+08:00' });
    expect(after).toMatchObject({ reviewStatus: 'passed', expectedDiscount: 600, reviewTemplateVersion: 2 });
    expect(await ask(f, 'command', { mutationId: 4, type: 'undo', payload: { clientId: 'finance-tmpl', mutationId: 3 } })).toMatchObject({ status: 'applied' });
    const gone = (await pullAll(f)).changes.find((c) => c.entity === 'promotion_template' && c.id === 'douyin-live#2')!;
    expect(gone.deleted).toBe(true);
    const later = await create({ ...body, signedAt: '2030-01-03T10:00:00+08:00' });
    expect(later).toMatchObject({ reviewStatus: 'held', reviewTemplateVersion: 1 });
    // the next save numbers past the tombstone
    expect(await save(5, 1, '2030-02-01T00:00:00+08:00')).toMatchObject({ status: 'applied' });
    expect((await pullAll(f)).changes.some((c) => c.id === 'douyin-live#3' && !c.deleted)).toBe(true);
  });
});
