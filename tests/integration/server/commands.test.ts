import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Socket } from 'socket.io-client';
import { eq } from 'drizzle-orm';
import { ChangesPush, CommandReply } from '@shared/protocol';
import type { OrderServer } from '@server/app';
import { recentAudit } from '@server/db/ledger';
import { jobs, notifications } from '@server/db/schema';
import { ask, connectDesk, http, nextEvent, removeTempDirs, startServer, token } from './helpers';
import { Commander, crewFor, crewWithout, deliveredOrder, jobRow, orderRow } from './fixtures';

let server: OrderServer;
let floor: string;
let supervisor: string;
const sockets: Socket[] = [];
const DATE = '2026-03-02';

async function commander(clientId: string, tok = supervisor): Promise<Commander> {
  const s = await connectDesk(server, { token: tok, clientId, protocol: 1 });
  sockets.push(s);
  return new Commander(s);
}

beforeAll(async () => {
  server = await startServer({ simulate: { seed: 21, speed: 1, live: false, backlogOrders: 120 } });
  floor = token(server, 'floor').token;
  supervisor = token(server, 'supervisor', '值班主管 张伟').token;
});

afterAll(async () => {
  for (const s of sockets) s.close();
  await server.close();
  removeTempDirs();
});

describe('applied, duplicate, mutation_gap', () => {
  it('applies a reassign atomically, pushes its rows and repeats it as a duplicate', async () => {
    const c = await commander('desk-a');
    const { order, job } = await deliveredOrder(server, floor);
    const crew = crewFor(server, '徐汇区', 'wardrobe');
    const push = nextEvent<unknown>(c.socket, 'changes');
    const r = CommandReply.parse(await c.send('job.reassign', { jobs: [{ jobId: job.id, crewId: crew.id, date: DATE, expectedVersion: job.version }] }));
    expect(r).toEqual({ ok: true, status: 'applied', version: server.head() });
    const p = ChangesPush.parse(await push);
    expect(p.to).toBe(server.head());
    // the rows it wrote (a server may add extension entities, e.g. its audit row)
    expect(p.changes.map((x) => x.entity).filter((e) => ['event', 'job', 'order'].includes(e)).sort()).toEqual(['event', 'job', 'order']);
    expect(jobRow(server, job.id)).toMatchObject({ crewId: crew.id, date: DATE, status: 'booked', version: server.head() });
    expect(orderRow(server, order.id)).toMatchObject({ crewId: crew.id });

    const head = server.head();
    // a resend is the same command (another payload under a used mutationId: bound-clients.test.ts)
    const dup = await c.send('job.reassign', { jobs: [{ jobId: job.id, crewId: crew.id, date: DATE, expectedVersion: job.version }] }, 1);
    expect(dup).toEqual({ ok: true, status: 'duplicate', version: r.status === 'applied' ? r.version : -1, original: 'applied' });
    expect(server.head()).toBe(head);

    const gap = await c.send('order.note', { orderId: order.id, text: 'x' }, 5);
    expect(gap).toMatchObject({ ok: false, error: { code: 'mutation_gap', expected: 2 } });
    expect(gap.error?.message).toContain('mutationId');
    expect((await c.send('order.note', { orderId: order.id, text: '客户要求上午' })).status).toBe('applied');
  });

  it('keeps mutationIds per client', async () => {
    const a = await commander('desk-b1');
    const b = await commander('desk-b2');
    const { order } = await deliveredOrder(server, floor);
    expect((await a.send('order.note', { orderId: order.id, text: 'a1' })).status).toBe('applied');
    expect((await b.send('order.note', { orderId: order.id, text: 'b1' })).status).toBe('applied');
    expect((await b.send('order.note', { orderId: order.id, text: 'b1' }, 1)).status).toBe('duplicate');
  });
});

describe('bad_request and forbidden do not use up the mutationId', () => {
  it('names the field and keeps the id free', async () => {
    const c = await commander('desk-bad');
    const { order, job } = await deliveredOrder(server, floor);
    const cases: [string, unknown, string][] = [
      ['job.reassign', { jobs: [] }, 'payload.jobs'],
      ['job.reassign', { jobs: [{ jobId: job.id, crewId: 'c', date: '2026-02-30', expectedVersion: 1 }] }, 'payload.jobs.0.date'],
      ['job.reassign', { jobs: [{ jobId: job.id, crewId: 'c', date: DATE }] }, 'payload.jobs.0.expectedVersion'],
      ['job.reschedule', { jobs: [{ jobId: job.id, date: DATE, expectedVersion: 1 }], compensation: { template: 'sorry' } }, 'payload.compensation.amountYuan'],
      ['order.tagCause', { orderId: order.id, cause: 'aliens' }, 'payload.cause'],
      ['order.note', { orderId: order.id }, 'payload.text'],
      ['notify.customers', { orderIds: [], template: 't' }, 'payload.orderIds'],
      ['undo', { clientId: 'x' }, 'payload.mutationId'],
      ['batch', { commands: [] }, 'payload.commands'],
      ['batch', { commands: [{ type: 'batch', payload: { commands: [] } }] }, 'payload.commands.0.type'],
      ['batch', { commands: [{ type: 'order.note', payload: { orderId: order.id, text: 'ok' } }, { type: 'order.note', payload: { orderId: 5 } }] }, 'payload.commands.1.payload.orderId'],
    ];
    for (const [type, payload, field] of cases) {
      const r = await c.send(type, payload, 1);
      expect(r.ok, `${type} ${field}`).toBe(false);
      expect(r.error?.code).toBe('bad_request');
      expect(r.error?.message).toContain(field);
    }
    const viewer = await commander('desk-bad', token(server, 'viewer').token);
    expect((await viewer.send('order.note', { orderId: order.id, text: 'hi' }, 1)).error?.code).toBe('forbidden');
    expect((await c.send('order.note', { orderId: order.id, text: 'first real one' }, 1)).status).toBe('applied');
  });
});

describe('rejections', () => {
  it('answers each business rule, uses up the mutationId and repeats it as a duplicate', async () => {
    const c = await commander('desk-rules');
    const { job } = await deliveredOrder(server, floor);
    const crew = crewFor(server, '徐汇区', 'wardrobe');
    const reassign = (over: Record<string, unknown> = {}) => ({ jobs: [{ jobId: job.id, crewId: crew.id, date: DATE, expectedVersion: job.version, ...over }] });

    const conflict = CommandReply.parse(await c.send('job.reassign', reassign({ expectedVersion: job.version - 1 })));
    expect(conflict).toMatchObject({ status: 'rejected', error: { code: 'conflict', rows: [{ entity: 'job', id: job.id, version: job.version, expectedVersion: job.version - 1 }] } });
    const dup = await c.send('job.reassign', reassign({ expectedVersion: job.version - 1 }), 1);
    expect(dup).toMatchObject({ status: 'duplicate', original: 'rejected', error: { code: 'conflict' } });

    const code = async (type: string, payload: unknown) => {
      const r = CommandReply.parse(await c.send(type, payload));
      return r.status === 'rejected' ? r.error.code : r.status;
    };
    expect(await code('job.reassign', reassign({ jobId: 'j_missing' }))).toBe('not_found');
    expect(await code('job.reassign', reassign({ crewId: 'crew-999' }))).toBe('not_found');
    const done = server.db.select().from(jobs).where(eq(jobs.status, 'done')).get();
    expect(done).toBeDefined();
    expect(await code('job.reassign', { jobs: [{ jobId: done!.id, crewId: crew.id, date: DATE, expectedVersion: done!.version }] })).toBe('wrong_status');
    const finished = server.db.select().from(jobs).where(eq(jobs.status, 'done')).all().map((j) => orderRow(server, j.orderId)).find((o) => o.stage === 12);
    expect(await code('order.tagCause', { orderId: finished!.id, cause: 'logistics' })).toBe('wrong_stage');
    expect(await code('job.reassign', reassign({ crewId: crewWithout(server, 'wardrobe').id }))).toBe('missing_skill');
    const leave = crewFor(server, '徐汇区', 'wardrobe', [crew.id]);
    expect((await http(server, 'POST', `/api/v1/crews/${leave.id}/unavailable`, { token: floor, body: { from: DATE, to: DATE, reason: '病假' } })).status).toBe(200);
    expect(await code('job.reassign', reassign({ crewId: leave.id }))).toBe('crew_unavailable');
    expect(await code('undo', { clientId: 'desk-rules', mutationId: 1 })).toBe('not_found');
    expect(await code('undo', { clientId: 'nobody', mutationId: 1 })).toBe('not_found');

    // over capacity: more jobs on one crew and day than it takes, in one command
    const extra = [];
    for (let i = 0; i < crew.capacityPerDay; i++) extra.push((await deliveredOrder(server, floor)).job);
    const many = [job, ...extra].map((j) => ({ jobId: j.id, crewId: crew.id, date: '2026-03-09', expectedVersion: j.version }));
    expect(await code('job.reassign', { jobs: many })).toBe('over_capacity');
    expect(await code('job.reassign', { jobs: many.slice(0, crew.capacityPerDay) })).toBe('applied');
  });

  it('checks the rules in protocol order across a whole command', async () => {
    const c = await commander('desk-order');
    const { job } = await deliveredOrder(server, floor);
    const crew = crewFor(server, '徐汇区', 'wardrobe');
    const noSkill = crewWithout(server, 'wardrobe');
    const r1 = CommandReply.parse(
      await c.send('job.reassign', { jobs: [{ jobId: job.id, crewId: noSkill.id, date: DATE, expectedVersion: job.version }, { jobId: 'j_none', crewId: crew.id, date: DATE, expectedVersion: 1 }] }),
    );
    expect(r1.status === 'rejected' && r1.error.code).toBe('not_found');
    const r2 = CommandReply.parse(
      await c.send('batch', {
        commands: [
          { type: 'job.reassign', payload: { jobs: [{ jobId: 'j_none', crewId: crew.id, date: DATE, expectedVersion: 1 }] } },
          { type: 'job.reassign', payload: { jobs: [{ jobId: job.id, crewId: crew.id, date: DATE, expectedVersion: job.version + 7 }] } },
        ],
      }),
    );
    expect(r2.status === 'rejected' && r2.error).toMatchObject({ code: 'conflict', rows: [{ entity: 'job', id: job.id }] });
  });
});

describe('batch', () => {
  it('applies all or none', async () => {
    const c = await commander('desk-batch');
    const { order, job } = await deliveredOrder(server, floor);
    const crew = crewFor(server, '徐汇区', 'wardrobe');
    const head = server.head();
    const bad = CommandReply.parse(
      await c.send('batch', {
        commands: [
          { type: 'order.tagCause', payload: { orderId: order.id, cause: 'installer_shortage' } },
          { type: 'job.reassign', payload: { jobs: [{ jobId: job.id, crewId: crewWithout(server, 'wardrobe').id, date: DATE, expectedVersion: job.version }] } },
        ],
      }),
    );
    expect(bad.status === 'rejected' && bad.error.code).toBe('missing_skill');
    expect(server.head()).toBe(head);
    expect(orderRow(server, order.id).causes).toEqual([]);
    const good = CommandReply.parse(
      await c.send('batch', {
        commands: [
          { type: 'order.tagCause', payload: { orderId: order.id, cause: 'installer_shortage' } },
          { type: 'job.reassign', payload: { jobs: [{ jobId: job.id, crewId: crew.id, date: DATE, expectedVersion: job.version }] } },
          { type: 'notify.customers', payload: { orderIds: [order.id], template: 'install_moved', params: { date: DATE } } },
        ],
      }),
    );
    expect(good).toEqual({ ok: true, status: 'applied', version: head + 1 });
    const o = orderRow(server, order.id);
    expect(o).toMatchObject({ causes: ['installer_shortage'], crewId: crew.id, version: head + 1 });
    const texts = server.db.select().from(notifications).where(eq(notifications.orderId, order.id)).all().filter((n) => n.template === 'install_moved');
    expect(texts).toMatchObject([{ status: 'queued', params: { date: DATE }, version: head + 1 }]);
  });
});

describe('undo', () => {
  it('restores what a command replaced, consequence fields too, at most once', async () => {
    const c = await commander('desk-undo');
    const other = await commander('desk-undo-2', token(server, 'supervisor', '夜班主管 陈静').token);
    const { order, job } = await deliveredOrder(server, floor);
    const crew = crewFor(server, '徐汇区', 'wardrobe');
    const before = { job: jobRow(server, job.id), order: orderRow(server, order.id) };
    const applied = CommandReply.parse(
      await c.send('job.reschedule', { jobs: [{ jobId: job.id, date: DATE, expectedVersion: job.version }], compensation: { template: 'delay_coupon', amountYuan: 50 } }),
    );
    expect(applied.status).toBe('applied');
    const coupon = server.db.select().from(notifications).where(eq(notifications.orderId, order.id)).all().find((n) => n.template === 'delay_coupon');
    expect(coupon).toMatchObject({ status: 'queued', params: { amountYuan: 50 } });
    const r2 = CommandReply.parse(await c.send('job.reassign', { jobs: [{ jobId: job.id, crewId: crew.id, date: DATE, expectedVersion: jobRow(server, job.id).version }] }));
    expect(r2.status).toBe('applied');

    // the reschedule's job has changed since: conflict
    const stale = CommandReply.parse(await other.send('undo', { clientId: 'desk-undo', mutationId: 1 }));
    expect(stale.status === 'rejected' && stale.error).toMatchObject({ code: 'conflict', rows: [{ entity: 'job', id: job.id, expectedVersion: applied.status === 'applied' ? applied.version : 0 }] });

    // another supervisor undoes the reassign: crew, date, status and the order's crewId come back
    const undo = CommandReply.parse(await other.send('undo', { clientId: 'desk-undo', mutationId: 2 }));
    expect(undo.status).toBe('applied');
    expect(jobRow(server, job.id)).toMatchObject({ crewId: null, date: DATE, status: 'unbooked' });
    expect(orderRow(server, order.id).crewId).toBe(before.order.crewId);
    expect(CommandReply.parse(await c.send('undo', { clientId: 'desk-undo', mutationId: 2 }))).toMatchObject({ status: 'rejected', error: { code: 'already_undone' } });

    // an undo is a command: undoing it re-applies the reassign
    expect((await c.send('undo', { clientId: 'desk-undo-2', mutationId: 2 })).status).toBe('applied');
    expect(jobRow(server, job.id)).toMatchObject({ crewId: crew.id, status: 'booked' });
    expect(orderRow(server, order.id).crewId).toBe(crew.id);

    // undoing the redo (c's mutation 4: 3 was the already_undone rejection) unbooks it again
    expect((await c.send('undo', { clientId: 'desk-undo', mutationId: 4 })).status).toBe('applied');
    expect(jobRow(server, job.id)).toMatchObject({ crewId: null, date: DATE, status: 'unbooked' });

    // a reschedule undone at once: the date is back and its queued text is cancelled
    const second = await deliveredOrder(server, floor);
    const m = c.next;
    expect((await c.send('job.reschedule', { jobs: [{ jobId: second.job.id, date: DATE, expectedVersion: second.job.version }], compensation: { template: 'delay_coupon', amountYuan: 80 } })).status).toBe('applied');
    expect((await c.send('undo', { clientId: 'desk-undo', mutationId: m })).status).toBe('applied');
    expect(jobRow(server, second.job.id)).toMatchObject({ date: second.job.date, status: 'unbooked' });
    const texts = server.db.select().from(notifications).where(eq(notifications.orderId, second.order.id)).all().filter((n) => n.template === 'delay_coupon');
    expect(texts.map((n) => n.status)).toEqual(['cancelled']);
    expect(coupon?.status).toBe('queued');
    const history = await http(server, 'GET', `/api/v1/orders/${order.id}`, { token: floor });
    const kinds = (history.body.history as { kind: string }[]).map((e) => e.kind);
    expect(kinds.filter((k) => k === 'undo').length).toBe(3);
  });
});

describe('audit trail', () => {
  it('records every command with who, client, mutation, type, outcome and the server clock', async () => {
    const rows = recentAudit(server.db, 1000);
    const outcomes = new Set(rows.map((r) => r.outcome));
    for (const o of ['applied', 'rejected', 'duplicate', 'mutation_gap', 'bad_request', 'forbidden']) expect(outcomes).toContain(o);
    const one = rows.find((r) => r.clientId === 'desk-a' && r.mutationId === 1 && r.outcome === 'applied');
    expect(one).toMatchObject({ actor: '值班主管 张伟', role: 'supervisor', type: 'job.reassign' });
    expect(one!.rows).toBeGreaterThanOrEqual(3);
    expect(one!.at).toMatch(/\+08:00$/);
  });
});

describe('a viewer', () => {
  it('cannot command', async () => {
    const v = await connectDesk(server, { token: token(server, 'viewer').token, clientId: 'viewer-1', protocol: 1 });
    sockets.push(v);
    expect((await ask(v, 'command', { mutationId: 1, type: 'order.note', payload: { orderId: 'x', text: 'y' } })).error?.code).toBe('forbidden');
  });
});
