import { afterAll, describe, expect, it } from 'vitest';
import type { Socket } from 'socket.io-client';
import { BudgetData, CrewData, EventData, JobData, NotificationData, OrderData } from '@shared/entities';
import { DigestReply, HelloReply } from '@shared/protocol';
import { CarrierData, LineData } from '@shared/supply-rules';
import { PromotionTemplate } from '@shared/promotions';
import { orderFieldRules, projectOrderData } from '@shared/projection';
import { DEFAULT_SIM_START, type OrderServer } from '@server/app';
import { crewData, orderData } from '@server/db/wire';
import { generateBacklog } from '@server/simulator/backlog';
import { crews, events } from '@server/db/schema';
import { loadScenario, type Scenario } from '@server/simulator/scenario';
import { resolve } from 'node:path';
import { ask, connectDesk, pullAll, removeTempDirs, startServer, token } from './helpers';

const SCHEMAS = { order: OrderData, crew: CrewData, job: JobData, event: EventData, notification: NotificationData, budget: BudgetData, carrier: CarrierData, line: LineData, promotion_template: PromotionTemplate } as const;
const open: { server: OrderServer; socket?: Socket }[] = [];

// a supervisor sees the full rows (a viewer's are projected: masked phones, no amounts)
async function desk(server: OrderServer): Promise<Socket> {
  const socket = await connectDesk(server, { token: token(server, 'supervisor').token, clientId: 'sim-test', protocol: 1 });
  open.push({ server, socket });
  return socket;
}

async function digestOf(server: OrderServer) {
  return DigestReply.parse(await ask(await desk(server), 'digest', {}));
}

afterAll(async () => {
  for (const o of open) o.socket?.close();
  for (const o of open) await o.server.close();
  removeTempDirs();
});

describe('simulator backlog', () => {
  it('is the same for the same seed and differs for another', async () => {
    const a = await startServer({ simulate: { seed: 42, speed: 1, live: false } });
    const b = await startServer({ simulate: { seed: 42, speed: 1, live: false } });
    const c = await startServer({ simulate: { seed: 43, speed: 1, live: false } });
    open.push({ server: a }, { server: b }, { server: c });
    const [da, db, dc] = [await digestOf(a), await digestOf(b), await digestOf(c)];
    expect(da.version).toBe(1);
    expect(da.count).toBeGreaterThan(1500 + 40);
    expect(db).toEqual(da);
    expect(dc.sha256).not.toBe(da.sha256);

    // every change parses with the shared wire schemas, and the backlog looks like the business
    const { changes } = await pullAll(await desk(a));
    const byEntity = new Map<string, number>();
    for (const ch of changes) {
      const schema = SCHEMAS[ch.entity as keyof typeof SCHEMAS];
      expect(schema, ch.entity).toBeDefined();
      schema.parse(ch.data);
      byEntity.set(ch.entity, (byEntity.get(ch.entity) ?? 0) + 1);
    }
    expect(byEntity.get('order')).toBe(1500);
    expect(byEntity.get('crew')).toBe(40);
    // the carriers and lines come in the backlog's one version (issue 14)
    expect([byEntity.get('carrier'), byEntity.get('line')]).toEqual([generateBacklog(42, Date.parse(DEFAULT_SIM_START)).supply.carriers.length, 9]);
    const stages = new Set(changes.filter((ch) => ch.entity === 'order').map((ch) => ch.data?.stage));
    expect(stages.size).toBe(12);
    // the rows the server stored are exactly the generated ones (as a supervisor's desk sees them: phones masked)
    const generated = generateBacklog(42, Date.parse(DEFAULT_SIM_START));
    const wire = new Map(changes.map((ch) => [`${ch.entity}:${ch.id}`, ch.data]));
    // issue 20: the backlog's orders are checked as they are written (finance review), the rest is as generated
    const unreviewed = (o: Record<string, unknown> | undefined) => {
      const { reviewStatus, expectedDiscount: _x, discountDifference: _y, reviewTemplateVersion: _z, reviewedAt: _w, ...rest } = o ?? {};
      return { reviewed: reviewStatus === 'passed' || reviewStatus === 'held', rest };
    };
    for (const o of generated.orders.slice(0, 50)) {
      const stored = unreviewed(wire.get(`order:${o.id}`));
      expect(stored.reviewed).toBe(true);
      expect(stored.rest).toEqual(unreviewed(projectOrderData(orderData({ ...o, version: 1, deleted: false }), orderFieldRules('supervisor'))).rest);
    }
    for (const c of generated.crews) expect(wire.get(`crew:${c.id}`)).toEqual(crewData({ ...c, version: 1, deleted: false }));
  });
});

describe('live simulation', () => {
  it('runs on the scaled clock through the floor API and stops cleanly', async () => {
    const server = await startServer({ simulate: { seed: 9, speed: 3600, live: true, backlogOrders: 200, tickMs: 50 } });
    const socket = await desk(server);
    const hello = HelloReply.parse(await ask(socket, 'hello', {}));
    expect(hello.clockRate).toBe(3600);
    const startHead = hello.head;
    const t1 = Date.now();
    // the flow runs until it has made new orders and moved backlog ones (a loaded machine only makes it slower)
    const moved = (cs: Awaited<ReturnType<typeof pullAll>>['changes']) => {
      const orders = cs.filter((c) => c.entity === 'order');
      return orders.some((c) => c.data?.stage === 1 && !c.id.startsWith('o-')) && orders.some((c) => c.id.startsWith('o-'));
    };
    let changes = (await pullAll(socket, startHead)).changes;
    for (let i = 0; i < 120 && !moved(changes); i++) {
      await new Promise((r) => setTimeout(r, 250));
      changes = (await pullAll(socket, startHead)).changes;
    }
    expect(moved(changes)).toBe(true); // new orders, and backlog orders moving
    const later = HelloReply.parse(await ask(socket, 'hello', {}));
    const realElapsed = Date.now() - t1;
    // the clock runs at ×3600 of real time: the simulated time passed is about 3600 times the real
    const simElapsed = Date.parse(later.now) - Date.parse(hello.now);
    expect(simElapsed).toBeGreaterThan(0.5 * 3600 * realElapsed);
    expect(simElapsed).toBeLessThan(2 * 3600 * (realElapsed + 500));
    expect(later.head).toBeGreaterThan(startHead);
    for (const c of changes) SCHEMAS[c.entity as keyof typeof SCHEMAS].parse(c.data);
    // times written while simulating are on the simulated clock (November 2025), not wall time
    for (const c of changes.filter((ch) => ch.entity === 'event')) {
      expect(Math.abs(Date.parse(String(c.data?.at)) - Date.parse(later.now))).toBeLessThan(6 * 3600_000);
    }
    expect(server.simulator?.errors).toBe(0);
    const t0 = Date.now();
    socket.close();
    await server.close();
    expect(Date.now() - t0).toBeLessThan(10_000);
  });
});

describe('scenarios', () => {
  const scenario = (): Scenario =>
    loadScenario(resolve(import.meta.dirname, '..', '..', '..', 'resources', 'scenarios', 'cold-snap-2026-02-02.json'));

  it('same seed and scenario → same digest; the scenario changes it', async () => {
    const a = await startServer({ simulate: { seed: 42, speed: 1, live: false, backlogOrders: 400, scenario: scenario() } });
    const b = await startServer({ simulate: { seed: 42, speed: 1, live: false, backlogOrders: 400, scenario: scenario() } });
    const plain = await startServer({ simulate: { seed: 42, speed: 1, live: false, backlogOrders: 400 } });
    open.push({ server: a }, { server: b }, { server: plain });
    const [da, db, dp] = [await digestOf(a), await digestOf(b), await digestOf(plain)];
    expect(db).toEqual(da);
    expect(da.sha256).not.toBe(dp.sha256);
    expect(da.count).toBeGreaterThan(dp.count); // the cause events it added
  });

  it('fires later events through the floor API on the simulated clock', async () => {
    const later: Scenario = {
      name: 'later',
      events: [
        { kind: 'crews_on_leave', atHours: 0.3, days: 2, district: '浦东新区', reason: '集体请假' },
        { kind: 'workstation_down', atHours: 0.2, hours: 6, line: '封边2线', stage: 5 },
      ],
    };
    const server = await startServer({ simulate: { seed: 9, speed: 3600, live: true, backlogOrders: 300, tickMs: 50, scenario: later } });
    open.push({ server });
    const deadline = Date.now() + 20_000;
    const leaveOf = () => server.db.select().from(crews).all().filter((c) => c.district === '浦东新区' && c.unavailable.some((u) => u.reason === '集体请假'));
    const taggedOf = () => server.db.select().from(events).all().filter((e) => e.kind === 'cause' && e.actor === 'simulator' && (e.note ?? '').includes('封边2线'));
    // both events go out as floor-API requests: wait for each to land, not just the later one
    while ((leaveOf().length === 0 || taggedOf().length === 0) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 100));
    expect(leaveOf().length).toBeGreaterThan(0);
    expect(taggedOf().length).toBeGreaterThan(0);
    expect(server.simulator?.errors).toBe(0);
  });
});
