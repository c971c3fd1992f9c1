// The desk sees the self-service page (issue 18 item 4): customers' date-change requests arrive on
// every desk as a queue; 王 marks one handled (customerRequest.handle through his outbox, audited on
// the server), 李's desk sees it handled, an undo puts it back, a stale handle is refused; and the
// week's usage share (自助查询使用率) on the war room and in the shift report counts the customers
// with orders in progress that opened the page, by the server's own rows counted independently here.
// The rows the page writes (customer_request, track_access) are written through the server's Writer,
// as the page's routes do (src/server/track); the page's own HTTP flow is tested with the page.
import { and, eq } from 'drizzle-orm';
import { beforeAll, describe, expect, it } from 'vitest';
import type { OrderServer } from '@server/app';
import { recentAudit } from '@server/db/ledger';
import { customerRequests, orders, trackAccess } from '@server/db/schema';
import { maskPhone } from '@shared/projection';
import { FINAL_STAGE } from '@shared/stages';
import { shanghaiDate, shanghaiIso } from '@shared/time';
import { shanghaiWeekOf } from '@shared/track-usage';
import type { Desk } from '../../support/harness';
import { backlog, withDesk, withServer } from '../../support/harness';
import { quiescent, until } from '../../support/desk-harness';

let server: OrderServer;
let wang: Desk;
let li: Desk;
let picked: Array<{ id: string; orderNo: string; customerPhone: string; stage: number }>;

async function writeRequest(id: string, order: { id: string; orderNo: string }, wanted: string, atMs: number) {
  await server.writer.write((ctx) => {
    ctx.db.insert(customerRequests).values({ id, version: ctx.version, deleted: false, orderId: order.id, orderNo: order.orderNo, kind: 'date_change', wanted, note: '周末家里有人', at: shanghaiIso(atMs), state: 'new' }).run();
  });
}

async function writeAccess(id: string, phone: string | null, kind: string, outcome: string, atMs: number) {
  await server.writer.write((ctx) => {
    ctx.db.insert(trackAccess).values({ id, version: ctx.version, deleted: false, at: shanghaiIso(atMs), atMs, kind, phone: phone === null ? null : maskPhone(phone), address: '203.0.113.7', outcome, orderNo: null }).run();
  });
}

beforeAll(async () => {
  server = await withServer({ simulate: backlog(18, 400) });
  picked = server.db.select({ id: orders.id, orderNo: orders.orderNo, customerPhone: orders.customerPhone, stage: orders.stage }).from(orders).where(eq(orders.deleted, false)).all()
    .filter((o) => o.stage < FINAL_STAGE)
    .slice(0, 3);
  const now = server.clock.now();
  await writeRequest('cr-1', picked[0]!, shanghaiDate(now + 3 * 86_400_000), now - 3_600_000);
  await writeRequest('cr-2', picked[1]!, shanghaiDate(now + 5 * 86_400_000), now - 600_000);
  // page use this week: two customers saw their orders (one twice), one only asked for a code
  await writeAccess('ta-1', picked[0]!.customerPhone, 'orders', 'ok', now - 3_000_000);
  await writeAccess('ta-2', picked[0]!.customerPhone, 'order', 'ok', now - 2_000_000);
  await writeAccess('ta-3', picked[1]!.customerPhone, 'session', 'ok', now - 1_000_000);
  await writeAccess('ta-4', picked[2]!.customerPhone, 'code', 'sent', now - 1_000_000);
  wang = withDesk(server, { name: '王值班', commandTimeoutMs: 10_000 });
  li = withDesk(server, { name: '李值班', commandTimeoutMs: 10_000 });
  await Promise.all([quiescent(wang, server), quiescent(li, server)]);
}, 120_000);

describe('customer requests in the war room', () => {
  it('lists new requests first-come-first-served with their order, and one handled on one desk is handled on every desk', async () => {
    const list = await wang.handlers.customerRequests({});
    expect(list.open).toBe(2);
    expect(list.requests.map((r) => r.id)).toEqual(['cr-1', 'cr-2']);
    expect(list.requests[0]).toMatchObject({ orderId: picked[0]!.id, orderNo: picked[0]!.orderNo, state: 'new', pending: false, note: '周末家里有人', order: { stage: picked[0]!.stage } });

    const { command } = await wang.handlers.handleCustomerRequest({ requestId: 'cr-1' });
    expect(command.type).toBe('customerRequest.handle');
    const answered = await until('the handle answered', () => wang.handlers.commands({}), (c) => c.commands.some((x) => x.seq === command.seq && x.state !== 'pending'));
    expect(answered.commands.find((x) => x.seq === command.seq)).toMatchObject({ state: 'applied' });
    expect(server.db.select().from(customerRequests).where(eq(customerRequests.id, 'cr-1')).get()).toMatchObject({ state: 'handled' });
    expect(recentAudit(server.db, 20).find((a) => a.type === 'customerRequest.handle')).toMatchObject({ actor: '王值班', outcome: 'applied', detail: expect.stringContaining(picked[0]!.orderNo) });

    // 李's queue: cr-1 is handled there too, below the open one
    await quiescent(li, server);
    const seen = await li.handlers.customerRequests({});
    expect(seen.open).toBe(1);
    expect(seen.requests.map((r) => [r.id, r.state])).toEqual([['cr-2', 'new'], ['cr-1', 'handled']]);
    await expect(Promise.resolve().then(() => li.handlers.handleCustomerRequest({ requestId: 'cr-1' }))).rejects.toMatchObject({ code: 'wrong_status' });

    // undo (the next shift may undo it too, by the audit trail's id): back to new on every desk
    await wang.handlers.undo({ actionId: `cmd-${command.seq}` });
    await until('cr-1 new again on 李', async () => (await quiescent(li, server), li.handlers.customerRequests({})), (l) => l.requests.find((r) => r.id === 'cr-1')?.state === 'new');
    expect(server.db.select().from(customerRequests).where(eq(customerRequests.id, 'cr-1')).get()).toMatchObject({ state: 'new' });
  }, 60_000);

  it('refuses a handle naming a version the request is no longer at', async () => {
    const cr2 = server.db.select().from(customerRequests).where(and(eq(customerRequests.id, 'cr-2'))).get()!;
    const stale = li.enqueueCommand('customerRequest.handle', { requests: [{ requestId: 'cr-2', expectedVersion: cr2.version - 1 }] }, 'stale');
    const answered = await until('the stale handle answered', () => li.handlers.commands({}), (c) => c.commands.some((x) => x.seq === stale.seq && x.state !== 'pending'));
    expect(answered.commands.find((x) => x.seq === stale.seq)).toMatchObject({ state: 'rejected', error: { code: 'conflict' } });
    expect(server.db.select().from(customerRequests).where(eq(customerRequests.id, 'cr-2')).get()).toMatchObject({ state: 'new' });
  }, 30_000);
});

describe('the self-service usage share', () => {
  it('is the customers with orders in progress who opened the page this week, on the war room and in the shift report', async () => {
    const now = server.clock.now();
    const week = shanghaiWeekOf(now);
    // independently: the server's orders by their masked phone, in progress this week
    const customers = new Set(
      server.db.select({ phone: orders.customerPhone, stage: orders.stage, entered: orders.stageEnteredAt }).from(orders).where(eq(orders.deleted, false)).all()
        .filter((o) => o.stage < FINAL_STAGE || Date.parse(o.entered) >= week.start)
        .map((o) => maskPhone(o.phone)),
    );
    const usage = await wang.handlers.selfServiceUsage({});
    expect(usage).toMatchObject({ customers: customers.size, opened: 2, weekStart: shanghaiIso(week.start), weekEnd: shanghaiIso(week.end) });
    expect(usage.share).toBeCloseTo(2 / customers.size, 10);

    const report = await wang.handlers.shiftReport({});
    expect(report.selfService).toMatchObject({ opened: 2, weekStart: shanghaiIso(week.start) });
    expect(report.selfService!.customers).toBeGreaterThanOrEqual(2);
    expect(report.selfService!.share).toBeCloseTo(2 / report.selfService!.customers, 10);

    // the access log a supervisor can see: every row the server logged, newest first, phones masked, the address (supervisor)
    const logged = server.db.select().from(trackAccess).all();
    const { entries } = await wang.handlers.trackAccessLog({});
    expect(entries.map((e) => e.id).sort()).toEqual(logged.map((r) => r.id).sort());
    expect(entries.map((e) => e.at)).toEqual([...entries.map((e) => e.at)].sort().reverse());
    for (const e of entries) {
      if (e.phone) expect(e.phone).toMatch(/^\d{3}\*{4}\d{4}$/);
      expect(e.address).toBe('203.0.113.7');
    }
    expect((await wang.handlers.trackAccessLog({ limit: 1 })).entries).toHaveLength(1);
  }, 30_000);
});
