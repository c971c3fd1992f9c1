/**
 * The floor's outage reports (issue 14): POST /api/v1/carriers/:name/stoppages and
 * POST /api/v1/lines/:id/down, over the real HTTP API: who may report (site-wide, the carrier's or
 * the factory's scope), what is refused and why, the audit row, and the Idempotency-Key.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { desc, eq } from 'drizzle-orm';
import type { FloorScope } from '@shared/projection';
import { carrierRowId, lineRowId } from '@shared/supply-ids';
import type { OrderServer } from '@server/app';
import { audit, carriers, lines } from '@server/db/schema';
import { createToken } from '@server/db/tokens';
import { http, removeTempDirs, startServer } from './helpers';

let server: OrderServer;
const floorToken = (name: string, scope: FloorScope | null = null) => createToken(server.db, 'floor', name, { scope }).token;

beforeAll(async () => {
  server = await startServer();
});

afterAll(async () => {
  await server.close();
  removeTempDirs();
});

const STOP = { regions: ['江苏省', '浙江省'], from: '2026-02-02T00:00:00+08:00', to: '2026-02-04T00:00:00+08:00', reason: '寒潮停运' };
const DOWN = { from: '2026-02-02T08:00:00+08:00', to: '2026-02-02T16:00:00+08:00', reason: '封边机故障' };
const stoppagePath = (name: string) => `/api/v1/carriers/${encodeURIComponent(name)}/stoppages`;
const downPath = (id: string) => `/api/v1/lines/${encodeURIComponent(id)}/down`;
const stoppagesOf = (name: string) => server.db.select().from(carriers).where(eq(carriers.id, carrierRowId(name))).get()!.stoppages;
const downOf = (id: string) => server.db.select().from(lines).where(eq(lines.id, lineRowId(id))).get()!.down;
const lastAudit = () => server.db.select().from(audit).orderBy(desc(audit.id)).limit(1).get();

describe('POST /api/v1/carriers/:name/stoppages', () => {
  it('appends the stoppage for a site-wide or the carrier’s own token, audited', async () => {
    const r = await http(server, 'POST', stoppagePath('安能物流'), { token: floorToken('调度中心'), body: STOP });
    expect(r).toMatchObject({ status: 200, body: { carrier: '安能物流', stoppages: 1 } });
    expect(stoppagesOf('安能物流')).toEqual([STOP]);
    expect(server.db.select().from(carriers).where(eq(carriers.id, carrierRowId('安能物流'))).get()?.version).toBe(r.body.version);
    expect(lastAudit()).toMatchObject({ actor: '调度中心', role: 'floor', type: 'carrier.stoppage', outcome: 'applied', version: r.body.version, detail: expect.stringContaining('安能物流 · 江苏省、浙江省') });

    const own = await http(server, 'POST', stoppagePath('安能物流'), { token: floorToken('安能调度', { kind: 'carrier', value: '安能物流' }), body: { ...STOP, regions: ['上海市'] } });
    expect(own).toMatchObject({ status: 200, body: { stoppages: 2 } });
  });

  it('answers another carrier’s or a workshop’s token as if the carrier did not exist; a viewer is refused', async () => {
    for (const scope of [{ kind: 'carrier', value: '德邦物流' }, { kind: 'workshop', value: '苏州一厂' }] as const) {
      const r = await http(server, 'POST', stoppagePath('顺丰快运'), { token: floorToken('x', scope), body: STOP });
      expect(r).toMatchObject({ status: 404, body: { error: { code: 'not_found', message: 'carrier 顺丰快运 not found' } } });
    }
    expect((await http(server, 'POST', stoppagePath('某某物流'), { token: floorToken('调度'), body: STOP })).status).toBe(404);
    expect((await http(server, 'POST', stoppagePath('顺丰快运'), { token: createToken(server.db, 'viewer', 'v').token, body: STOP })).status).toBe(403);
    expect((await http(server, 'POST', stoppagePath('顺丰快运'), { body: STOP })).status).toBe(401);
    expect(stoppagesOf('顺丰快运')).toEqual([]);
  });

  it('names the field that is wrong', async () => {
    const t = floorToken('调度');
    const cases: [unknown, string][] = [
      [{ ...STOP, regions: [] }, 'regions'],
      [{ ...STOP, to: STOP.from }, 'to: must be after from'],
      [{ ...STOP, from: '2026-02-02' }, 'from'],
      [{ ...STOP, reason: '' }, 'reason'],
      [{ ...STOP, extra: 1 }, 'extra'],
    ];
    for (const [body, says] of cases) {
      const r = await http(server, 'POST', stoppagePath('日日顺物流'), { token: t, body });
      expect(r.status, JSON.stringify(body)).toBe(400);
      expect(r.body.error?.message).toContain(says);
    }
    expect(stoppagesOf('日日顺物流')).toEqual([]);
  });

  it('honours the Idempotency-Key: a resend appends nothing, another body under the key is refused', async () => {
    const t = floorToken('调度');
    const send = (body: unknown) =>
      fetch(server.url + stoppagePath('德邦物流'), { method: 'POST', headers: { authorization: `Bearer ${t}`, 'content-type': 'application/json', 'idempotency-key': 'stop-1' }, body: JSON.stringify(body) });
    const first = await send(STOP);
    const again = await send(STOP);
    expect([first.status, again.status, again.headers.get('idempotent-replayed')]).toEqual([200, 200, 'true']);
    expect(await again.json()).toEqual(await first.json());
    expect(stoppagesOf('德邦物流')).toHaveLength(1);
    expect((await send({ ...STOP, reason: '别的' })).status).toBe(422);
    expect(stoppagesOf('德邦物流')).toHaveLength(1);
  });
});

describe('POST /api/v1/lines/:id/down', () => {
  it('appends the stoppage for a site-wide or the factory’s token, the id encoded or with its slash', async () => {
    const r = await http(server, 'POST', downPath('苏州一厂/封边2线'), { token: floorToken('调度'), body: DOWN });
    expect(r).toMatchObject({ status: 200, body: { line: '苏州一厂/封边2线', down: 1 } });
    expect(lastAudit()).toMatchObject({ type: 'line.down', actor: '调度', detail: expect.stringContaining('苏州一厂/封边2线') });
    const slash = `/api/v1/lines/${encodeURIComponent('苏州一厂')}/${encodeURIComponent('封边2线')}/down`;
    const own = await http(server, 'POST', slash, { token: floorToken('苏州一厂车间', { kind: 'workshop', value: '苏州一厂' }), body: { ...DOWN, reason: '再次停机' } });
    expect(own).toMatchObject({ status: 200, body: { down: 2 } });
    expect(downOf('苏州一厂/封边2线').map((d) => d.reason)).toEqual(['封边机故障', '再次停机']);
  });

  it('refuses another factory’s token, an unknown line and a bad body', async () => {
    const other = await http(server, 'POST', downPath('苏州一厂/封边1线'), { token: floorToken('嘉兴', { kind: 'workshop', value: '嘉兴二厂' }), body: DOWN });
    expect(other).toMatchObject({ status: 404, body: { error: { message: 'line 苏州一厂/封边1线 not found' } } });
    expect((await http(server, 'POST', downPath('苏州一厂/封边9线'), { token: floorToken('调度'), body: DOWN })).status).toBe(404);
    const bad = await http(server, 'POST', downPath('苏州一厂/封边1线'), { token: floorToken('调度'), body: { ...DOWN, to: '2026-02-01T00:00:00+08:00' } });
    expect(bad).toMatchObject({ status: 400, body: { error: { message: 'to: must be after from' } } });
    expect(downOf('苏州一厂/封边1线')).toEqual([]);
  });
});

describe('GET /api/v1/carriers and /api/v1/lines', () => {
  it('list all for a site-wide token, a carrier its own, a factory its lines, a crew neither', async () => {
    const all = await http(server, 'GET', '/api/v1/carriers', { token: floorToken('调度') });
    expect((all.body.carriers as { name: string }[]).map((c) => c.name).sort()).toEqual(['京东物流加急', '安能物流', '德邦物流', '日日顺物流', '顺丰快运'].sort());
    expect((all.body.carriers as { id: string; name: string; version: number }[]).find((c) => c.name === '安能物流')).toMatchObject({ id: carrierRowId('安能物流'), version: expect.any(Number) });
    const own = await http(server, 'GET', '/api/v1/carriers', { token: floorToken('安能', { kind: 'carrier', value: '安能物流' }) });
    expect((own.body.carriers as { name: string }[]).map((c) => c.name)).toEqual(['安能物流']);
    expect((await http(server, 'GET', '/api/v1/lines', { token: floorToken('安能', { kind: 'carrier', value: '安能物流' }) })).body.lines).toEqual([]);

    const factory = await http(server, 'GET', '/api/v1/lines', { token: floorToken('嘉兴', { kind: 'workshop', value: '嘉兴二厂' }) });
    expect((factory.body.lines as { workstation: string }[]).map((l) => l.workstation).sort()).toEqual(['嘉兴二厂/包装2线', '嘉兴二厂/封边3线', '嘉兴二厂/开料2线', '嘉兴二厂/钻孔2线']);
    expect((await http(server, 'GET', '/api/v1/lines', { token: floorToken('调度') })).body.lines).toHaveLength(9);
    const crew = floorToken('队', { kind: 'crew', value: 'crew-001' });
    expect([(await http(server, 'GET', '/api/v1/carriers', { token: crew })).body.carriers, (await http(server, 'GET', '/api/v1/lines', { token: crew })).body.lines]).toEqual([[], []]);
  });
});

describe('an outage report tags what it holds, in its own write', () => {
  let sim: OrderServer;
  const q = <T>(sql: string, ...args: unknown[]) => sim.db.$client.prepare(sql).all(...args) as T[];
  beforeAll(async () => {
    sim = await startServer({ simulate: { seed: 14, speed: 1, live: false, backlogOrders: 3000 } });
  }, 60_000);
  afterAll(async () => {
    await sim.close();
  });

  it('a carrier stoppage tags every shipment of that carrier at stages 8-9 into its regions, and nothing else', async () => {
    const now = sim.clock.now();
    const body = { regions: ['江苏省', '上海市'], from: new Date(now).toISOString(), to: new Date(now + 48 * 3_600_000).toISOString(), reason: '寒潮停运' };
    type Row = { id: string; stage: number; province: string; city: string; causes: string; version: number };
    const before = q<Row>("SELECT id, stage, province, city, causes, version FROM orders WHERE carrier = '安能物流'");
    const held = before.filter((o) => (o.stage === 8 || o.stage === 9) && (body.regions.includes(o.province) || body.regions.includes(o.city)));
    const fresh = held.filter((o) => !(JSON.parse(o.causes) as string[]).includes('logistics'));
    expect(fresh.length).toBeGreaterThan(5);
    const r = await http(sim, 'POST', `/api/v1/carriers/${encodeURIComponent('安能物流')}/stoppages`, { token: createToken(sim.db, 'floor', '安能调度').token, body });
    expect(r).toMatchObject({ status: 200, body: { held: held.length, tagged: fresh.length } });
    const after = new Map(q<Row>("SELECT id, stage, province, city, causes, version FROM orders WHERE carrier = '安能物流'").map((o) => [o.id, o]));
    for (const o of held) expect(JSON.parse(after.get(o.id)!.causes), o.id).toContain('logistics');
    for (const o of fresh) expect(after.get(o.id)!.version).toBe(r.body.version); // one write: the whole outage at once
    for (const o of before.filter((x) => !held.includes(x))) expect(after.get(o.id)!.causes).toBe(o.causes);
    const events = q<{ n: number }>("SELECT COUNT(*) AS n FROM events WHERE kind = 'cause' AND cause = 'logistics' AND actor = '安能调度' AND version = ?", r.body.version)[0]!;
    expect(events.n).toBe(fresh.length);
  });

  it('a line down tags the orders waiting at its stage on that line', async () => {
    const now = sim.clock.now();
    type Row = { id: string; causes: string };
    const waiting = q<Row>("SELECT id, causes FROM orders WHERE workshop = '苏州一厂' AND line = '封边2线' AND stage = 5");
    expect(waiting.length).toBeGreaterThan(0);
    const r = await http(sim, 'POST', `/api/v1/lines/${encodeURIComponent('苏州一厂/封边2线')}/down`, {
      token: createToken(sim.db, 'floor', '苏州一厂车间').token,
      body: { from: new Date(now).toISOString(), to: new Date(now + 8 * 3_600_000).toISOString(), reason: '封边机故障' },
    });
    expect(r).toMatchObject({ status: 200, body: { held: waiting.length } });
    for (const o of q<Row>(`SELECT id, causes FROM orders WHERE id IN (${waiting.map(() => '?').join(',')})`, ...waiting.map((w) => w.id))) expect(JSON.parse(o.causes)).toContain('machine_fault');
    const elsewhere = q<Row>("SELECT id, causes FROM orders WHERE workshop = '苏州一厂' AND line = '封边1线' AND causes LIKE '%machine_fault%'");
    expect(elsewhere.every((o) => !q<{ n: number }>("SELECT COUNT(*) AS n FROM events WHERE order_id = ? AND actor = '苏州一厂车间'", o.id)[0]!.n)).toBe(true);
  });
});
