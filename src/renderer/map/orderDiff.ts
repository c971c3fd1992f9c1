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
