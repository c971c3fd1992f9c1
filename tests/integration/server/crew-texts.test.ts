/**
 * Crew texts (issue 14) against a real server: job.reassign, job.reschedule and job.create queue a
 * text to every crew that gains, loses or sees a job move, in the command's transaction and in its
 * `queued` (an undo cancels the unsent ones, and tells the crews again about texts that left); the
 * outbox sends a crew text to the crew's phone through a real local gateway, and a crew without a
 * phone gets no text: the row is `failed` with the reason.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Socket } from 'socket.io-client';
import { and, eq, like } from 'drizzle-orm';
import { CommandReply } from '@shared/protocol';
import type { OrderServer } from '@server/app';
import { crews, notifications, type CrewRow, type JobRow, type NotificationRow } from '@server/db/schema';
import type { WebhookBody } from '@server/notify/webhook';
import { connectDesk, removeTempDirs, startServer, token } from './helpers';
import { Commander, crewFor, deliveredOrder, jobRow } from './fixtures';
import { readBody, waitFor } from '../../support/http-sink';

const sockets: Socket[] = [];
const servers: OrderServer[] = [];

async function commanderOn(server: OrderServer, clientId: string): Promise<Commander> {
  const s = await connectDesk(server, { token: token(server, 'supervisor', '值班主管 陈静').token, clientId, protocol: 1 });
  sockets.push(s);
  return new Commander(s);
}

const applied = async (c: Commander, type: string, payload: unknown): Promise<number> => {
  const m = c.next;
  const r = CommandReply.parse(await c.send(type, payload));
  expect(r.status, JSON.stringify(r)).toBe('applied');
  return m;
};

const crewTexts = (server: OrderServer, orderId: string): NotificationRow[] =>
  server.db.select().from(notifications).where(and(eq(notifications.orderId, orderId), like(notifications.recipient, 'crew:%'))).all();

/** The crew of the job as it stands (a hand-off may have booked it already), and two other crews for 徐汇区 wardrobe jobs. */
function crewsAround(server: OrderServer, job: JobRow): [CrewRow, CrewRow] {
  const taken = job.crewId ? [job.crewId] : [];
  const a = crewFor(server, '徐汇区', 'wardrobe', taken);
  const b = crewFor(server, '徐汇区', 'wardrobe', [...taken, a.id]);
  return [a, b];
}

afterAll(async () => {
  for (const s of sockets) s.close();
  for (const s of servers) await s.close();
  removeTempDirs();
});

describe('queued with the command (no outbox running: texts stay queued)', () => {
  let server: OrderServer;
  let floor: string;
  beforeAll(async () => {
    server = await startServer({ simulate: { seed: 51, speed: 1, live: false, backlogOrders: 60 } });
    servers.push(server);
    floor = token(server, 'floor').token;
  });

  it('tells both crews of a reassign, the crew of a reschedule, and one text per crew for a batch', async () => {
    const c = await commanderOn(server, 'ct-queue');
    const { order, job } = await deliveredOrder(server, floor);
    const [a, b] = crewsAround(server, job);
    const before = crewTexts(server, order.id).length;
    const first = job.crewId;

    await applied(c, 'job.reassign', { jobs: [{ jobId: job.id, crewId: a.id, date: '2026-06-01', expectedVersion: job.version }] });
    const afterFirst = crewTexts(server, order.id).slice(before);
    // the crew the hand-off booked (if any) loses it, crew A gains it
    expect(afterFirst.map((n) => [n.template, n.recipient]).sort()).toEqual(
      [['crew_job_added', `crew:${a.id}`], ...(first ? [['crew_job_removed', `crew:${first}`]] : [])].sort(),
    );
    const added = afterFirst.find((n) => n.template === 'crew_job_added');
    expect(added).toMatchObject({ status: 'queued', params: { crewName: a.name, orderNo: order.orderNo, district: '徐汇区', date: '2026-06-01', jobId: job.id } });
    expect(added?.params?.window).toBe(job.window ?? '');

    // A → B on the same day: A hears it is gone, B that it is theirs
    const n1 = crewTexts(server, order.id).length;
    await applied(c, 'job.reassign', { jobs: [{ jobId: job.id, crewId: b.id, date: '2026-06-01', expectedVersion: jobRow(server, job.id).version }] });
    const second = crewTexts(server, order.id).slice(n1);
    expect(second.map((n) => [n.template, n.recipient]).sort()).toEqual([['crew_job_added', `crew:${b.id}`], ['crew_job_removed', `crew:${a.id}`]]);
    expect(second.find((n) => n.template === 'crew_job_removed')?.params).toMatchObject({ crewName: a.name, date: '2026-06-01' });

    // a reschedule keeps the crew: one "moved" text naming both dates
    const n2 = crewTexts(server, order.id).length;
    await applied(c, 'job.reschedule', { jobs: [{ jobId: job.id, date: '2026-06-03', expectedVersion: jobRow(server, job.id).version }] });
    const moved = crewTexts(server, order.id).slice(n2);
    expect(moved).toHaveLength(1);
    expect(moved[0]).toMatchObject({ template: 'crew_job_moved', recipient: `crew:${b.id}`, params: { crewName: b.name, fromDate: '2026-06-01', date: '2026-06-03' } });

    // a batch that moves the job twice tells each crew once, about where it ends up
    const n3 = crewTexts(server, order.id).length;
    const v = jobRow(server, job.id).version;
    await applied(c, 'batch', {
      commands: [
        { type: 'job.reassign', payload: { jobs: [{ jobId: job.id, crewId: a.id, date: '2026-06-04', expectedVersion: v }] } },
        { type: 'job.reschedule', payload: { jobs: [{ jobId: job.id, date: '2026-06-05', expectedVersion: v }] } },
      ],
    });
    const batch = crewTexts(server, order.id).slice(n3);
    expect(batch.map((n) => [n.template, n.recipient, n.params?.date]).sort()).toEqual([
      ['crew_job_added', `crew:${a.id}`, '2026-06-05'],
      ['crew_job_removed', `crew:${b.id}`, '2026-06-03'],
    ]);
  });

  it('an undo cancels the texts not yet sent and texts nobody about a change nobody heard of', async () => {
    const c = await commanderOn(server, 'ct-undo');
    const { order, job } = await deliveredOrder(server, floor);
    const [a, b] = crewsAround(server, job);
    await applied(c, 'job.reassign', { jobs: [{ jobId: job.id, crewId: a.id, date: '2026-06-08', expectedVersion: job.version }] });
    const n = crewTexts(server, order.id).length;
    const m = await applied(c, 'job.reassign', { jobs: [{ jobId: job.id, crewId: b.id, date: '2026-06-09', expectedVersion: jobRow(server, job.id).version }] });
    const queued = crewTexts(server, order.id).slice(n);
    expect(queued).toHaveLength(2);

    await applied(c, 'undo', { clientId: 'ct-undo', mutationId: m });
    expect(jobRow(server, job.id)).toMatchObject({ crewId: a.id, date: '2026-06-08' });
    const after = crewTexts(server, order.id);
    expect(after).toHaveLength(n + 2);
    for (const t of queued) expect(after.find((x) => x.id === t.id)?.status).toBe('cancelled');
  });
});

describe('sent to the crew’s phone', () => {
  let server: OrderServer;
  let floor: string;
  let gateway: Server;
  const received: WebhookBody[] = [];

  beforeAll(async () => {
    gateway = createServer((req, res) => {
      void readBody(req).then((text) => {
        received.push(JSON.parse(text) as WebhookBody);
        res.writeHead(200, { 'content-type': 'text/plain' });
        res.end('OK');
      });
    });
    await new Promise<void>((r) => gateway.listen(0, '127.0.0.1', r));
    const url = `http://127.0.0.1:${(gateway.address() as AddressInfo).port}/sms`;
    server = await startServer({ simulate: { seed: 52, speed: 1, live: false, backlogOrders: 60 }, smsWebhook: { url }, outbox: { graceMs: 0, intervalMs: 25 } });
    servers.push(server);
    floor = token(server, 'floor').token;
  });

  afterAll(async () => {
    await new Promise((r) => gateway.close(r));
  });

  const rowOf = (id: string) => server.db.select().from(notifications).where(eq(notifications.id, id)).get() as NotificationRow;

  it('texts the crew’s phone with the rendered zh-CN text; after an undo the crews hear again', async () => {
    const c = await commanderOn(server, 'ct-send');
    const { order, job } = await deliveredOrder(server, floor);
    const [a, b] = crewsAround(server, job);
    expect(a.phone).toMatch(/^137\d{8}$/);
    await applied(c, 'job.reassign', { jobs: [{ jobId: job.id, crewId: a.id, date: '2026-06-10', expectedVersion: job.version }] });
    const toA = crewTexts(server, order.id).find((n) => n.recipient === `crew:${a.id}`) as NotificationRow;
    await waitFor('the crew text to be sent', () => rowOf(toA.id).status === 'sent', 8000);
    const body = received.find((r) => r.id === toA.id);
    expect(body).toMatchObject({ recipient: `crew:${a.id}`, phone: a.phone, template: 'crew_job_added', orderId: order.id });
    expect(body?.text).toBe(`【华东定制家居】${a.name}：新增安装任务 订单${order.orderNo} 徐汇区 2026-06-10 ${job.window ?? ''}，请在工作台确认。`);

    // B takes it; both texts leave; the undo gives it back to A and tells both crews so
    const m = await applied(c, 'job.reassign', { jobs: [{ jobId: job.id, crewId: b.id, date: '2026-06-10', expectedVersion: jobRow(server, job.id).version }] });
    await waitFor('both texts to be sent', () => crewTexts(server, order.id).filter((n) => n.status === 'sent').length >= 3, 8000);
    const n = crewTexts(server, order.id).length;
    await applied(c, 'undo', { clientId: 'ct-send', mutationId: m });
    const retold = crewTexts(server, order.id).slice(n);
    expect(retold.map((t) => [t.template, t.recipient]).sort()).toEqual([['crew_job_added', `crew:${a.id}`], ['crew_job_removed', `crew:${b.id}`]]);
  });

  it('fails a crew text at once, saying why, when the crew has no phone', async () => {
    const c = await commanderOn(server, 'ct-nophone');
    const { order, job } = await deliveredOrder(server, floor);
    const [a] = crewsAround(server, job);
    server.db.update(crews).set({ phone: null }).where(eq(crews.id, a.id)).run();
    await applied(c, 'job.reassign', { jobs: [{ jobId: job.id, crewId: a.id, date: '2026-06-12', expectedVersion: job.version }] });
    const toA = crewTexts(server, order.id).find((n) => n.recipient === `crew:${a.id}`) as NotificationRow;
    await waitFor('the crew text to fail', () => rowOf(toA.id).status === 'failed', 8000);
    expect(rowOf(toA.id)).toMatchObject({ status: 'failed', attempts: 1, error: `crew ${a.id} (${a.name}) has no phone number: add one to the crew to text it` });
    expect(received.some((r) => r.id === toA.id)).toBe(false);
  });
});
