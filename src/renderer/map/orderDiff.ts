/** Which dots to add, remove, recolour or move when a new overview arrives (pure). */
import type { MapOrder } from '@shared/contract';

export interface OrderDiff {
  /** every order to draw, by id; an id listed as overdue and at risk counts as overdue */
  next: Map<string, MapOrder>;
  added: MapOrder[];
  removed: string[];
  /** status changed (overdue ↔ at risk) */
  restyled: MapOrder[];
  /** coordinates changed */
  moved: MapOrder[];
}

export function diffOrders(prev: ReadonlyMap<string, MapOrder>, overdue: readonly MapOrder[], atRisk: readonly MapOrder[]): OrderDiff {
  const next = new Map<string, MapOrder>();
  for (const o of overdue) next.set(o.id, o);
  for (const o of atRisk) if (!next.has(o.id)) next.set(o.id, o);
  const added: MapOrder[] = [];
  const restyled: MapOrder[] = [];
  const moved: MapOrder[] = [];
  const removed: string[] = [];
  for (const id of prev.keys()) if (!next.has(id)) removed.push(id);
  for (const [id, order] of next) {
    const before = prev.get(id);
    if (!before) {
      added.push(order);
      continue;
    }
    if (before.status !== order.status) restyled.push(order);
    if (before.lat !== order.lat || before.lng !== order.lng) moved.push(order);
  }
  return { next, added, removed, restyled, moved };
}

/**
 * The points a pushed delta restyled in place (issue 5): compares the copy the map last drew from
 * with the store's live points by identity (the store replaces a changed point, never mutates it).
 * `changed` = every replaced point; `restyle` = those of them on the map (`shows` before and after).
 * Null when the clusters must be rebuilt instead: a point added, removed or moved, one that enters
 * or leaves the map (filters, at-risk toggle), or more than `limit` changes (one re-index is cheaper).
 */
export function inPlaceChanges<P extends { id: string; lat: number; lng: number }>(
  shown: ReadonlyMap<string, P>,
  live: ReadonlyMap<string, P>,
  shows: (p: P) => boolean,
  limit: number,
): { changed: P[]; restyle: P[] } | null {
  if (shown.size !== live.size) return null;
  const changed: P[] = [];
  const restyle: P[] = [];
  for (const [id, p] of live) {
    const before = shown.get(id);
    if (before === p) continue;
    if (!before || before.lat !== p.lat || before.lng !== p.lng || changed.length >= limit) return null;
    const on = shows(p);
    if (on !== shows(before)) return null;
    changed.push(p);
    if (on) restyle.push(p);
  }
  return { changed, restyle };
}
