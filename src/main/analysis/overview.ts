/**
 * The overdue overview of the desk (`overview`, `overdueOrders`), evaluated when asked against the
 * server's clock, which moves on its own.
 */
import type { Counters, MapOrder, Overview } from '@shared/contract';
import { assessLateness } from '@shared/rules';
import type { StageBudgets } from '@shared/stages';
import { FINAL_STAGE } from '@shared/stages';
import { shanghaiDate, shanghaiIso } from '@shared/time';
import type { OrderRow } from '@main/replica/store';

/**
 * The overview (counters, overdue and at-risk lists) as of `now` (epoch ms, server clock), from
 * the orders the war room already holds in memory: one scan, no second copy of every order.
 */
export function evaluateOverview(orders: Iterable<OrderRow>, budgets: StageBudgets, now: number, checkpoint: number): Overview {
  const counters: Counters = { inFlight: 0, overdue: 0, atRisk: 0, doneToday: 0 };
  const overdue: MapOrder[] = [];
  const atRisk: MapOrder[] = [];
  const today = shanghaiDate(now);
  for (const o of orders) {
    if (o.stage >= FINAL_STAGE) {
      if (shanghaiDate(Date.parse(o.stageEnteredAt)) === today) counters.doneToday++;
      continue;
    }
    counters.inFlight++;
    const verdict = assessLateness(o, budgets, now);
    if (verdict.status === 'overdue' || verdict.status === 'at_risk') {
      const item: MapOrder = {
        id: o.id,
        orderNo: o.orderNo,
        stage: o.stage,
        district: o.district,
        city: o.city,
        lat: o.lat,
        lng: o.lng,
        promisedDate: o.promisedDate,
        status: verdict.status,
        reason: verdict.reason,
        hoursLate: Math.round(verdict.hoursLate * 10) / 10,
        causes: o.causes,
      };
      if (verdict.status === 'overdue') overdue.push(item);
      else atRisk.push(item);
    }
  }
  counters.overdue = overdue.length;
  counters.atRisk = atRisk.length;
  overdue.sort((a, b) => b.hoursLate - a.hoursLate);
  return { asOf: shanghaiIso(now), checkpoint, counters, overdue, atRisk };
}
