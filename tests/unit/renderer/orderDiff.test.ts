import { describe, expect, it } from 'vitest';
import type { MapOrder } from '@shared/contract';
import { diffOrders, inPlaceChanges } from '@renderer/map/orderDiff';
import { order } from './fixtures';

const byId = (orders: MapOrder[]) => new Map(orders.map((o) => [o.id, o]));

describe('diffOrders', () => {
  it('adds everything the first time', () => {
    const d = diffOrders(new Map(), [order('1')], [order('2', { status: 'at_risk' })]);
    expect(d.added.map((o) => o.id)).toEqual(['1', '2']);
    expect(d.removed).toEqual([]);
  });

  it('removes, restyles and moves by id, and leaves the rest alone', () => {
    const prev = byId([order('1'), order('2', { status: 'at_risk' }), order('3'), order('4')]);
    const d = diffOrders(prev, [order('2'), order('3', { lat: 30 }), order('4', { hoursLate: 99 })], []);
    expect(d.removed).toEqual(['1']);
    expect(d.restyled.map((o) => o.id)).toEqual(['2']);
    expect(d.moved.map((o) => o.id)).toEqual(['3']);
    expect(d.added).toEqual([]);
    expect(d.next.get('4')?.hoursLate).toBe(99);
  });

  it('draws an order listed twice once, as overdue', () => {
    const d = diffOrders(new Map(), [order('1')], [order('1', { status: 'at_risk' })]);
    expect(d.added).toHaveLength(1);
    expect(d.next.get('1')?.status).toBe('overdue');
  });
});

describe('inPlaceChanges', () => {
  type P = { id: string; lat: number; lng: number; status: string };
  const p = (id: string, patch: Partial<P> = {}): P => ({ id, lat: 31, lng: 121, status: 'overdue', ...patch });
  const all = () => true;

  it('lists replaced points, and which of them are on the map', () => {
    const a = p('a');
    const b = p('b');
    const shown = new Map([['a', a], ['b', b], ['c', p('c')]]);
    const live = new Map(shown);
    live.set('a', p('a', { status: 'at_risk' }));
    live.set('c', p('c', { status: 'at_risk' }));
    const d = inPlaceChanges(shown, live, (x) => x.id !== 'c', 10);
    expect(d?.changed.map((x) => x.id)).toEqual(['a', 'c']);
    expect(d?.restyle.map((x) => x.id)).toEqual(['a']);
    expect(inPlaceChanges(shown, new Map(shown), all, 10)).toEqual({ changed: [], restyle: [] });
  });

  it('asks for a rebuild when clusters or the shown set would change', () => {
    const shown = new Map([['a', p('a')], ['b', p('b')]]);
    const moved = new Map(shown).set('a', p('a', { lat: 30 }));
    expect(inPlaceChanges(shown, moved, all, 10)).toBeNull();
    const swapped = new Map([['a', p('a')], ['c', p('c')]]);
    expect(inPlaceChanges(shown, swapped, all, 10)).toBeNull();
    expect(inPlaceChanges(shown, new Map([['a', p('a')]]), all, 10)).toBeNull();
    // the at-risk toggle is off: a point turning at risk leaves the map
    const turned = new Map(shown).set('a', p('a', { status: 'at_risk' }));
    expect(inPlaceChanges(shown, turned, (x) => x.status === 'overdue', 10)).toBeNull();
    const both = new Map(turned).set('b', p('b', { status: 'at_risk' }));
    expect(inPlaceChanges(shown, both, all, 1)).toBeNull();
    expect(inPlaceChanges(shown, both, all, 2)?.changed).toHaveLength(2);
  });
});
