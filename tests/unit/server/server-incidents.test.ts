// The server's incidents (src/server/plans/incidents.ts) are the desk's: on any set of orders, jobs
// and crews, the server's one-pass grouping gives the same incident ids, titles, orders and jobs as
// a desk's incremental war room (WarRoomIndex + IncidentBook), so the incident the server's
// auto-policy acts on is the one every desk shows. And the pure decisions of the auto-policy.
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { DEFAULT_BUDGETS } from '@shared/stages';
import { addDays, shanghaiDate } from '@shared/time';
import type { Plan } from '@shared/plans';
import { IncidentBook } from '@main/analysis/incident-book';
import { incidentLines } from '@main/analysis/incident-board';
import type { CrewFacts, JobFacts, OrderFacts } from '@main/analysis/order-facts';
import { WarRoomIndex } from '@main/analysis/war-room-index';
import { INCIDENT_THRESHOLD, serverIncidents, type ServerIncident } from '@server/plans/incidents';
import { choosePlan, coveredOrders, incidentsToActOn, isNewTrouble, settle } from '@server/plans/auto-policy';

const NOW = Date.parse('2026-02-02T21:00:00+08:00');
const H = 3600_000;
const TODAY = shanghaiDate(NOW);
const DISTRICTS = ['浦东新区', '闵行区', '徐汇区'];
const CAUSES = ['machine_fault', 'logistics', 'installer_shortage', 'missing_handoff', 'site_problem'];

const orderArb = fc.record({
  stage: fc.integer({ min: 3, max: 12 }),
  enteredHoursAgo: fc.integer({ min: 0, max: 200 }),
  promisedInDays: fc.integer({ min: -3, max: 20 }),
  district: fc.constantFrom(...DISTRICTS),
  causes: fc.subarray(CAUSES, { maxLength: 2 }),
  workstation: fc.constantFrom(null, '苏州一厂/封边2线', '嘉兴二厂/封边3线'),
  carrier: fc.constantFrom(null, '安能物流', '德邦物流'),
  job: fc.option(fc.record({ crew: fc.integer({ min: 0, max: 3 }), inDays: fc.integer({ min: -2, max: 4 }), status: fc.constantFrom('booked', 'booked', 'done', 'cancelled', 'unbooked') })),
});
const crewArb = fc.record({ district: fc.constantFrom(...DISTRICTS), leave: fc.option(fc.record({ fromDays: fc.integer({ min: -1, max: 3 }), days: fc.integer({ min: 0, max: 2 }) })) });

type Generated<A> = A extends fc.Arbitrary<infer T> ? T : never;

function build(orders: Generated<typeof orderArb>[], crews: Generated<typeof crewArb>[]) {
  const crewFacts: CrewFacts[] = crews.map((c, i) => ({
    id: `c-${i}`, name: `队${i}`, district: c.district, districts: [c.district], skills: ['wardrobe'], capacityPerDay: 4,
    unavailable: c.leave ? [{ from: addDays(TODAY, c.leave.fromDays), to: addDays(TODAY, c.leave.fromDays + c.leave.days), reason: '病假' }] : [],
  }));
  const orderFacts: OrderFacts[] = orders.map((o, i) => ({
    id: `o-${i}`, orderNo: `HD${i}`, channel: 'tmall', productType: 'wardrobe', stage: o.stage, stageEnteredAt: new Date(NOW - o.enteredHoursAgo * H).toISOString(),
    promisedDate: addDays(TODAY, o.promisedInDays), city: '上海市', district: o.district, lat: 31.2, lng: 121.5, causes: o.causes, crewId: null,
    carrier: o.carrier, workstation: o.workstation, customerName: '王女士', phone4: '1234',
  }));
  const jobs: JobFacts[] = orders.flatMap((o, i) =>
    o.job && o.job.crew < crews.length
      ? [{ id: `j-${i}`, orderId: `o-${i}`, crewId: o.job.status === 'unbooked' ? null : `c-${o.job.crew}`, date: o.job.status === 'unbooked' ? null : addDays(TODAY, o.job.inDays), status: o.job.status as JobFacts['status'], skill: 'wardrobe', window: null }]
      : [],
  );
  return { crewFacts, orderFacts, jobs };
}

function deskIncidents(b: ReturnType<typeof build>) {
  const index = new WarRoomIndex(DEFAULT_BUDGETS, NOW);
  for (const c of b.crewFacts) index.upsertCrew(c);
  for (const o of b.orderFacts) index.upsertOrder(o);
  index.upsertJobs(b.jobs);
  const book = new IncidentBook();
  book.update(index.groups.take(), (k) => index.groups.groups.get(k), NOW);
  return incidentLines(index, book)
    .filter((l) => l.state !== 'resolved')
    .map((l) => ({ id: l.id, title: l.title, orderIds: l.orderIds, jobIds: l.jobIds }))
    .sort((a, b) => a.id.localeCompare(b.id));
}

function onServer(b: ReturnType<typeof build>) {
  return serverIncidents({
    orders: b.orderFacts.map((o) => ({ id: o.id, stage: o.stage, stageEnteredAt: o.stageEnteredAt, promisedDate: o.promisedDate, district: o.district, workstation: o.workstation, carrier: o.carrier, causes: o.causes })),
    jobs: b.jobs.map((j) => ({ id: j.id, orderId: j.orderId, crewId: j.crewId, date: j.date, status: j.status })),
    crews: b.crewFacts.map((c) => ({ id: c.id, district: c.district, unavailable: c.unavailable })),
    budgets: DEFAULT_BUDGETS,
    now: NOW,
  })
    .map((i) => ({ id: i.id, title: i.title, orderIds: i.orderIds, jobIds: i.jobIds }))
    .sort((a, b) => a.id.localeCompare(b.id));
}

describe('server incidents', () => {
  it('are the incidents a desk war room shows: same ids, titles, orders and jobs', () => {
    fc.assert(
      fc.property(fc.array(orderArb, { maxLength: 60 }), fc.array(crewArb, { minLength: 1, maxLength: 4 }), (orders, crews) => {
        const b = build(orders, crews);
        expect(onServer(b)).toEqual(deskIncidents(b));
      }),
      { numRuns: 200 },
    );
  });

  it('found incidents, not an empty answer, in a typical case', () => {
    const orders: Generated<typeof orderArb>[] = Array.from({ length: 8 }, () => ({ stage: 9, enteredHoursAgo: 150, promisedInDays: -1, district: '浦东新区', causes: ['logistics'], workstation: null, carrier: '安能物流', job: null }));
    const b = build(orders, [{ district: '闵行区', leave: { fromDays: 0, days: 1 } }]);
    const ids = onServer(b).map((i) => i.title);
    expect(ids.sort()).toEqual(['安能物流 · 物流异常', '闵行区 · 安装人员不足']);
  });
});

describe('auto-policy decisions', () => {
  const incident = (id: string, cause: string, kind: ServerIncident['kind'] = 'district'): ServerIncident => ({ id, key: `${cause}|${kind}|x`, cause, kind, where: {}, title: id, orderIds: [], jobIds: [] });
  const plan = (kind: Plan['kind'], moved: number): Plan =>
    ({ kind, moves: Array.from({ length: moved }, () => ({ moved: true, to: {} })), orderMoves: [] }) as unknown as Plan;

  it('acts on incidents of enabled causes that have no run yet, with their plan family', () => {
    const rules = [
      { cause: 'installer_shortage', enabled: true, plan: 'A' as const, maxJobs: 10 },
      { cause: 'machine_fault', enabled: false, plan: 'A' as const, maxJobs: 10 },
      { cause: 'logistics', enabled: true, plan: 'B' as const, maxJobs: 10 },
    ];
    const got = incidentsToActOn(rules, [incident('a', 'installer_shortage'), incident('b', 'installer_shortage'), incident('c', 'machine_fault', 'workstation'), incident('d', 'logistics', 'district')], new Map([['b', new Set<string>()]]));
    expect(got.map((c) => [c.incident.id, c.family])).toEqual([
      ['a', 'installers'],
      ['d', null], // a logistics incident placed in a district has no plans: recorded as skipped
    ]);
  });

  it('acts again on an incident only once it has grown by an incident of orders no run covered', () => {
    const rules = [{ cause: 'logistics', enabled: true, plan: 'B' as const, maxJobs: 5000 }];
    const carrier = (orders: number): ServerIncident => ({ ...incident('inc-logistics-x', 'logistics', 'carrier'), orderIds: Array.from({ length: orders }, (_, i) => `o-${i}`) });
    // a supervisor was handling 7 late shipments when the rule was switched on: recorded, left alone
    const covered = coveredOrders([{ incidentId: 'inc-logistics-x', orderIds: carrier(7).orderIds }]);
    expect(isNewTrouble(carrier(7), covered)).toBe(false);
    expect(isNewTrouble(carrier(7 + INCIDENT_THRESHOLD - 1), covered)).toBe(false); // a trickle
    expect(isNewTrouble(carrier(7 + INCIDENT_THRESHOLD), covered)).toBe(true); // a cold snap
    expect(incidentsToActOn(rules, [carrier(300)], covered).map((c) => c.family)).toEqual(['logistics']);
    // once acted on at 300, the same 300 are covered; runs of other incidents do not count
    const after = coveredOrders([{ incidentId: 'inc-logistics-x', orderIds: carrier(7).orderIds }, { incidentId: 'inc-logistics-x', orderIds: carrier(300).orderIds }, { incidentId: 'other', orderIds: ['o-400', 'o-401', 'o-402', 'o-403', 'o-404'] }]);
    expect(incidentsToActOn(rules, [carrier(300)], after)).toEqual([]);
    expect(isNewTrouble({ id: 'inc-logistics-x', orderIds: [...carrier(300).orderIds, 'o-400', 'o-401', 'o-402', 'o-403', 'o-404'] }, after)).toBe(true);
  });

  it('waits for new trouble to hold still before acting, but not for ever', () => {
    const o = { quietMs: 5 * 60_000, maxWaitMs: 15 * 60_000 };
    const min = 60_000;
    let s = settle(undefined, 7, 0, o);
    expect(s.act).toBe(false);
    s = settle(s.watch, 40, 2 * min, o); // still being tagged
    expect(s).toMatchObject({ act: false, watch: { size: 40, since: 2 * min, first: 0 } });
    expect(settle(s.watch, 40, 6 * min, o).act).toBe(false);
    expect(settle(s.watch, 40, 7 * min, o).act).toBe(true); // five quiet minutes
    // an incident that never stops growing is acted on 15 minutes after it was first seen
    let g = settle(undefined, 1, 0, o);
    for (let t = 1; t < 15; t++) g = settle(g.watch, 1 + t, t * min, o);
    expect(g.act).toBe(false);
    expect(settle(g.watch, 99, 15 * min, o).act).toBe(true);
  });

  it('picks the rule letter, and skips a plan that moves nothing or more than maxJobs', () => {
    const rule = { cause: 'installer_shortage', enabled: true, plan: 'B' as const, maxJobs: 3 };
    const plans = [plan('reassign', 2), plan('reschedule', 3), plan('capacity', 0)];
    expect(choosePlan(plans, rule)).toMatchObject({ act: true, moved: 3, plan: { kind: 'reschedule' } });
    expect(choosePlan(plans, { ...rule, maxJobs: 2 })).toEqual({ act: false, detail: '3 items > limit 2' });
    expect(choosePlan(plans, { ...rule, plan: 'C' })).toEqual({ act: false, detail: 'plan C moves nothing' });
    expect(choosePlan([plan('book_missing', 1)], rule)).toEqual({ act: false, detail: 'plan B is not offered for this incident (A)' });
  });
});
