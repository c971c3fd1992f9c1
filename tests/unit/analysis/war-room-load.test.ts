// The war room's bulk load (jobs first, then orders, crews refreshed once at the end) must build the
// same index as rows arriving one by one in any order: every order's point, the counters and the
// groups behind the incident lines (crews on leave, jobs on their days off, causes, late orders).
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { DEFAULT_BUDGETS } from '@shared/stages';
import { addDays } from '@shared/time';
import type { FactsSource } from '@main/analysis/facts-source';
import type { CrewFacts, JobFacts, OrderFacts } from '@main/analysis/order-facts';
import { WarRoomIndex } from '@main/analysis/war-room-index';
import { indexSlices, runToEnd } from '@main/analysis/war-room-load';

const NOW = Date.parse('2026-02-02T10:00:00+08:00');
const TODAY = '2026-02-02';
const H = 3600_000;
const DISTRICTS = ['浦东新区', '静安区', '闵行区'];
const CAUSES = ['machine_fault', 'board_shortage', 'logistics', 'customer_reschedule'];

/** A source that serves fixed rows in pages, like the replica or a snapshot file. */
function sourceOf(orders: OrderFacts[], jobs: JobFacts[], crews: CrewFacts[]): FactsSource {
  const page = <T>(rows: T[], after: number, limit: number) => {
    const slice = rows.slice(after, after + limit);
    return { rows: slice, last: slice.length ? after + slice.length : null };
  };
  return {
    orderCount: () => orders.length,
    allCrews: () => crews,
    orderFactsAfter: (after, limit) => {
      const p = page(orders, after, limit);
      return { facts: p.rows, last: p.last };
    },
    jobsAfter: (after, limit) => {
      const p = page(jobs, after, limit);
      return { jobs: p.rows, last: p.last };
    },
  };
}

function view(index: WarRoomIndex, orderIds: string[]) {
  return {
    counters: index.counters(),
    points: orderIds.map((id) => index.point(id)),
    groups: [...index.groups.groups.entries()]
      .filter(([, g]) => g.members.size + g.crews.size > 0)
      .map(([key, g]) => ({ key, members: [...g.members].sort(), crews: [...g.crews].sort() }))
      .sort((a, b) => a.key.localeCompare(b.key)),
  };
}

const world = fc
  .record({
    crews: fc.array(fc.record({ district: fc.constantFrom(...DISTRICTS), leaveFrom: fc.integer({ min: -3, max: 6 }), leaveDays: fc.integer({ min: -1, max: 3 }) }), { minLength: 1, maxLength: 4 }),
    orders: fc.array(
      fc.record({
        stage: fc.integer({ min: 1, max: 12 }),
        enteredHoursAgo: fc.integer({ min: 0, max: 200 }),
        promisedIn: fc.integer({ min: -3, max: 20 }),
        district: fc.constantFrom(...DISTRICTS),
        causes: fc.subarray(CAUSES, { maxLength: 2 }),
        jobs: fc.array(fc.record({ crew: fc.integer({ min: 0, max: 5 }), inDays: fc.integer({ min: -2, max: 8 }), status: fc.constantFrom('unbooked', 'booked', 'in_progress', 'done', 'cancelled' as const) }), { maxLength: 2 }),
      }),
      { minLength: 1, maxLength: 40 },
    ),
  })
  .map(({ crews, orders }) => {
    const crewRows: CrewFacts[] = crews.map((c, i) => ({
      id: `crew-${i}`, name: `安装${i}队`, district: c.district, districts: DISTRICTS, skills: ['wardrobe'], capacityPerDay: 4,
      unavailable: c.leaveDays >= 0 ? [{ from: addDays(TODAY, c.leaveFrom), to: addDays(TODAY, c.leaveFrom + c.leaveDays), reason: '病假' }] : [],
    }));
    const orderRows: OrderFacts[] = orders.map((o, i) => ({
      id: `o-${i}`, orderNo: `HD${i}`, channel: 'tmall', productType: 'wardrobe', stage: o.stage, stageEnteredAt: new Date(NOW - o.enteredHoursAgo * H).toISOString(),
      promisedDate: addDays(TODAY, o.promisedIn), city: '上海市', district: o.district, lat: 31.2, lng: 121.5, causes: o.causes, crewId: null,
      carrier: null, workstation: '苏州一厂/封边2线', customerName: '王女士', phone4: String(1000 + i),
    }));
    const jobRows: JobFacts[] = orders.flatMap((o, i) =>
      o.jobs.map((j, k) => {
        const crew = j.crew < crewRows.length ? crewRows[j.crew]!.id : null;
        return { id: `j-${i}-${k}`, orderId: `o-${i}`, crewId: j.status === 'unbooked' ? null : crew, date: j.status === 'unbooked' || !crew ? null : addDays(TODAY, j.inDays), status: j.status, skill: 'wardrobe' };
      }),
    );
    return { crews: crewRows, orders: orderRows, jobs: jobRows };
  });

describe('the war room load', () => {
  it('builds the index that rows arriving one by one build, orders first or jobs first (property)', () => {
    fc.assert(
      fc.property(world, fc.boolean(), ({ crews, orders, jobs }, jobsFirst) => {
        const loaded = runToEnd(indexSlices(sourceOf(orders, jobs, crews), DEFAULT_BUDGETS, NOW));
        const oneByOne = new WarRoomIndex(DEFAULT_BUDGETS, NOW);
        for (const c of crews) oneByOne.upsertCrew(c);
        if (jobsFirst) for (const j of jobs) oneByOne.upsertJob(j);
        for (const o of orders) oneByOne.upsertOrder(o);
        if (!jobsFirst) for (const j of jobs) oneByOne.upsertJob(j);
        const ids = orders.map((o) => o.id);
        expect(view(loaded, ids)).toEqual(view(oneByOne, ids));
      }),
      { numRuns: 300, seed: 4242 },
    );
  });
});
