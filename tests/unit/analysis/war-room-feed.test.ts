// An applied batch is one list of the orders and jobs it touched, in the order applied: fed to the
// war room in slices (as the sync engine hands it over), it must build the index that a fresh load
// from the same replica builds — points, counters, incident groups and crew loads alike.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import type { Change } from '@shared/entities';
import { DEFAULT_BUDGETS } from '@shared/stages';
import { addDays } from '@shared/time';
import { computeCrewLoad } from '@main/analysis/crew-load';
import { IncidentBook } from '@main/analysis/incident-book';
import { WarRoomReads } from '@main/analysis/replica-reads';
import { WarRoomFeed } from '@main/analysis/war-room-feed';
import type { WarRoomIndex } from '@main/analysis/war-room-index';
import { openReplicaDb } from '@main/replica/open';
import { ReplicaStore } from '@main/replica/store';
import { deliverSliced } from '@main/sync/deliver';

const NOW = Date.parse('2026-02-02T10:00:00+08:00');
const TODAY = '2026-02-02';
const H = 3600_000;
const DISTRICTS = ['浦东新区', '静安区', '闵行区'];
const CAUSES = ['machine_fault', 'board_shortage', 'logistics'];
const STATUSES = ['unbooked', 'booked', 'in_progress', 'done', 'cancelled'] as const;

const crewChange = (i: number, district: string, leaveFrom: number): Change => ({
  entity: 'crew', id: `crew-${i}`, version: 1,
  data: { name: `安装${i}队`, district, districts: DISTRICTS, skills: ['wardrobe'], capacityPerDay: 3, unavailable: leaveFrom < 0 ? [] : [{ from: addDays(TODAY, leaveFrom), to: addDays(TODAY, leaveFrom + 1), reason: '病假' }] },
});
const orderChange = (i: number, version: number, o: { stage: number; enteredHoursAgo: number; promisedIn: number; district: string; causes: string[] }): Change => ({
  entity: 'order', id: `o-${i}`, version,
  data: {
    orderNo: `HD${i}`, channel: 'tmall', productType: 'wardrobe', stage: o.stage, stageEnteredAt: new Date(NOW - o.enteredHoursAgo * H).toISOString(),
    promisedDate: addDays(TODAY, o.promisedIn), province: '上海市', city: '上海市', district: o.district, lat: 31.2, lng: 121.5, causes: o.causes,
  },
});
const jobChange = (id: string, orderId: string, version: number, j: { crew: number; inDays: number; status: (typeof STATUSES)[number] }): Change => ({
  entity: 'job', id, version,
  data: { orderId, crewId: j.status === 'unbooked' ? null : `crew-${j.crew}`, date: j.status === 'unbooked' ? null : addDays(TODAY, j.inDays), status: j.status, skill: 'wardrobe' },
});

const orderArb = fc.record({
  stage: fc.integer({ min: 1, max: 12 }),
  enteredHoursAgo: fc.integer({ min: 0, max: 200 }),
  promisedIn: fc.integer({ min: -3, max: 20 }),
  district: fc.constantFrom(...DISTRICTS),
  causes: fc.subarray(CAUSES, { maxLength: 2 }),
});
const jobArb = fc.record({ crew: fc.integer({ min: 0, max: 2 }), inDays: fc.integer({ min: -1, max: 6 }), status: fc.constantFrom(...STATUSES) });

/** Two pushes: everything new (orders and their jobs interleaved), then edits, job and order deletions. */
const scenario = fc
  .record({
    crews: fc.array(fc.record({ district: fc.constantFrom(...DISTRICTS), leaveFrom: fc.integer({ min: -1, max: 4 }) }), { minLength: 3, maxLength: 3 }),
    orders: fc.array(fc.record({ order: orderArb, jobs: fc.array(jobArb, { maxLength: 2 }), jobsFirst: fc.boolean(), edit: fc.option(orderArb), drop: fc.constantFrom('keep', 'jobs', 'order') }), { minLength: 150, maxLength: 260 }),
  })
  .map(({ crews, orders }) => {
    const first: Change[] = crews.map((c, i) => crewChange(i, c.district, c.leaveFrom));
    const second: Change[] = [];
    orders.forEach((o, i) => {
      const jobs = o.jobs.map((j, k) => jobChange(`j-${i}-${k}`, `o-${i}`, 1, j));
      first.push(...(o.jobsFirst ? [...jobs, orderChange(i, 1, o.order)] : [orderChange(i, 1, o.order), ...jobs]));
      const gone = (c: Change): Change => ({ entity: c.entity, id: c.id, version: 2, deleted: true });
      if (o.drop !== 'keep') second.push(...jobs.map(gone));
      if (o.drop === 'order') second.push(gone(orderChange(i, 2, o.order)));
      else if (o.edit) second.push(orderChange(i, 2, o.edit));
    });
    return { first, second };
  });

function view(index: WarRoomIndex) {
  return {
    counters: index.counters(),
    points: [...index.latePoints()].sort((a, b) => a.id.localeCompare(b.id)),
    groups: [...index.groups.groups.entries()]
      .filter(([, g]) => g.members.size + g.crews.size > 0)
      .map(([key, g]) => ({ key, members: [...g.members].sort(), crews: [...g.crews].sort() }))
      .sort((a, b) => a.key.localeCompare(b.key)),
    jobs: [...index.jobs.keys()].sort(),
    crewLoad: computeCrewLoad(index, 7),
  };
}

describe('applied batches into the war room', () => {
  it('fed in slices, in the order applied, build what a load from the replica builds (property)', async () => {
    await fc.assert(
      fc.asyncProperty(scenario, async ({ first, second }) => {
        const dir = mkdtempSync(join(tmpdir(), 'dd-feed-'));
        const replica = openReplicaDb(join(dir, 'replica.sqlite'));
        try {
          const store = new ReplicaStore(replica);
          const fed = new WarRoomFeed(new WarRoomReads(replica.sqlite), new IncidentBook(), DEFAULT_BUDGETS, () => NOW, () => {});
          fed.ready(); // loaded while the replica is empty: everything after arrives as batches
          let slices = 0;
          for (const [changes, to] of [[first, 1], [second, 2]] as const) {
            await deliverSliced(store.applyChanges(changes, to), (batch) => {
              slices++;
              fed.apply(batch);
            });
          }
          expect(slices).toBeGreaterThan(2);
          const loaded = new WarRoomFeed(new WarRoomReads(replica.sqlite), new IncidentBook(), DEFAULT_BUDGETS, () => NOW, () => {});
          expect(view(fed.ready())).toEqual(view(loaded.ready()));
        } finally {
          replica.sqlite.close();
          rmSync(dir, { recursive: true, force: true });
        }
      }),
      { numRuns: 12, endOnFailure: true },
    );
  });
});
