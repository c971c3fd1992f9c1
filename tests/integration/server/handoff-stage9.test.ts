/**
 * The stage-9 hand-off (issue 14) over the real floor API: shipping creates the installation job
 * and books it provisionally from the carrier's transit days (data: resources/carriers.json),
 * delivery finds it, booking confirms it; an unknown carrier or no fitting crew leaves it unbooked
 * and says so; the tracking text carries the carrier, the waybill and the link.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eq } from 'drizzle-orm';
import { renderSms } from '@shared/sms-templates';
import { addDays, shanghaiDate, shanghaiIso } from '@shared/time';
import type { OrderServer } from '@server/app';
import { crews, events, jobs, notifications } from '@server/db/schema';
import { sweepOnce } from '@server/rules/sweeper';
import { http, newOrderBody, removeTempDirs, startServer, token } from './helpers';
import { EVIDENCE, orderRow } from './fixtures';

let server: OrderServer;
let floor: string;
let seq = 0;
const DAY = 86_400_000;

beforeAll(async () => {
  server = await startServer();
  floor = token(server, 'floor').token;
  // two crews of one job a day: 徐汇区 and 崇明区; nobody installs in 金山区
  server.writer.write((ctx) => {
    for (const [id, districts] of [['crew-xh', ['徐汇区']], ['crew-cm', ['崇明区']]] as const) {
      ctx.db.insert(crews).values({ id, version: ctx.version, deleted: false, name: id, district: districts[0], districts: [...districts], skills: ['wardrobe'], capacityPerDay: 1, unavailable: [] }).run();
    }
  });
});

afterAll(async () => {
  await server.close();
  removeTempDirs();
});

const where = (district: string) => ({ province: '上海市', city: '上海市', district, detail: '测试路1号', lat: 31.2, lng: 121.4 });

/** A new order at stage 8 (packed), entered `hoursAgo` hours ago. */
async function orderAt8(district: string, hoursAgo = 0): Promise<string> {
  const at = (h: number) => shanghaiIso(server.clock.now() - h * 3_600_000);
  const created = await http(server, 'POST', '/api/v1/orders', { token: floor, body: newOrderBody(`H9-${++seq}`, { address: where(district), signedAt: at(hoursAgo + 100) }) });
  expect(created.status, JSON.stringify(created.body)).toBe(201);
  const id = created.body.id as string;
  expect((await advance(id, 8, { at: at(hoursAgo) })).status).toBe(200);
  return id;
}

const advance = (id: string, stage: number, extra: Record<string, unknown> = {}) =>
  http(server, 'POST', `/api/v1/orders/${id}/advance`, { token: floor, body: { stage, evidence: EVIDENCE, ...extra } });
const jobsOf = (id: string) => server.db.select().from(jobs).where(eq(jobs.orderId, id)).all();
const stageNote = (id: string, stage: number) => server.db.select().from(events).where(eq(events.orderId, id)).all().find((e) => e.kind === 'stage' && e.stage === stage)?.note ?? '';
const textOf = (id: string, template: string) => server.db.select().from(notifications).where(eq(notifications.orderId, id)).all().find((n) => n.template === template);

describe('entering stage 9 (物流发运)', () => {
  it('creates the job booked from the carrier’s transit days; 10 finds it, 11 confirms it', async () => {
    const today = shanghaiDate(server.clock.now());
    const id = await orderAt8('徐汇区');
    const shipped = await advance(id, 9, { fields: { carrier: '德邦物流', waybill: 'DPK000111222' } });
    expect(shipped.status, JSON.stringify(shipped.body)).toBe(200);
    // 德邦物流 into 上海市: 1 day in transit, so the shipment arrives tomorrow and the installation is the day after
    expect(shipped.body).toMatchObject({ stage: 9, crewId: 'crew-xh', date: addDays(today, 2) });
    const [job] = jobsOf(id);
    expect(job).toMatchObject({ id: shipped.body.jobId, status: 'booked', crewId: 'crew-xh', date: addDays(today, 2), skill: 'wardrobe' });
    expect(orderRow(server, id)).toMatchObject({ crewId: 'crew-xh', bookedSlot: `${addDays(today, 2)} ${job!.window}` });
    expect(stageNote(id, 9)).toContain(`安装预排 ${addDays(today, 2)}`);

    // the tracking text names the carrier, the waybill and the link (it rendered "已发货（ ），物流跟踪：" before)
    const text = textOf(id, 'tracking_link');
    expect(text).toMatchObject({ status: 'queued', recipient: 'customer', params: { carrier: '德邦物流', waybill: 'DPK000111222', url: 'https://track.example.com/deppon?waybill=DPK000111222' } });
    expect(renderSms('tracking_link', text!.params!)).toContain('已发货（德邦物流 DPK000111222），物流跟踪：https://track.example.com/deppon?waybill=DPK000111222');

    // delivery finds the job; booking confirms it where it is
    expect((await advance(id, 10)).body).toMatchObject({ jobId: job!.id, crewId: 'crew-xh', date: addDays(today, 2) });
    expect((await advance(id, 11)).body).toMatchObject({ jobId: job!.id, crewId: 'crew-xh', date: addDays(today, 2) });
    expect(jobsOf(id)).toHaveLength(1);
    expect(textOf(id, 'install_booked')?.status).toBe('queued');
  });

  it('uses the district’s lane and the crew’s free days: 崇明区 takes 2 days, a full day moves on', async () => {
    const today = shanghaiDate(server.clock.now());
    const first = await orderAt8('崇明区');
    const second = await orderAt8('崇明区');
    expect((await advance(first, 9, { fields: { carrier: '德邦物流', waybill: 'DPK1' } })).body).toMatchObject({ crewId: 'crew-cm', date: addDays(today, 3) });
    // the crew takes one job a day: the second goes to the next day
    expect((await advance(second, 9, { fields: { carrier: '德邦物流', waybill: 'DPK2' } })).body).toMatchObject({ crewId: 'crew-cm', date: addDays(today, 4) });
  });

  it('rebooks at 11 a provisional date that delivery has overtaken', async () => {
    const today = shanghaiDate(server.clock.now());
    const id = await orderAt8('徐汇区');
    const provisional = (await advance(id, 9, { fields: { carrier: '顺丰快运', waybill: 'SF1' } })).body.date as string;
    expect(provisional > today).toBe(true);
    expect((await advance(id, 10)).status).toBe(200);
    // booked (11) five days on: the provisional date is gone, the booking moves after it
    const late = shanghaiIso(server.clock.now() + 5 * DAY);
    const booked = await advance(id, 11, { at: late });
    expect(booked.status, JSON.stringify(booked.body)).toBe(200);
    expect(booked.body.date! > addDays(today, 5)).toBe(true);
    expect(jobsOf(id)).toHaveLength(1);
  });

  it('leaves the job unbooked, and says why, for an unknown carrier or when no crew fits', async () => {
    const unknown = await orderAt8('徐汇区');
    const r = await advance(unknown, 9, { fields: { carrier: '某某物流', waybill: 'X1' } });
    expect(r.body).toMatchObject({ crewId: null, date: null });
    expect(jobsOf(unknown)).toMatchObject([{ status: 'unbooked', crewId: null }]);
    expect(stageNote(unknown, 9)).toContain('某某物流 不在承运商资料中');
    // no made-up link: the text says what is known
    expect(textOf(unknown, 'tracking_link')?.params).toEqual({ carrier: '某某物流', waybill: 'X1' });

    const nobody = await orderAt8('金山区');
    expect((await advance(nobody, 9, { fields: { carrier: '德邦物流', waybill: 'DPK3' } })).body).toMatchObject({ crewId: null });
    expect(stageNote(nobody, 9)).toContain('没有合适的安装队');
    // the stage-11 answer is still no_crew
    expect((await advance(nobody, 10)).status).toBe(200);
    const refused = await advance(nobody, 11);
    expect(refused).toMatchObject({ status: 409, body: { error: { code: 'no_crew' } } });
  });

  it('the missing hand-off sweep flags a delivery without a booked job, not one booked at 9', async () => {
    const old = (h: number) => shanghaiIso(server.clock.now() - h * 3_600_000);
    const booked = await orderAt8('徐汇区', 90);
    const unbooked = await orderAt8('徐汇区', 90);
    // shipped and delivered three days ago
    await advance(booked, 9, { at: old(80), fields: { carrier: '德邦物流', waybill: 'DPK4' } });
    await advance(unbooked, 9, { at: old(80), fields: { carrier: '某某物流', waybill: 'X2' } });
    for (const id of [booked, unbooked]) expect((await advance(id, 10, { at: old(72) })).status).toBe(200);
    expect(jobsOf(booked)[0]?.status).toBe('booked');
    sweepOnce(server.writer);
    expect(orderRow(server, unbooked).causes).toContain('missing_handoff');
    expect(orderRow(server, booked).causes).not.toContain('missing_handoff');
  });
});
