import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eq } from 'drizzle-orm';
import { CrewData, EventData, JobData, OrderData } from '@shared/entities';
import { addDays } from '@shared/time';
import type { OrderServer } from '@server/app';
import { crews } from '@server/db/schema';
import { isOnLeave as isUnavailableOn } from '@shared/crew-rules';
import { http, newOrderBody, removeTempDirs, startServer, token } from './helpers';

let server: OrderServer;
let floor: string;

beforeAll(async () => {
  server = await startServer({ simulate: { seed: 5, speed: 1, live: false, backlogOrders: 80 } });
  floor = token(server, 'floor').token;
});

afterAll(async () => {
  await server.close();
  removeTempDirs();
});

describe('floor API access', () => {
  it('serves healthz without a token once ready', async () => {
    expect(await http(server, 'GET', '/healthz')).toEqual({ status: 200, body: { ok: true } });
  });

  it('requires a floor or supervisor token', async () => {
    expect((await http(server, 'GET', '/api/v1/orders')).status).toBe(401);
    expect((await http(server, 'GET', '/api/v1/orders', { token: 'wrong' })).body.error?.code).toBe('unauthorized');
    const viewer = token(server, 'viewer').token;
    const r = await http(server, 'GET', '/api/v1/orders', { token: viewer });
    expect(r.status).toBe(403);
    expect(r.body.error?.code).toBe('forbidden');
    const sup = token(server, 'supervisor').token;
    expect((await http(server, 'GET', '/api/v1/orders?limit=2', { token: sup })).status).toBe(200);
  });

  it('answers unknown routes with 404 json', async () => {
    const r = await http(server, 'GET', '/api/v1/nothing', { token: floor });
    expect(r).toMatchObject({ status: 404, body: { error: { code: 'not_found' } } });
    expect((await http(server, 'GET', '/elsewhere')).status).toBe(404);
    expect((await http(server, 'GET', '/api/v1/orders/o-missing', { token: floor })).status).toBe(404);
  });
});

describe('validation', () => {
  it('names the failing field', async () => {
    const cases: [Record<string, unknown>, string][] = [
      [{ channel: 'fax' }, 'channel'],
      [{ customer: { name: '王芳' } }, 'customer.phone'],
      [{ address: { province: '上海市', city: '上海市', district: '徐汇区', detail: 'x', lat: 'north', lng: 121 } }, 'address.lat'],
      [{ promisedDate: '10/12/2025' }, 'promisedDate'],
      [{ amount: -5 }, 'amount'],
    ];
    for (const [override, field] of cases) {
      const r = await http(server, 'POST', '/api/v1/orders', { token: floor, body: newOrderBody('VAL-1', override) });
      expect(r.status).toBe(400);
      expect(r.body.error?.code).toBe('bad_request');
      expect(r.body.error?.message).toContain(field);
    }
    const missing = await http(server, 'POST', '/api/v1/orders', { token: floor, body: { channel: 'tmall' } });
    expect(missing.body.error?.message).toContain('orderNo');
    const bad = await http(server, 'POST', '/api/v1/orders', { token: floor, raw: '{"orderNo":' });
    expect(bad).toMatchObject({ status: 400, body: { error: { code: 'bad_request' } } });
    const cause = await http(server, 'POST', '/api/v1/orders/o-000001/causes', { token: floor, body: { cause: 'aliens' } });
    expect(cause.status).toBe(400);
    expect(cause.body.error?.message).toContain('cause');
    const list = await http(server, 'GET', '/api/v1/orders?stage=13', { token: floor });
    expect(list.status).toBe(400);
    expect(list.body.error?.message).toContain('stage');
  });

  it('refuses bodies over 1 MiB and stays up', async () => {
    const r = await http(server, 'POST', '/api/v1/orders', { token: floor, raw: JSON.stringify({ note: 'x'.repeat(1_100_000) }) });
    expect(r.status).toBe(413);
    expect((await http(server, 'GET', '/healthz')).status).toBe(200);
  });

  it('refuses a duplicate order number', async () => {
    expect((await http(server, 'POST', '/api/v1/orders', { token: floor, body: newOrderBody('DUP-1') })).status).toBe(201);
    const again = await http(server, 'POST', '/api/v1/orders', { token: floor, body: newOrderBody('DUP-1') });
    expect(again).toMatchObject({ status: 409, body: { error: { code: 'duplicate' } } });
  });
});

describe('an order through its stages', () => {
  it('creates, guards, books and finishes', async () => {
    const signedAt = '2025-11-11T10:00:00+08:00';
    const created = await http(server, 'POST', '/api/v1/orders', { token: floor, body: newOrderBody('FLOW-1', { signedAt }) });
    expect(created.status).toBe(201);
    const id = created.body.id as string;
    expect(id).toMatch(/^[\x20-\x7e]+$/);
    expect(created.body.version).toBe(server.head());

    const advance = (stage: unknown, at?: string, evidence?: Record<string, string>) =>
      http(server, 'POST', `/api/v1/orders/${id}/advance`, { token: floor, body: { stage, ...(at ? { at } : {}), ...(evidence ? { evidence } : {}) } });
    expect((await advance(13)).body.error?.message).toContain('stage');
    expect((await advance(1)).body.error?.code).toBe('wrong_stage');
    expect((await advance(1)).status).toBe(409);
    const noDrawing = await advance(4, '2025-11-12T09:00:00+08:00', { salesLeadApproval: '李娜' });
    expect(noDrawing).toMatchObject({ status: 422, body: { error: { code: 'missing_evidence' } } });
    expect(noDrawing.body.error?.message).toContain('evidence.signedDrawing');
    expect((await advance(4, '2025-11-12T09:00:00+08:00', { signedDrawing: 'dwg/1.pdf', salesLeadApproval: '李娜' })).status).toBe(200);
    expect((await advance(3, '2025-11-12T10:00:00+08:00')).body.error?.code).toBe('wrong_stage');
    expect((await advance(4, '2025-11-12T10:00:00+08:00')).body.error?.code).toBe('wrong_stage');
    expect((await advance(5, '2025-11-12T08:00:00+08:00')).body.error?.message).toContain('at');

    expect((await advance(11, '2025-11-15T09:00:00+08:00')).body.error?.code).toBe('wrong_stage');
    expect((await advance(10, '2025-11-15T09:00:00+08:00')).status).toBe(200);
    let detail = await http(server, 'GET', `/api/v1/orders/${id}`, { token: floor });
    let jobs = (detail.body.jobs as { id: string }[]).map((j) => JobData.parse(j));
    expect(jobs).toHaveLength(1);
    expect(jobs[0]).toMatchObject({ status: 'unbooked', skill: 'wardrobe', crewId: null, date: null });

    const booked = await advance(11, '2025-11-15T20:00:00+08:00');
    expect(booked.status).toBe(200);
    detail = await http(server, 'GET', `/api/v1/orders/${id}`, { token: floor });
    jobs = (detail.body.jobs as unknown[]).map((j) => JobData.parse(j));
    const job = jobs[0];
    expect(job?.status).toBe('booked');
    expect(job?.date).toBe(addDays('2025-11-15', 1));
    const crewRow = server.db.select().from(crews).where(eq(crews.id, job?.crewId ?? '')).get();
    const crew = CrewData.parse(crewRow);
    expect(crew.districts).toContain('徐汇区');
    expect(crew.skills).toContain('wardrobe');
    expect(isUnavailableOn(crew, job?.date ?? '')).toBe(false);
    const order = OrderData.parse(detail.body.order);
    expect(order).toMatchObject({ stage: 11, crewId: job?.crewId, stageEnteredAt: '2025-11-15T20:00:00+08:00' });

    expect((await advance(12, '2025-11-16T15:00:00+08:00')).status).toBe(422);
    expect((await advance(12, '2025-11-16T15:00:00+08:00', { customerSignature: 'esign-77' })).status).toBe(200);
    expect((await advance(12, '2025-11-16T16:00:00+08:00')).body.error?.code).toBe('wrong_stage');
    detail = await http(server, 'GET', `/api/v1/orders/${id}`, { token: floor });
    expect(JobData.parse((detail.body.jobs as unknown[])[0]).status).toBe('done');
    const history = (detail.body.history as unknown[]).map((e) => EventData.parse(e));
    expect(history.filter((e) => e.kind === 'stage').map((e) => e.stage)).toEqual([1, 4, 10, 11, 12]);
    expect((detail.body.notifications as { template: string }[]).map((n) => n.template).sort()).toEqual(['install_booked', 'tracking_link']);
  });

  it('tags causes once and lists orders by stage and district', async () => {
    const created = await http(server, 'POST', '/api/v1/orders', { token: floor, body: newOrderBody('CAUSE-1', { address: { province: '江苏省', city: '苏州市', district: '昆山市', detail: '前进路1号', lat: 31.38, lng: 120.98 } }) });
    const id = created.body.id as string;
    for (let i = 0; i < 2; i++) {
      const r = await http(server, 'POST', `/api/v1/orders/${id}/causes`, { token: floor, body: { cause: 'board_shortage', note: '缺E0板' } });
      expect(r.status).toBe(200);
    }
    const list = await http(server, 'GET', '/api/v1/orders?stage=1&district=%E6%98%86%E5%B1%B1%E5%B8%82&limit=50', { token: floor });
    const orders = list.body.orders as { id: string; causes: string[]; stage: number; district: string }[];
    const mine = orders.find((o) => o.id === id);
    expect(mine?.causes).toEqual(['board_shortage']);
    expect(orders.every((o) => o.stage === 1 && o.district === '昆山市')).toBe(true);
    expect((await http(server, 'GET', '/api/v1/orders?limit=3', { token: floor })).body.orders).toHaveLength(3);
    const byCause = (await http(server, 'GET', '/api/v1/orders?cause=board_shortage&limit=200', { token: floor })).body.orders as { id: string; causes: string[] }[];
    expect(byCause.map((o) => o.id)).toContain(id);
    expect(byCause.every((o) => o.causes.includes('board_shortage'))).toBe(true);
    const byChannel = (await http(server, 'GET', '/api/v1/orders?channel=jd&limit=5', { token: floor })).body.orders as { channel: string }[];
    expect(byChannel.every((o) => o.channel === 'jd')).toBe(true);
    const page1 = (await http(server, 'GET', '/api/v1/orders?limit=2', { token: floor })).body.orders as { id: string }[];
    const page2 = (await http(server, 'GET', `/api/v1/orders?limit=2&after=${page1[1]?.id}`, { token: floor })).body.orders as { id: string }[];
    expect(page2[0]!.id > page1[1]!.id).toBe(true);
    for (const [q, field] of [['stage=13', 'stage'], ['cause=aliens', 'cause'], ['limit=0', 'limit'], ['channel=fax', 'channel']]) {
      const bad = await http(server, 'GET', `/api/v1/orders?${q}`, { token: floor });
      expect(bad.status).toBe(400);
      expect(bad.body.error?.message).toContain(field);
    }
  });

  it('records crew leave', async () => {
    const r = await http(server, 'POST', '/api/v1/crews/crew-001/unavailable', { token: floor, body: { from: '2025-11-20', to: '2025-11-21', reason: '病假' } });
    expect(r.status).toBe(200);
    const crew = CrewData.parse(server.db.select().from(crews).where(eq(crews.id, 'crew-001')).get());
    expect(crew.unavailable).toContainEqual({ from: '2025-11-20', to: '2025-11-21', reason: '病假' });
    const backwards = await http(server, 'POST', '/api/v1/crews/crew-001/unavailable', { token: floor, body: { from: '2025-11-22', to: '2025-11-21', reason: 'x' } });
    expect(backwards.body.error?.message).toContain('to');
  });
});

describe('group commit', () => {
  it('commits concurrent requests together, each in its own savepoint', async () => {
    const bodies = Array.from({ length: 20 }, (_, i) => newOrderBody(`GROUP-${i}`));
    bodies.push(newOrderBody('GROUP-3')); // a duplicate orderNo in the same group
    const replies = await Promise.all(bodies.map((body) => http(server, 'POST', '/api/v1/orders', { token: floor, body })));
    expect(replies.filter((r) => r.status === 201)).toHaveLength(20);
    const dup = replies.filter((r) => r.status === 409);
    expect(dup).toHaveLength(1);
    expect(dup[0]?.body.error?.code).toBe('duplicate');
    // every created order is there at the version its reply named (grouped requests share one)
    const versions = new Set(replies.filter((r) => r.status === 201).map((r) => r.body.version));
    expect(versions.size).toBeLessThanOrEqual(20);
    for (const r of replies.filter((x) => x.status === 201)) {
      expect((await http(server, 'GET', `/api/v1/orders/${r.body.id as string}`, { token: floor })).body.order).toMatchObject({ version: r.body.version });
    }
  });
});
