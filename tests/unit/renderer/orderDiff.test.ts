// The map recolours a delta's points in place from the layer's drawn points and the store's live
// ones (no second copy of the points), or asks for a re-cluster.
import { describe, expect, it } from 'vitest';
import { inPlaceChanges } from '@renderer/map/orderDiff';

type P = { id: string; lat: number; lng: number; status: string };
const p = (id: string, patch: Partial<P> = {}): P => ({ id, lat: 31, lng: 121, status: 'overdue', ...patch });
const all = () => true;
const lookup = (points: P[]) => {
  const m = new Map(points.map((x) => [x.id, x]));
  return (id: string) => m.get(id);
};

describe('inPlaceChanges', () => {
  it('recolours the changed points the map shows, and skips those it shows neither before nor after', () => {
    const drawn = lookup([p('a'), p('b')]);
    const live = lookup([p('a', { status: 'at_risk' }), p('b'), p('c', { status: 'at_risk' })]);
    // c is hidden before and after (not drawn, filtered out now)
    const restyle = inPlaceChanges(['a', 'c'], drawn, live, (x) => x.id !== 'c', 10);
    expect(restyle?.map((x) => [x.id, x.status])).toEqual([['a', 'at_risk']]);
    expect(inPlaceChanges([], drawn, live, all, 10)).toEqual([]);
  });

  it('asks for a re-cluster when a shown point moves, goes, appears or leaves the view, or too many change', () => {
    const drawn = lookup([p('a'), p('b')]);
    expect(inPlaceChanges(['a'], drawn, lookup([p('a', { lat: 30 })]), all, 10)).toBeNull();
    expect(inPlaceChanges(['a'], drawn, lookup([]), all, 10)).toBeNull();
    expect(inPlaceChanges(['c'], drawn, lookup([p('c')]), all, 10)).toBeNull();
    // the at-risk toggle is off: a point turning at risk leaves the map
    expect(inPlaceChanges(['a'], drawn, lookup([p('a', { status: 'at_risk' })]), (x) => x.status === 'overdue', 10)).toBeNull();
    const both = lookup([p('a', { status: 'at_risk' }), p('b', { status: 'at_risk' })]);
    expect(inPlaceChanges(['a', 'b'], drawn, both, all, 1)).toBeNull();
    expect(inPlaceChanges(['a', 'b'], drawn, both, all, 2)).toHaveLength(2);
  });
});
