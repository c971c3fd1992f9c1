// The logistics plans on a hand-made cold snap (issue 14, deliverable 2): 安能物流 stopped into
// 上海市 until day 4 noon; three shipments not yet collected, one collected with a booked
// installation, one in a city no other carrier serves. Solved at 21:06 server time, so the lead
// time pushes every pickup and installation to tomorrow or later.
import { describe, expect, it } from 'vitest';
import { Plan } from '@shared/plans';
import { addDays } from '@shared/time';
import { batchForPlan, plansForFamily, replanForFamily } from '@node/planning/families';
import { job, LATE_EVENING, startsAt, TODAY } from './fixtures';
import { coldSnap } from './supply-fixtures';

const day = (n: number) => addDays(TODAY, n);
const LEAD_END = LATE_EVENING + 2 * 3_600_000;

const meta = { incidentId: 'inc-logistics', checkpoint: 7 };

describe('logistics plans', () => {
  it('A switches the uncollected shipments to a regular carrier with room, on time, after the lead time; collected and unserved ones say why', async () => {
    const plans = await plansForFamily(coldSnap(), 'logistics', meta);
    expect(plans.map((p) => p.kind)).toEqual(['switch_carrier', 'wait_carrier', 'express']);
    for (const plan of plans) expect(Plan.parse(plan)).toBeTruthy();
    const a = plans[0]!;
    const by = new Map(a.orderMoves.map((m) => [m.orderId, m]));
    for (const id of ['o-1', 'o-2', 'o-3']) {
      const m = by.get(id)!;
      expect(m).toMatchObject({ moved: true, to: { resource: '德邦物流' }, costYuan: 40, daysPastPromise: 0 });
      expect(startsAt(m.to!.date!, null)).toBeGreaterThanOrEqual(LEAD_END);
      expect(m.expectedDate! <= m.promisedDate).toBe(true);
    }
    // the lane-day's capacity holds: one place tomorrow, two the day after
    const perDay = new Map<string, number>();
    for (const m of a.orderMoves.filter((x) => x.moved)) perDay.set(m.to!.date!, (perDay.get(m.to!.date!) ?? 0) + 1);
    expect(perDay.get(day(1)) ?? 0).toBeLessThanOrEqual(1);
    expect(perDay.get(day(2)) ?? 0).toBeLessThanOrEqual(2);
    expect(by.get('o-4')).toMatchObject({ moved: false, to: null, unplaced: { code: 'collected', detail: '安能物流 AN123' } });
    expect(by.get('o-5')).toMatchObject({ moved: false, to: null, unplaced: { code: 'no_lane' } });
    expect(a.summary.costYuan).toBe(120);
    expect(a.summary.moved).toBe(3);
  });

  it('C buys express only, at its price', async () => {
    const c = (await plansForFamily(coldSnap(), 'logistics', meta))[2]!;
    const moved = c.orderMoves.filter((m) => m.moved);
    expect(moved.map((m) => m.orderId).sort()).toEqual(['o-1', 'o-2', 'o-3']);
    for (const m of moved) expect(m).toMatchObject({ to: { resource: '顺丰快运', date: day(1) }, costYuan: 120, expectedDate: day(2) });
    expect(c.summary.costYuan).toBe(360);
  });

  it('B keeps the carrier and moves the stuck installation past the new arrival, same crew, with the tiered compensation', async () => {
    const b = (await plansForFamily(coldSnap(), 'logistics', meta))[1]!;
    const m = b.moves.find((x) => x.jobId === 'j-4')!;
    // arrival: the stoppage ends on day 4, two days' transit: day 6; the installation the day after
    expect(b.orderMoves.find((x) => x.orderId === 'o-4')).toMatchObject({ moved: false, expectedDate: day(6) });
    expect(m).toMatchObject({ moved: true, to: { crewId: 'crew-0', date: day(7) }, daysPastPromise: 4, compensationYuan: 3 * 50 + 80 });
    expect(b.orderMoves.every((x) => !x.moved)).toBe(true);
    const cmd = batchForPlan(b, coldSnap())!;
    expect(cmd.payload.commands).toEqual([
      { type: 'job.reschedule', payload: { jobs: [{ jobId: 'j-4', date: day(7), expectedVersion: 3 }], compensation: { template: 'install_rescheduled', amountYuan: 230 } } },
    ]);
  });

  it('A re-books a switched order’s installation that its new arrival passes, and sends one batch', async () => {
    const p = coldSnap();
    // o-1 has a booked installation on day 1, before any arrival a switch can give
    p.jobs.push(job(1, { orderId: 'o-1', crewId: 'crew-0', date: day(1), window: '13:00-17:00', promisedDate: day(3) }));
    const a = (await plansForFamily(p, 'logistics', meta))[0]!;
    const arrival = a.orderMoves.find((m) => m.orderId === 'o-1')!.expectedDate!;
    const j1 = a.moves.find((m) => m.jobId === 'j-1')!;
    expect(j1).toMatchObject({ moved: true, to: { crewId: 'crew-0', date: addDays(arrival, 1) } });
    expect(a.moves.some((m) => m.jobId === 'j-4')).toBe(false); // not switched: plan B's business
    const cmd = batchForPlan(a, p)!;
    const switched = cmd.payload.commands.find((c) => c.type === 'order.switchCarrier')!;
    expect((switched.payload.orders as Array<{ orderId: string }>).map((o) => o.orderId).sort()).toEqual(['o-1', 'o-2', 'o-3']);
    expect(switched.payload.orders).toContainEqual({ orderId: 'o-2', carrier: '德邦物流', pickupDate: a.orderMoves.find((m) => m.orderId === 'o-2')!.to!.date, expectedVersion: 12 });
    expect(cmd.payload.commands.find((c) => c.type === 'job.reschedule')!.payload.jobs).toEqual([{ jobId: 'j-1', date: addDays(arrival, 1), expectedVersion: 3 }]);
  });

  it('a re-plan keeps every shipment the server did not reject where it was and solves the rejected one again', async () => {
    const p = coldSnap();
    const a = (await plansForFamily(p, 'logistics', meta))[0]!;
    // meanwhile 德邦 took another shipment into 上海市 on o-2's pickup day
    const o2 = a.orderMoves.find((m) => m.orderId === 'o-2')!;
    const fresh = { ...p, carrierLoad: new Map([...p.carrierLoad!, [`德邦物流|上海市|${o2.to!.date}`, (p.carrierLoad!.get(`德邦物流|上海市|${o2.to!.date}`) ?? 0) + 1]]) };
    const r = await replanForFamily(fresh, a, new Set(['o-2']), 1);
    expect(r.id).toBe(`${a.id}~r1`);
    for (const id of ['o-1', 'o-3']) expect(r.orderMoves.find((m) => m.orderId === id)!.to).toEqual(a.orderMoves.find((m) => m.orderId === id)!.to);
    expect(r.revision!.rejectedJobIds).toEqual(['o-2']);
    for (const c of r.revision!.changed) expect(c.jobId).toBe('o-2');
  });

  it('a plan that switches nothing sends nothing', async () => {
    const p = coldSnap();
    p.shipments = p.shipments!.filter((s) => s.collected);
    p.jobs = [];
    for (const plan of await plansForFamily(p, 'logistics', meta)) expect(batchForPlan(plan, p)).toBeNull();
  });
});
