// Plans for a stopped carrier and a missing hand-off against a real order server and desk (issue
// 14): the cold snap stops 安能物流 (resources/scenarios) over a backlog that also has missing
// hand-offs. Each family's plan that moves something is applied as one batch, lands on the
// server's rows, and one undo restores them exactly.
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import type { OrderServer } from '@server/app';
import { loadScenario } from '@server/simulator/scenario';
import type { DeskBackend } from '@main/backend';
import type { Incident } from '@shared/war-room';
import { ROOT } from '../../support/processes';
import { backlog, withDesk, withServer } from '../../support/harness';
import { quiescent, until } from '../../support/desk-harness';

let server: OrderServer;
let desk: DeskBackend;

beforeAll(async () => {
  const scenario = loadScenario(join(ROOT, 'resources/scenarios/cold-snap-2026-02-02.json'));
  server = await withServer({ simulate: backlog(11, 6000, { scenario }) });
  desk = withDesk(server, { name: '王值班', commandTimeoutMs: 10_000 });
  await quiescent(desk, server);
}, 180_000);

const db = () => server.db.$client;
const orderRows = (ids: readonly string[]) => ids.map((id) => db().prepare('SELECT id, carrier, waybill FROM orders WHERE id = ?').get(id) as { id: string; carrier: string | null });
const jobRows = (ids: readonly string[]) => ids.map((id) => db().prepare('SELECT id, crew_id AS crewId, date, status FROM jobs WHERE id = ?').get(id) as { id: string; crewId: string | null; date: string | null; status: string });
const activeJobsOf = (orderIds: readonly string[]) =>
  orderIds.map((id) => db().prepare("SELECT crew_id AS crewId, date, status FROM jobs WHERE order_id = ? AND status NOT IN ('cancelled', 'done') AND deleted = 0").all(id) as Array<{ crewId: string | null; date: string | null; status: string }>);

async function incidentOf(cause: string, test: (i: Incident) => boolean): Promise<Incident> {
  const { incidents } = await until(`the ${cause} incident`, () => desk.handlers.incidents({}), (r) => r.incidents.some((i) => i.cause === cause && test(i)));
  return incidents.find((i) => i.cause === cause && test(i))!;
}

async function applied(actionId: string) {
  const seq = Number(actionId.slice(4));
  const r = await until(`action ${actionId} answered`, () => desk.handlers.commands({ limit: 200 }), (c) => c.commands.some((x) => x.seq === seq && x.state !== 'pending'));
  await quiescent(desk, server);
  return r.commands.find((x) => x.seq === seq)!;
}

describe('plans per incident family on a real server', () => {
  it('a stopped carrier: A switches the uncollected shipments (undone exactly), B moves the stuck installations past the new arrival (undone exactly)', async () => {
    const incident = await incidentOf('logistics', (i) => i.where.carrier === '安能物流');
    const r = await desk.handlers.plans({ incidentId: incident.id });
    expect(r.family).toBe('logistics');
    expect(r.noPlan).toBeNull();
    expect(r.plans.map((p) => p.kind)).toEqual(['switch_carrier', 'wait_carrier', 'express']);
    const [a, b] = r.plans;

    const switched = a!.orderMoves.filter((m) => m.moved);
    expect(switched.length).toBeGreaterThan(0);
    for (const m of a!.orderMoves.filter((x) => !x.moved)) expect(m.unplaced?.code).toBeTruthy();
    const ids = switched.map((m) => m.orderId);
    const before = orderRows(ids);
    expect(before.every((o) => o.carrier === '安能物流')).toBe(true);
    const apply = await desk.handlers.applyPlan({ planId: a!.id });
    expect((await applied(apply.actionId)).state).toBe('applied');
    expect(orderRows(ids).map((o) => o.carrier)).toEqual(switched.map((m) => m.to!.resource));
    const undo = await desk.handlers.undo({ actionId: apply.actionId });
    expect((await applied(undo.actionId)).state).toBe('applied');
    expect(orderRows(ids)).toEqual(before);

    const moved = b!.moves.filter((m) => m.moved);
    expect(moved.length).toBeGreaterThan(0);
    const jobIds = moved.map((m) => m.jobId);
    const jobsBefore = jobRows(jobIds);
    const applyB = await desk.handlers.applyPlan({ planId: b!.id });
    expect((await applied(applyB.actionId)).state).toBe('applied');
    const arrival = new Map(b!.orderMoves.map((m) => [m.orderId, m.expectedDate]));
    for (const [i, row] of jobRows(jobIds).entries()) {
      const m = moved[i]!;
      expect([row.crewId, row.date]).toEqual([m.from.crewId, m.to!.date]); // the same crew, the plan's date
      expect(row.date! > arrival.get(m.orderId)!).toBe(true); // after the carrier's new arrival
    }
    const owed = moved.filter((m) => m.compensationYuan > 0);
    const texts = db().prepare("SELECT COUNT(DISTINCT order_id) AS n FROM notifications WHERE template = 'install_rescheduled' AND status = 'queued'").get() as { n: number };
    expect(texts.n).toBe(new Set(owed.map((m) => m.orderId)).size);
    const undoB = await desk.handlers.undo({ actionId: applyB.actionId });
    expect((await applied(undoB.actionId)).state).toBe('applied');
    expect(jobRows(jobIds)).toEqual(jobsBefore);
  }, 120_000);

  it('a missing hand-off: one plan books every missing job it can, applied as one batch and undone exactly', async () => {
    const incident = await incidentOf('missing_handoff', () => true);
    const r = await desk.handlers.plans({ incidentId: incident.id });
    expect(r.family).toBe('handoff');
    expect(r.plans.map((p) => p.kind)).toEqual(['book_missing']);
    const plan = r.plans[0]!;
    const booked = plan.moves.filter((m) => m.moved);
    expect(booked.length).toBeGreaterThan(0);
    for (const m of plan.moves.filter((x) => !x.to)) expect(m.unplaced?.code).toBeTruthy();
    const orders = booked.map((m) => m.orderId);
    const before = activeJobsOf(orders);
    const apply = await desk.handlers.applyPlan({ planId: plan.id });
    expect((await applied(apply.actionId)).state).toBe('applied');
    // every booked order now has exactly one active job, with the plan's crew and date
    for (const [i, jobs] of activeJobsOf(orders).entries()) {
      expect(jobs).toHaveLength(1);
      expect([jobs[0]!.crewId, jobs[0]!.date]).toEqual([booked[i]!.to!.crewId, booked[i]!.to!.date]);
    }
    const undo = await desk.handlers.undo({ actionId: apply.actionId });
    expect((await applied(undo.actionId)).state).toBe('applied');
    expect(activeJobsOf(orders)).toEqual(before);
  }, 120_000);
});
