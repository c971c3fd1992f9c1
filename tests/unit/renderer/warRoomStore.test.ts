// The renderer follows the map by versioned deltas, re-reads on a gap; filters and keys are pure.
import { describe, expect, it } from 'vitest';
import type { MapPoint, WarCounters } from '@shared/war-room';
import { EMPTY_FILTERS, loadFilters, matchesFilters, saveFilters } from '@renderer/state/mapFilters';
import { WarRoomStore } from '@renderer/state/warRoomStore';
import { stepIncident } from '@renderer/war-room/keyboard';

const counters: WarCounters = { inFlight: 3, overdue: 1, atRisk: 1, doneToday: 0, doneOnTimeToday: 0, onTimeRate: null };
const point = (id: string, over: Partial<MapPoint> = {}): MapPoint => ({
  id, orderNo: id, stage: 5, status: 'overdue', reason: 'stage_budget', lateSince: null, promisedDate: '2026-02-10', city: '上海市', district: '浦东新区',
  lat: 31, lng: 121, channel: 'tmall', productType: 'wardrobe', causes: ['machine_fault'], crewId: null, carrier: null, workstation: null, ...over,
});

describe('WarRoomStore', () => {
  it('applies deltas that follow its version and refuses a gap or a resync', () => {
    const store = new WarRoomStore();
    store.loadSnapshot({ version: 4, asOf: '2026-02-02T10:00:00+08:00', counters, points: [point('a'), point('b')] });
    const delta = { asOf: '2026-02-02T10:00:01+08:00', counters, resync: false };
    expect(store.applyDelta({ ...delta, from: 4, to: 5, upserts: [point('c', { status: 'at_risk' })], removed: ['a'] })).toBe(true);
    expect([...store.points.keys()].sort()).toEqual(['b', 'c']);
    expect(store.get().serverVersion).toBe(5);
    expect(store.applyDelta({ ...delta, from: 7, to: 8, upserts: [], removed: ['b'] })).toBe(false);
    expect(store.points.has('b')).toBe(true);
    expect(store.applyDelta({ ...delta, from: 5, to: 6, upserts: [], removed: [], resync: true })).toBe(false);
  });

  it('names the ids the last delta changed, so the map recolours them from the one copy of the points', () => {
    const store = new WarRoomStore();
    store.loadSnapshot({ version: 1, asOf: '2026-02-02T10:00:00+08:00', counters, points: [point('a'), point('b')] });
    expect(store.lastDelta).toBeNull();
    const delta = { asOf: '2026-02-02T10:00:01+08:00', counters, resync: false };
    store.applyDelta({ ...delta, from: 1, to: 2, upserts: [point('b', { status: 'at_risk' })], removed: ['a'] });
    expect(store.lastDelta).toEqual({ mapVersion: store.get().mapVersion, ids: ['a', 'b'] });
    // counters only: the map is unchanged, and so is what the last change named
    const before = store.lastDelta;
    store.applyDelta({ ...delta, from: 2, to: 3, upserts: [], removed: [] });
    expect(store.lastDelta).toBe(before);
    store.loadSnapshot({ version: 9, asOf: '2026-02-02T10:00:02+08:00', counters, points: [] });
    expect(store.lastDelta).toBeNull();
  });
});

describe('map filters', () => {
  it('match on every dimension and on an incident’s order ids', () => {
    const p = point('a', { carrier: '安能物流' });
    expect(matchesFilters(p, EMPTY_FILTERS, null)).toBe(true);
    expect(matchesFilters(p, { ...EMPTY_FILTERS, carrier: '德邦物流' }, null)).toBe(false);
    expect(matchesFilters(p, { ...EMPTY_FILTERS, cause: 'machine_fault', stage: 5 }, null)).toBe(true);
    expect(matchesFilters(p, EMPTY_FILTERS, new Set(['b']))).toBe(false);
    expect(matchesFilters(point('r', { status: 'at_risk' }), { ...EMPTY_FILTERS, showAtRisk: false }, null)).toBe(false);
  });

  it('persist per supervisor and ignore junk', () => {
    const mem = new Map<string, string>();
    const storage = { getItem: (k: string) => mem.get(k) ?? null, setItem: (k: string, v: string) => void mem.set(k, v) };
    saveFilters(storage, { ...EMPTY_FILTERS, district: '浦东新区', density: true });
    expect(loadFilters(storage)).toMatchObject({ district: '浦东新区', density: true, stage: null });
    mem.set('dutydesk.mapFilters', '{"stage":"x","density":3,"district":7');
    expect(loadFilters(storage)).toEqual(EMPTY_FILTERS);
  });
});

describe('keyboard', () => {
  it('j/k step through incidents and stop at the ends', () => {
    expect(stepIncident(['a', 'b', 'c'], null, 1)).toBe('a');
    expect(stepIncident(['a', 'b', 'c'], 'a', 1)).toBe('b');
    expect(stepIncident(['a', 'b', 'c'], 'c', 1)).toBe('c');
    expect(stepIncident(['a', 'b', 'c'], 'a', -1)).toBe('a');
    expect(stepIncident([], null, 1)).toBeNull();
  });
});
