// The war room's incremental aggregation: one real-world problem is one line, updates are per row,
// the clock alone moves orders from on time to late, and crews on leave raise installer_shortage.
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { assessLateness } from '@shared/rules';
import { DEFAULT_BUDGETS } from '@shared/stages';
import { IncidentBook } from '@main/analysis/incident-book';
import { incidentLines, toProtocolIncident } from '@main/analysis/incident-board';
import { nextVerdictChange } from '@main/analysis/lateness-schedule';
import type { OrderFacts } from '@main/analysis/order-facts';
import { WarRoomIndex } from '@main/analysis/war-room-index';

const NOW = Date.parse('2026-02-02T10:00:00+08:00');
const H = 3600_000;
const iso = (ms: number) => new Date(ms).toISOString();

function order(n: number, over: Partial<OrderFacts> = {}): OrderFacts {
  return {
    id: `o-${n}`, orderNo: `HD${n}`, channel: 'tmall', productType: 'wardrobe', stage: 5, stageEnteredAt: iso(NOW - 2 * H),
    promisedDate: '2026-03-01', city: '上海市', district: '浦东新区', lat: 31.2, lng: 121.5, causes: [], crewId: null,
    carrier: null, workstation: '苏州一厂/封边2线', customerName: '王女士', phone4: String(1000 + n), ...over,
  };
}

function board(index: WarRoomIndex, book: IncidentBook) {
  book.update(index.groups.take(), (k) => index.groups.groups.get(k), index.clock);
  return incidentLines(index, book).map(toProtocolIncident);
}

describe('WarRoomIndex', () => {
  it('groups a stopped line into one incident with the right count and the protocol shape', () => {
    const index = new WarRoomIndex(DEFAULT_BUDGETS, NOW);
    const book = new IncidentBook(5);
    for (let i = 0; i < 12; i++) index.upsertOrder(order(i, { stageEnteredAt: iso(NOW - 20 * H), causes: ['machine_fault'] }));
    for (let i = 12; i < 15; i++) index.upsertOrder(order(i, { stageEnteredAt: iso(NOW - 20 * H), causes: ['machine_fault'], workstation: '嘉兴二厂/封边3线' }));
    index.upsertOrder(order(99)); // on time
    const incidents = board(index, book);
    expect(incidents).toHaveLength(1); // 3 at the other line stay below the threshold
    expect(incidents[0]).toMatchObject({ cause: 'machine_fault', kind: 'workstation', where: { workstation: '苏州一厂/封边2线' }, count: 12, state: 'new', jobIds: [] });
    expect(incidents[0]!.orderIds).toHaveLength(12);
    expect(index.counters()).toMatchObject({ inFlight: 16, overdue: 15, atRisk: 0 });
    // a fixed order leaves the line; the count follows without a rescan
    index.upsertOrder(order(0, { stage: 6, stageEnteredAt: iso(NOW), causes: ['machine_fault'] }));
    expect(board(index, book)[0]!.count).toBe(11);
  });

  it('resolves an incident when its orders are gone and reopens it as new when it flares up', () => {
    const index = new WarRoomIndex(DEFAULT_BUDGETS, NOW);
    const book = new IncidentBook(3);
    const late = (i: number) => order(i, { stage: 9, stageEnteredAt: iso(NOW - 100 * H), causes: ['logistics'], carrier: '安能物流', workstation: null });
    for (let i = 0; i < 3; i++) index.upsertOrder(late(i));
    const [first] = board(index, book);
    expect(first).toMatchObject({ where: { carrier: '安能物流' }, state: 'new' });
    book.set(first!.id, 'acknowledged', NOW, 3);
    for (let i = 0; i < 3; i++) index.deleteOrder(`o-${i}`);
    expect(board(index, book)[0]).toMatchObject({ id: first!.id, state: 'resolved', count: 0 });
    for (let i = 0; i < 3; i++) index.upsertOrder(late(i));
    expect(board(index, book)[0]).toMatchObject({ id: first!.id, state: 'new', count: 3 });
  });

  it('raises installer_shortage for crews on leave, with their open jobs, and puts their jobs at risk at once', () => {
    const index = new WarRoomIndex(DEFAULT_BUDGETS, NOW);
    const book = new IncidentBook(5);
    index.upsertCrew({ id: 'crew-1', name: '浦东一队', district: '浦东新区', districts: ['浦东新区'], skills: ['wardrobe'], capacityPerDay: 4, unavailable: [] });
    index.upsertOrder(order(1, { stage: 11, stageEnteredAt: iso(NOW - 2 * H), promisedDate: '2026-02-20', workstation: null }));
    index.upsertJob({ id: 'j-1', orderId: 'o-1', crewId: 'crew-1', date: '2026-02-03', status: 'booked', skill: 'wardrobe' });
    index.upsertJob({ id: 'j-2', orderId: 'o-2', crewId: 'crew-1', date: '2026-02-09', status: 'booked', skill: 'wardrobe' });
    expect(index.point('o-1')).toBeNull();
    expect(board(index, book)).toHaveLength(0);
    index.upsertCrew({ id: 'crew-1', name: '浦东一队', district: '浦东新区', districts: ['浦东新区'], skills: ['wardrobe'], capacityPerDay: 4, unavailable: [{ from: '2026-02-01', to: '2026-02-04', reason: '病假' }] });
    expect(index.point('o-1')).toMatchObject({ status: 'at_risk', reason: 'crew_unavailable' });
    const [inc] = board(index, book);
    expect(inc).toMatchObject({ cause: 'installer_shortage', where: { district: '浦东新区' }, jobIds: ['j-1', 'j-2'], orderIds: ['o-1'], count: 1 });
  });

  it('moves an order from on time to overdue when the clock passes its stage budget, and only then', () => {
    const index = new WarRoomIndex(DEFAULT_BUDGETS, NOW);
    index.upsertOrder(order(1, { stageEnteredAt: iso(NOW - 11 * H) })); // edge banding: 12 h budget
    index.takeDirtyPoints();
    index.tick(NOW + 0.5 * H);
    expect(index.takeDirtyPoints()).toEqual([]);
    index.tick(NOW + 1.01 * H);
    expect(index.takeDirtyPoints()).toEqual(['o-1']);
    expect(index.point('o-1')).toMatchObject({ status: 'overdue', reason: 'stage_budget' });
    expect(index.counters().overdue).toBe(1);
  });

  it('agrees with a full re-evaluation at any later time (property)', () => {
    fc.assert(
      fc.property(
        fc.array(fc.record({ stage: fc.integer({ min: 1, max: 12 }), enteredH: fc.integer({ min: 0, max: 200 }), promisedD: fc.integer({ min: -3, max: 30 }) }), { maxLength: 30 }),
        fc.array(fc.integer({ min: 1, max: 40 * 3600 }), { maxLength: 6 }),
        (rows, steps) => {
          const index = new WarRoomIndex(DEFAULT_BUDGETS, NOW);
          const facts = rows.map((r, i) =>
            order(i, { stage: r.stage, stageEnteredAt: iso(NOW - r.enteredH * H), promisedDate: new Date(NOW + r.promisedD * 24 * H + 8 * H).toISOString().slice(0, 10) }),
          );
          facts.forEach((f) => index.upsertOrder(f));
          let now = NOW;
          for (const s of steps) {
            now += s * 1000;
            index.tick(now);
            let overdue = 0;
            let atRisk = 0;
            for (const f of facts) {
              const v = assessLateness(f, DEFAULT_BUDGETS, now).status;
              if (v === 'overdue') overdue++;
              if (v === 'at_risk') atRisk++;
            }
            expect(index.counters()).toMatchObject({ overdue, atRisk });
          }
        },
      ),
    );
  });

  it('schedules the next verdict change after now, or never for a finished order', () => {
    const o = { stage: 5, stageEnteredAt: iso(NOW - 2 * H), promisedDate: '2026-03-01' };
    expect(nextVerdictChange(o, DEFAULT_BUDGETS, NOW)).toBe(NOW + 10 * H + 1);
    expect(nextVerdictChange({ ...o, stage: 12 }, DEFAULT_BUDGETS, NOW)).toBe(Infinity);
  });
});
