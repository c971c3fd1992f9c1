/**
 * The desk's in-memory view of every order's timing. It is updated from each applied batch
 * (never by re-reading the replica per change) and evaluated against the server's clock, which
 * moves on its own, so lateness is recomputed on a timer as well as on changes.
 */
import type { Counters, MapOrder, Overview } from '@shared/contract';
import { assessLateness } from '@shared/rules';
import type { StageBudgets } from '@shared/stages';
import { FINAL_STAGE } from '@shared/stages';
import { shanghaiDate, shanghaiIso } from '@shared/time';
import type { AppliedBatch, OrderRow } from '@main/replica/store';

export class OverdueIndex {
  private readonly orders = new Map<string, OrderRow>();

  constructor(private budgets: StageBudgets) {}

  load(rows: Iterable<OrderRow>): void {
    this.orders.clear();
    for (const row of rows) this.orders.set(row.id, row);
  }

  apply(batch: AppliedBatch): void {
    for (const id of batch.deletedOrderIds) this.orders.delete(id);
    for (const row of batch.upsertedOrders) this.orders.set(row.id, row);
  }

  setBudgets(budgets: StageBudgets): void {
    this.budgets = budgets;
  }

  get size(): number {
    return this.orders.size;
  }

  /** Overdue and at-risk orders with the counters, as of `now` (epoch ms, server clock). */
  evaluate(now: number, checkpoint: number): Overview {
    const counters: Counters = { inFlight: 0, overdue: 0, atRisk: 0, doneToday: 0 };
    const overdue: MapOrder[] = [];
    const atRisk: MapOrder[] = [];
    const today = shanghaiDate(now);
    for (const o of this.orders.values()) {
      if (o.stage >= FINAL_STAGE) {
        if (shanghaiDate(Date.parse(o.stageEnteredAt)) === today) counters.doneToday++;
        continue;
      }
      counters.inFlight++;
      const verdict = assessLateness(o, this.budgets, now);
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
}
