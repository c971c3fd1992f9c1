/**
 * The shift report's figures: pure functions of replica rows and the shift window [start, end).
 * An order's state at an instant is rebuilt from its stage events (the latest one at or before
 * the instant gives its stage and when it entered it), so "overdue at the start" is what the
 * board showed then, not what is known now.
 */
import type { ReportKpis } from '@shared/report';
import { assessLateness } from '@shared/rules';
import { FINAL_STAGE, type StageBudgets } from '@shared/stages';
import { endOfShanghaiDay } from '@shared/time';
import type { ReportOrder, SentText, StageEvent } from './report-rows';

export interface Window {
  start: number;
  end: number;
}

const inWindow = (w: Window, at: number) => at >= w.start && at < w.end;

/** Stage events per order, oldest first. */
export type Timelines = Map<string, { stage: number; at: number }[]>;

export function buildTimelines(events: readonly StageEvent[]): Timelines {
  const out: Timelines = new Map();
  for (const e of events) {
    let list = out.get(e.orderId);
    if (!list) out.set(e.orderId, (list = []));
    list.push({ stage: e.stage, at: e.at });
  }
  for (const list of out.values()) list.sort((a, b) => a.at - b.at || a.stage - b.stage);
  return out;
}

/** The ids of the orders that were overdue at `t` (orders with no stage event yet did not exist). */
export function overdueAt(timelines: Timelines, orders: ReadonlyMap<string, Pick<ReportOrder, 'promisedDate'>>, budgets: StageBudgets, t: number): string[] {
  const out: string[] = [];
  for (const [id, list] of timelines) {
    let current: { stage: number; at: number } | undefined;
    for (const e of list) {
      if (e.at > t) break;
      current = e;
    }
    if (!current || current.stage >= FINAL_STAGE) continue;
    const order = orders.get(id);
    if (!order) continue;
    const verdict = assessLateness({ stage: current.stage, stageEnteredAt: new Date(current.at).toISOString(), promisedDate: order.promisedDate }, budgets, t);
    if (verdict.status === 'overdue') out.push(id);
  }
  return out;
}

/** Sample instants from the start to the end of the window, every `stepMs`, the end included. */
export function samplePoints(w: Window, stepMs: number): number[] {
  const out: number[] = [];
  for (let t = w.start; t < w.end; t += stepMs) out.push(t);
  out.push(w.end);
  return out;
}

export interface KpiInput {
  stageEvents: readonly StageEvent[];
  orders: ReadonlyMap<string, ReportOrder>;
  texts: readonly SentText[];
  budgets: StageBudgets;
  timelines: Timelines;
}

/** The KPIs of a window. `w.end` is the end of what happened so far (min(shift end, now)). */
export function computeKpis(input: KpiInput, w: Window): ReportKpis {
  let newOrders = 0;
  let stagesCompleted = 0;
  let installationsDone = 0;
  let onTime = 0;
  for (const e of input.stageEvents) {
    if (!inWindow(w, e.at)) continue;
    if (e.stage === 1) newOrders++;
    else stagesCompleted++;
    if (e.stage === FINAL_STAGE) {
      installationsDone++;
      const promised = input.orders.get(e.orderId)?.promisedDate;
      if (promised && e.at < endOfShanghaiDay(promised)) onTime++;
    }
  }
  const textsSent = input.texts.filter((n) => inWindow(w, n.sentAt)).length;
  return {
    newOrders,
    stagesCompleted,
    installationsDone,
    overdueAtStart: overdueAt(input.timelines, input.orders, input.budgets, w.start).length,
    overdueAtEnd: overdueAt(input.timelines, input.orders, input.budgets, w.end).length,
    onTime,
    onTimeRate: installationsDone === 0 ? null : onTime / installationsDone,
    textsSent,
  };
}
