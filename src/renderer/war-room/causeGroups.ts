/**
 * Client-side aggregation of overdue orders by cause and district (a later release replaces it
 * with the back end's incidents). An order tagged with two causes counts in both groups; an
 * order with none counts under UNTAGGED.
 */
import type { MapOrder } from '@shared/contract';

export const UNTAGGED = '';

export interface CauseGroup {
  key: string;
  cause: string;
  city: string;
  district: string;
  count: number;
  maxHoursLate: number;
  orderIds: string[];
}

export function groupOverdue(orders: readonly MapOrder[], limit = 10): CauseGroup[] {
  const groups = new Map<string, CauseGroup>();
  for (const order of orders) {
    const causes = order.causes.length > 0 ? new Set(order.causes) : [UNTAGGED];
    for (const cause of causes) {
      const key = `${cause}\u0000${order.city}\u0000${order.district}`;
      let g = groups.get(key);
      if (!g) {
        g = { key, cause, city: order.city, district: order.district, count: 0, maxHoursLate: 0, orderIds: [] };
        groups.set(key, g);
      }
      g.count += 1;
      g.maxHoursLate = Math.max(g.maxHoursLate, order.hoursLate);
      g.orderIds.push(order.id);
    }
  }
  return [...groups.values()]
    .sort((a, b) => b.count - a.count || b.maxHoursLate - a.maxHoursLate || a.key.localeCompare(b.key))
    .slice(0, limit);
}
