import { describe, expect, it } from 'vitest';
import type { MapOrder } from '@shared/contract';
import { diffOrders } from '@renderer/map/orderDiff';
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
