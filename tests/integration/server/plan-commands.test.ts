/**
 * The issue-14 plan commands (order.switchCarrier, order.moveLine, line.overtime, job.create)
 * against a real server over real sockets: each applies, refuses bad input naming the field,
 * rejects a stale expectedVersion naming the row, goes all-or-none in a batch and undoes exactly.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Socket } from 'socket.io-client';
import { and, eq } from 'drizzle-orm';
import { CommandReply } from '@shared/protocol';
import { carrierRowId, lineRowId } from '@shared/supply-ids';
import type { OrderServer } from '@server/app';
import { recentAudit } from '@server/db/ledger';
import { carriers, crews, events, jobs, lines, notifications, orders, type JobRow, type LineRow, type OrderRow } from '@server/db/schema';
import { connectDesk, http, newOrderBody, removeTempDirs, startServer, token } from './helpers';
import { Commander, crewFor, EVIDENCE, jobRow, orderRow } from './fixtures';

let server: OrderServer;
let floor: string;
let supervisor: string;
const sockets: Socket[] = [];
let seq = 0;

/** Test carriers and lines of their own (names no seed uses), written like any synced row (row ids: src/shared/supply-ids.ts). */
const CARRIER_SH = 'H2测试物流';
const CARRIER_BJ = 'H2北方快运';
const LINE_A = 'H2一厂/封边A线';
const LINE_B = 'H2二厂/封边B线';
const LINE_KITCHEN = 'H2二厂/橱柜线';

const lineRow = (ws: string): LineRow => server.db.select().from(lines).where(eq(lines.id, lineRowId(ws))).get() as LineRow;
const jobsOf = (orderId: string): JobRow[] => server.db.select().from(jobs).where(eq(jobs.orderId, orderId)).all();

function seedSupply(): void {
  server.writer.write((ctx) => {
    const carrier = (name: string, region: string) => ({ id: carrierRowId(name), version: ctx.version, deleted: false, express: false, trackingUrl: 'https://track.example/{waybill}', lanes: [{ region, transitDays: 2, dailyCapacity: 100, yuanPerShipment: 30 }], stoppages: [] });
    ctx.db.insert(carriers).values([carrier(CARRIER_SH, '上海市'), carrier(CARRIER_BJ, '北京市')]).run();
    const line = (ws: string, stage: number, skills: string[]) => {
      const [factory, name] = ws.split('/') as [string, string];
      return { id: lineRowId(ws), version: ctx.version, deleted: false, factory, name, stage, skills, hoursPerDay: 8, ordersPerHour: 2, overtimeHoursMax: 3, overtimeYuanPerHour: 200, transferYuan: 500, down: [], overtime: [{ date: '2026-05-01', hours: 1 }] };
    };
    ctx.db.insert(lines).values([line(LINE_A, 5, ['wardrobe']), line(LINE_B, 5, ['wardrobe', 'bookcase']), line(LINE_KITCHEN, 5, ['kitchen'])]).run();
  });
}

/** A new order at `stage` (Shanghai 徐汇区, a wardrobe); `fields` go with the last advance (workshop, carrier, waybill). */
async function orderAt(stage: number, fields: Record<string, unknown> = {}): Promise<OrderRow> {
  const created = await http(server, 'POST', '/api/v1/orders', { token: floor, body: newOrderBody(`H2-${process.pid}-${++seq}`) });
  expect(created.status, JSON.stringify(created.body)).toBe(201);
  const id = created.body.id as string;
  const steps = [2, stage].filter((s, i, all) => s > 1 && all.indexOf(s) === i);
  for (const [i, s] of steps.entries()) {
    const r = await http(server, 'POST', `/api/v1/orders/${id}/advance`, { token: floor, body: { stage: s, evidence: EVIDENCE, ...(i === steps.length - 1 ? { fields } : {}) } });
    expect(r.status, JSON.stringify(r.body)).toBe(200);
  }
  return orderRow(server, id);
}

/** An order past shipping whose installation job is missing (the hand-off that never came): any job it got is cancelled. */
async function orderWithoutJob(stage = 10): Promise<OrderRow> {
  const order = await orderAt(stage);
  server.writer.write((ctx) => {
    ctx.db.update(jobs).set({ status: 'cancelled', version: ctx.version }).where(eq(jobs.orderId, order.id)).run();
    ctx.db.update(orders).set({ crewId: null, bookedSlot: null, version: ctx.version }).where(eq(orders.id, order.id)).run();
  });
  return orderRow(server, order.id);
}

async function commander(clientId: string): Promise<Commander> {
  const s = await connectDesk(server, { token: supervisor, clientId, protocol: 1 });
  sockets.push(s);
  return new Commander(s);
}

async function send(c: Commander, type: string, payload: unknown): Promise<CommandReply> {
  return CommandReply.parse(await c.send(type, payload));
}
const codeOf = (r: CommandReply): string => (r.status === 'rejected' ? r.error.code : r.status);

beforeAll(async () => {
  server = await startServer({ simulate: { seed: 41, speed: 1, live: false, backlogOrders: 60 } });
  floor = token(server, 'floor').token;
  supervisor = token(server, 'supervisor', '值班主管 周敏').token;
  seedSupply();
});

afterAll(async () => {
  for (const s of sockets) s.close();
  await server.close();
  removeTempDirs();
});

describe('order.switchCarrier', () => {
  it('switches a shipment not yet collected, clears its waybill, and undoes exactly', async () => {
    const c = await commander('sw-apply');
    const order = await orderAt(8, { carrier: CARRIER_BJ, waybill: 'WB-001' });
    expect(order).toMatchObject({ carrier: CARRIER_BJ, waybill: 'WB-001' });
    const r = await send(c, 'order.switchCarrier', { orders: [{ orderId: order.id, carrier: CARRIER_SH, pickupDate: '2026-05-02', expectedVersion: order.version }] });
    expect(r).toEqual({ ok: true, status: 'applied', version: server.head() });
    expect(orderRow(server, order.id)).toMatchObject({ carrier: CARRIER_SH, waybill: null, version: server.head() });
    const ev = server.db.select().from(events).where(and(eq(events.orderId, order.id), eq(events.kind, 'switchCarrier'))).get();
    expect(ev?.note).toBe(`${CARRIER_BJ} → ${CARRIER_SH}, pickup 2026-05-02`);

    expect(codeOf(await send(c, 'undo', { clientId: 'sw-apply', mutationId: 1 }))).toBe('applied');
    expect(orderRow(server, order.id)).toMatchObject({ carrier: CARRIER_BJ, waybill: 'WB-001', stage: 8 });
  });

  it('refuses a stale order naming the row, a collected shipment, an unknown carrier and one without a lane', async () => {
    const c = await commander('sw-rules');
    const order = await orderAt(8, { carrier: CARRIER_BJ });
    const item = (over: Record<string, unknown> = {}) => ({ orderId: order.id, carrier: CARRIER_SH, pickupDate: '2026-05-02', expectedVersion: order.version, ...over });

    const stale = await send(c, 'order.switchCarrier', { orders: [item({ expectedVersion: order.version - 1 })] });
    expect(stale.status === 'rejected' && stale.error).toMatchObject({ code: 'conflict', rows: [{ entity: 'order', id: order.id, version: order.version, expectedVersion: order.version - 1 }] });

    const unknown = await send(c, 'order.switchCarrier', { orders: [item({ carrier: '无此物流' })] });
    expect(unknown.status === 'rejected' && unknown.error).toMatchObject({ code: 'not_found' });
    expect(unknown.status === 'rejected' && unknown.error.message).toContain('carrier: no carrier 无此物流');

    const noLane = await send(c, 'order.switchCarrier', { orders: [item({ carrier: CARRIER_BJ })] });
    expect(noLane.status === 'rejected' && noLane.error.code).toBe('out_of_area');
    expect(noLane.status === 'rejected' && noLane.error.message).toContain(`carrier: ${CARRIER_BJ} has no lane into 上海市上海市徐汇区`);

    const shipped = await orderAt(9, { carrier: CARRIER_BJ, waybill: 'WB-9' });
    const collected = await send(c, 'order.switchCarrier', { orders: [{ ...item(), orderId: shipped.id, expectedVersion: shipped.version }] });
    expect(collected.status === 'rejected' && collected.error).toMatchObject({ code: 'wrong_stage' });
    expect(orderRow(server, order.id).carrier).toBe(CARRIER_BJ);
  });
});

describe('order.moveLine', () => {
  it('moves waiting work to a line of the stage with the skill, and undoes exactly', async () => {
    const c = await commander('ml-apply');
    const order = await orderAt(5, { workshop: 'H2一厂', line: '封边A线' });
    const r = await send(c, 'order.moveLine', { orders: [{ orderId: order.id, line: LINE_B, expectedVersion: order.version }] });
    expect(codeOf(r)).toBe('applied');
    expect(orderRow(server, order.id)).toMatchObject({ workshop: 'H2二厂', line: '封边B线' });
    const ev = server.db.select().from(events).where(and(eq(events.orderId, order.id), eq(events.kind, 'moveLine'))).get();
    expect(ev?.note).toBe(`${LINE_A} → ${LINE_B}`);
    expect(codeOf(await send(c, 'undo', { clientId: 'ml-apply', mutationId: 1 }))).toBe('applied');
    expect(orderRow(server, order.id)).toMatchObject({ workshop: 'H2一厂', line: '封边A线' });
  });

  it('refuses another stage’s line, a line without the product, an unknown line and a stale order', async () => {
    const c = await commander('ml-rules');
    const order = await orderAt(5, { workshop: 'H2一厂', line: '封边A线' });
    const item = (over: Record<string, unknown> = {}) => ({ orderId: order.id, line: LINE_B, expectedVersion: order.version, ...over });
    const kitchen = await send(c, 'order.moveLine', { orders: [item({ line: LINE_KITCHEN })] });
    expect(kitchen.status === 'rejected' && kitchen.error).toMatchObject({ code: 'missing_skill', message: `line: ${LINE_KITCHEN} cannot work wardrobe (order ${order.id})` });
    expect(codeOf(await send(c, 'order.moveLine', { orders: [item({ line: 'H2一厂/无此线' })] }))).toBe('not_found');
    const early = await orderAt(4, { workshop: 'H2一厂', line: '开料线' });
    const stage = await send(c, 'order.moveLine', { orders: [item({ orderId: early.id, expectedVersion: early.version })] });
    expect(stage.status === 'rejected' && stage.error.message).toBe(`line: ${LINE_B} works stage 5, order ${early.id} is at stage 4`);
    const stale = await send(c, 'order.moveLine', { orders: [item({ expectedVersion: 1 })] });
    expect(stale.status === 'rejected' && stale.error).toMatchObject({ code: 'conflict', rows: [{ entity: 'order', id: order.id, expectedVersion: 1 }] });
  });
});

describe('line.overtime', () => {
  it('sets, replaces and removes a date’s hours, refuses more than the line’s maximum, and undoes exactly', async () => {
    const c = await commander('lo');
    const before = lineRow(LINE_A);
    const r = await send(c, 'line.overtime', { lines: [{ lineId: LINE_A, date: '2026-04-30', hours: 2.5, expectedVersion: before.version }] });
    expect(codeOf(r)).toBe('applied');
    expect(lineRow(LINE_A)).toMatchObject({ overtime: [{ date: '2026-04-30', hours: 2.5 }, { date: '2026-05-01', hours: 1 }], version: server.head() });

    const over = await send(c, 'line.overtime', { lines: [{ lineId: LINE_A, date: '2026-04-30', hours: 3.5, expectedVersion: lineRow(LINE_A).version }] });
    expect(over.status === 'rejected' && over.error).toMatchObject({ code: 'over_limit', message: `hours: line ${LINE_A} allows at most 3 overtime hours a day, not 3.5 (2026-04-30)` });
    const stale = await send(c, 'line.overtime', { lines: [{ lineId: LINE_A, date: '2026-04-30', hours: 1, expectedVersion: before.version }] });
    expect(stale.status === 'rejected' && stale.error).toMatchObject({ code: 'conflict', rows: [{ entity: 'line', id: lineRowId(LINE_A), version: lineRow(LINE_A).version, expectedVersion: before.version }] });
    expect(codeOf(await send(c, 'line.overtime', { lines: [{ lineId: 'H2一厂/无', date: '2026-04-30', hours: 1, expectedVersion: 1 }] }))).toBe('not_found');

    const removed = await send(c, 'line.overtime', { lines: [{ lineId: LINE_A, date: '2026-05-01', hours: 0, expectedVersion: lineRow(LINE_A).version }] });
    expect(codeOf(removed)).toBe('applied');
    expect(lineRow(LINE_A).overtime).toEqual([{ date: '2026-04-30', hours: 2.5 }]);
    expect(codeOf(await send(c, 'undo', { clientId: 'lo', mutationId: c.next - 1 }))).toBe('applied');
    expect(lineRow(LINE_A).overtime).toEqual([{ date: '2026-04-30', hours: 2.5 }, { date: '2026-05-01', hours: 1 }]);
    // the first command's line has changed since: its undo names the row
    const late = await send(c, 'undo', { clientId: 'lo', mutationId: 1 });
    expect(late.status === 'rejected' && late.error).toMatchObject({ code: 'conflict', rows: [{ entity: 'line', id: lineRowId(LINE_A) }] });
  });
});

describe('job.create', () => {
  it('books a job for an order without one, queues the crew’s text, and its undo cancels both; a redo books it again', async () => {
    const c = await commander('jc-apply');
    const order = await orderWithoutJob(10);
    const crew = crewFor(server, '徐汇区', 'wardrobe');
    const r = await send(c, 'job.create', { jobs: [{ orderId: order.id, crewId: crew.id, date: '2026-05-11', window: '13:00-17:00' }] });
    expect(codeOf(r)).toBe('applied');
    const made = jobsOf(order.id).find((j) => j.status === 'booked');
    expect(made).toMatchObject({ crewId: crew.id, date: '2026-05-11', window: '13:00-17:00', skill: 'wardrobe', version: server.head() });
    // the audit row counts the job it made: the job, the order's booking, the event and the crew's text
    expect(recentAudit(server.db, 20).find((a) => a.clientId === 'jc-apply' && a.mutationId === 1)).toMatchObject({ type: 'job.create', outcome: 'applied', rows: 4 });
    expect(orderRow(server, order.id)).toMatchObject({ crewId: crew.id, bookedSlot: '2026-05-11 13:00-17:00' });
    const text = server.db.select().from(notifications).where(eq(notifications.orderId, order.id)).all().find((n) => n.recipient === `crew:${crew.id}`);
    expect(text).toMatchObject({ template: 'crew_job_added', status: 'queued', params: { crewName: crew.name, orderNo: order.orderNo, district: '徐汇区', date: '2026-05-11', window: '13:00-17:00', jobId: made?.id } });

    // a second job for the same order, also within one batch
    expect(codeOf(await send(c, 'job.create', { jobs: [{ orderId: order.id, crewId: crew.id, date: '2026-05-12' }] }))).toBe('wrong_status');

    expect(codeOf(await send(c, 'undo', { clientId: 'jc-apply', mutationId: 1 }))).toBe('applied');
    expect(jobRow(server, made!.id)).toMatchObject({ status: 'cancelled', deleted: false });
    expect(orderRow(server, order.id)).toMatchObject({ crewId: null, bookedSlot: null });
    expect(server.db.select().from(notifications).where(eq(notifications.id, text!.id)).get()?.status).toBe('cancelled');

    // undoing the undo books the same job again
    expect(codeOf(await send(c, 'undo', { clientId: 'jc-apply', mutationId: 3 }))).toBe('applied');
    expect(jobRow(server, made!.id)).toMatchObject({ status: 'booked', crewId: crew.id });
    expect(orderRow(server, order.id)).toMatchObject({ crewId: crew.id, bookedSlot: '2026-05-11 13:00-17:00' });
  });

  it('refuses an active job, a crew without the skill or outside the district, leave, a full day and a stale order; a batch is all or none', async () => {
    const c = await commander('jc-rules');
    const order = await orderWithoutJob(9);
    const crew = crewFor(server, '徐汇区', 'wardrobe');
    const DAY = '2026-05-20';
    const item = (over: Record<string, unknown> = {}) => ({ orderId: order.id, crewId: crew.id, date: DAY, ...over });
    const reason = async (payload: unknown) => {
      const r = await send(c, 'job.create', payload);
      return r.status === 'rejected' ? `${r.error.code}: ${r.error.message}` : r.status;
    };
    const all = server.db.select().from(crews).all();
    const noSkill = all.find((x) => x.districts.includes('徐汇区') && !x.skills.includes('wardrobe'));
    const farAway = all.find((x) => !x.districts.includes('徐汇区') && x.skills.includes('wardrobe'));
    if (noSkill) expect(await reason({ jobs: [item({ crewId: noSkill.id })] })).toBe(`missing_skill: crewId: crew ${noSkill.id} lacks skill wardrobe (order ${order.id})`);
    expect(farAway).toBeDefined();
    expect(await reason({ jobs: [item({ crewId: farAway!.id })] })).toBe(`out_of_area: crewId: crew ${farAway!.id} does not serve 徐汇区 (order ${order.id})`);
    expect(await reason({ jobs: [item({ crewId: 'crew-none' })] })).toContain('not_found: crewId: crew crew-none not found');
    expect(await reason({ jobs: [item({ expectedVersion: order.version - 1 })] })).toContain(`conflict: order ${order.id} is at version ${order.version}`);

    const early = await orderAt(8);
    expect(await reason({ jobs: [item({ orderId: early.id })] })).toContain('wrong_stage: orderId:');

    // a full day: as many other orders as the crew takes, then one more in the same command
    const more: OrderRow[] = [];
    for (let i = 0; i < crew.capacityPerDay; i++) more.push(await orderWithoutJob(10));
    const full = await send(c, 'job.create', { jobs: [...more.map((o) => ({ orderId: o.id, crewId: crew.id, date: DAY })), item()] });
    expect(full.status === 'rejected' && full.error.code).toBe('over_capacity');
    // all or none: the batch's good order stays without a job
    const batch = await send(c, 'batch', { commands: [{ type: 'job.create', payload: { jobs: [item({ date: '2026-05-21' })] } }, { type: 'job.create', payload: { jobs: [item({ crewId: farAway!.id, orderId: more[0]!.id })] } }] });
    expect(codeOf(batch)).toBe('out_of_area');
    expect(jobsOf(order.id).filter((j) => j.status !== 'cancelled')).toEqual([]);

    // the default window rotates through the day's windows like the hand-off's
    const ok = await send(c, 'job.create', { jobs: more.slice(0, 2).map((o) => ({ orderId: o.id, crewId: crew.id, date: '2026-05-22' })) });
    expect(codeOf(ok)).toBe('applied');
    const windows = more.slice(0, 2).map((o) => jobsOf(o.id).find((j) => j.status === 'booked')?.window);
    expect(new Set(windows).size).toBe(2);

    await http(server, 'POST', `/api/v1/crews/${crew.id}/unavailable`, { token: floor, body: { from: '2026-05-25', to: '2026-05-25', reason: '病假' } });
    expect(await reason({ jobs: [item({ date: '2026-05-25' })] })).toBe(`crew_unavailable: date: crew ${crew.id} is unavailable on 2026-05-25 (order ${order.id})`);
  });
});

describe('bad payloads', () => {
  it('name the field and keep the mutationId free', async () => {
    const c = await commander('plan-bad');
    const cases: [string, unknown, string][] = [
      ['order.switchCarrier', { orders: [] }, 'payload.orders'],
      ['order.switchCarrier', { orders: [{ orderId: 'o', carrier: CARRIER_SH, pickupDate: '2026-02-30', expectedVersion: 1 }] }, 'payload.orders.0.pickupDate'],
      ['order.switchCarrier', { orders: [{ orderId: 'o', carrier: ' ', pickupDate: '2026-02-03', expectedVersion: 1 }] }, 'payload.orders.0.carrier'],
      ['order.switchCarrier', { orders: [{ orderId: 'o', carrier: CARRIER_SH, pickupDate: '2026-02-03' }] }, 'payload.orders.0.expectedVersion'],
      ['order.moveLine', { orders: [{ orderId: 'o', line: '封边2线', expectedVersion: 1 }] }, 'payload.orders.0.line'],
      ['line.overtime', { lines: [{ lineId: LINE_A, date: '2026-04-30', hours: 13, expectedVersion: 1 }] }, 'payload.lines.0.hours'],
      ['line.overtime', { lines: [{ lineId: LINE_A, date: '2026-04-30', hours: -1, expectedVersion: 1 }] }, 'payload.lines.0.hours'],
      ['job.create', { jobs: [{ orderId: 'o', crewId: 'c', date: '2026-05-01', window: '9-12' }] }, 'payload.jobs.0.window'],
      ['job.create', { jobs: [{ orderId: 'o', date: '2026-05-01' }] }, 'payload.jobs.0.crewId'],
      ['batch', { commands: [{ type: 'line.overtime', payload: { lines: [{ lineId: LINE_A, date: 'x', hours: 1, expectedVersion: 1 }] } }] }, 'payload.commands.0.payload.lines.0.date'],
    ];
    for (const [type, payload, field] of cases) {
      const r = await c.send(type, payload, 1);
      expect(r.ok, field).toBe(false);
      expect(r.error?.code, field).toBe('bad_request');
      expect(r.error?.message, field).toContain(`${field}:`);
    }
    const free = await c.send('line.overtime', { lines: [{ lineId: LINE_B, date: '2026-04-29', hours: 1, expectedVersion: lineRow(LINE_B).version }] }, 1);
    expect(free.status).toBe('applied');
  });
});
