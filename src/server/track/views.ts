/**
 * What the self-service page shows of an order (issue 18), pure: the order, its stage events, its
 * installation job, the budgets and "now" in; the contract's list item and detail out.
 * - planned dates: stages already reached keep the plan from signing (each stage's dwell budget
 *   after the one before); the next ones are projected from where the order is, the same
 *   arithmetic as projectedFinish (src/shared/rules.ts), so the last planned date is its finish;
 * - expected completion: the booked installation date once there is one, else the projected
 *   finish; for a finished order the day it was accepted.
 */
import { maskName } from '@shared/projection';
import { budgetMs, projectedFinish } from '@shared/rules';
import { FINAL_STAGE, STAGES, stageDef, type StageBudgets } from '@shared/stages';
import { trackingLink } from '@shared/supply-rules';
import { shanghaiDate } from '@shared/time';
import { stageProgress, type TrackContact, type TrackOrderDetail, type TrackOrderSummary, type TrackStage } from '@shared/track';

export interface TrackOrderInput {
  orderNo: string;
  productType: string;
  customerName: string;
  district: string;
  stage: number;
  stageEnteredAt: string;
  signedAt: string;
  carrier: string | null;
  waybill: string | null;
  bookedSlot: string | null;
}

export interface TrackJobInput {
  date: string | null;
  window: string | null;
  status: string;
}

export interface TrackContext {
  budgets: StageBudgets;
  now: number;
}

const LIVE_JOB = new Set(['booked', 'in_progress', 'done']);

/** When each stage was reached: its latest stage event; stage 1 is the signing. */
export function reachedAt(order: TrackOrderInput, stageEvents: ReadonlyArray<{ stage: number | null; at: string }>): Map<number, string> {
  const out = new Map<number, string>([[1, order.signedAt]]);
  for (const e of stageEvents) {
    if (e.stage == null || e.stage > order.stage) continue;
    const seen = out.get(e.stage);
    if (e.stage !== 1 && (!seen || Date.parse(e.at) > Date.parse(seen))) out.set(e.stage, e.at);
  }
  // the current stage's entry is on the order itself (backlog orders may lack the event)
  if (!out.has(order.stage)) out.set(order.stage, order.stageEnteredAt);
  return out;
}

/** Planned arrival in each stage (epoch ms), 1..12. */
export function plannedTimes(order: TrackOrderInput, budgets: StageBudgets, now: number): Map<number, number> {
  const out = new Map<number, number>();
  let plan = Date.parse(order.signedAt);
  for (let s = 1; s <= order.stage; s++) {
    out.set(s, plan);
    plan += budgetMs(budgets, s);
  }
  let next = Math.max(now, Date.parse(order.stageEnteredAt) + budgetMs(budgets, order.stage));
  for (let s = order.stage + 1; s <= FINAL_STAGE; s++) {
    out.set(s, next);
    next += budgetMs(budgets, s);
  }
  return out;
}

export function installationOf(order: TrackOrderInput, job: TrackJobInput | null): { date: string; window: string | null } | null {
  if (job && job.date && LIVE_JOB.has(job.status)) return { date: job.date, window: job.window };
  const [date, window] = (order.bookedSlot ?? '').split(' ');
  return date && /^\d{4}-\d{2}-\d{2}$/.test(date) ? { date, window: window || null } : null;
}

export function expectedCompletion(order: TrackOrderInput, job: TrackJobInput | null, ctx: TrackContext): string {
  if (order.stage >= FINAL_STAGE) return shanghaiDate(Date.parse(order.stageEnteredAt));
  const booked = installationOf(order, job);
  if (booked) return booked.date;
  return shanghaiDate(projectedFinish({ stage: order.stage, stageEnteredAt: order.stageEnteredAt, promisedDate: '' }, ctx.budgets, ctx.now));
}

export function orderSummary(order: TrackOrderInput, job: TrackJobInput | null, ctx: TrackContext): TrackOrderSummary {
  return {
    orderNo: order.orderNo,
    productType: order.productType,
    customerName: maskName(order.customerName),
    stage: order.stage,
    stageName: stageDef(order.stage).zh,
    expectedCompletion: expectedCompletion(order, job, ctx),
    progress: stageProgress(order.stage),
  };
}

export interface DetailInput {
  order: TrackOrderInput;
  stageEvents: ReadonlyArray<{ stage: number | null; at: string }>;
  job: TrackJobInput | null;
  /** the carrier's tracking URL template ({waybill}), when the carrier is known */
  trackingUrl: string | null;
  contact: TrackContact;
  openRequest: { wanted: string; at: string } | null;
}

export function orderDetail(d: DetailInput, ctx: TrackContext): TrackOrderDetail {
  const { order } = d;
  const reached = reachedAt(order, d.stageEvents);
  const planned = plannedTimes(order, ctx.budgets, ctx.now);
  const stages: TrackStage[] = STAGES.map((s) => ({
    no: s.no,
    zh: s.zh,
    en: s.en,
    planned: planned.has(s.no) ? shanghaiDate(planned.get(s.no) as number) : null,
    actual: s.no <= order.stage ? (reached.get(s.no) ?? null) : null,
    state: s.no < order.stage || order.stage === FINAL_STAGE ? 'done' : s.no === order.stage ? 'current' : 'next',
  }));
  const url = order.stage >= 9 && order.carrier && order.waybill && d.trackingUrl ? trackingLink({ trackingUrl: d.trackingUrl }, order.waybill) : '';
  return {
    orderNo: order.orderNo,
    customerName: maskName(order.customerName),
    productType: order.productType,
    district: order.district,
    stages,
    current: order.stage,
    contact: d.contact,
    expectedCompletion: expectedCompletion(order, d.job, ctx),
    installation: installationOf(order, d.job),
    tracking: url && order.carrier && order.waybill ? { carrier: order.carrier, waybill: order.waybill, url } : null,
    canRequestDate: order.stage < FINAL_STAGE && d.openRequest === null,
    openRequest: d.openRequest,
  };
}
