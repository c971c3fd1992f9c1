/**
 * Overdue and at-risk rules (domain.md): pure functions of an order, the budgets and "now".
 * - overdue: the current stage has outlived its dwell budget, or the promised date has passed;
 * - at risk: not overdue, but the projected finish (the rest of this stage's budget plus the
 *   budgets of every later stage) lands after the promised date.
 * A finished order (stage 12) is neither.
 */
import { FINAL_STAGE, type StageBudgets } from './stages';
import { endOfShanghaiDay } from './time';

export interface OrderTiming {
  stage: number;
  stageEnteredAt: string;
  promisedDate: string;
}

export type Lateness = 'done' | 'overdue' | 'at_risk' | 'on_track';

export interface LatenessVerdict {
  status: Lateness;
  /** why, in codes the UI translates: 'stage_budget' | 'promised_date' | 'projected' */
  reason?: 'stage_budget' | 'promised_date' | 'projected';
  /** hours past the stage budget or the promised date (0 when not overdue) */
  hoursLate: number;
  /** projected finish, epoch ms */
  projectedFinish: number;
}

const HOUR = 3600_000;

export function budgetMs(budgets: StageBudgets, stage: number): number {
  const h = budgets[stage];
  return h == null ? 0 : h * HOUR;
}

export function projectedFinish(order: OrderTiming, budgets: StageBudgets, now: number): number {
  const entered = Date.parse(order.stageEnteredAt);
  let t = Math.max(now, entered + budgetMs(budgets, order.stage));
  for (let s = order.stage + 1; s < FINAL_STAGE; s++) t += budgetMs(budgets, s);
  return t;
}

export function assessLateness(order: OrderTiming, budgets: StageBudgets, now: number): LatenessVerdict {
  if (order.stage >= FINAL_STAGE) return { status: 'done', hoursLate: 0, projectedFinish: Date.parse(order.stageEnteredAt) };
  const finish = projectedFinish(order, budgets, now);
  const deadline = endOfShanghaiDay(order.promisedDate);
  if (now >= deadline) {
    return { status: 'overdue', reason: 'promised_date', hoursLate: (now - deadline) / HOUR, projectedFinish: finish };
  }
  const budget = budgets[order.stage];
  if (budget != null) {
    const over = now - Date.parse(order.stageEnteredAt) - budget * HOUR;
    if (over > 0) return { status: 'overdue', reason: 'stage_budget', hoursLate: over / HOUR, projectedFinish: finish };
  }
  if (finish > deadline) return { status: 'at_risk', reason: 'projected', hoursLate: 0, projectedFinish: finish };
  return { status: 'on_track', hoursLate: 0, projectedFinish: finish };
}

export function isOverdue(order: OrderTiming, budgets: StageBudgets, now: number): boolean {
  return assessLateness(order, budgets, now).status === 'overdue';
}

export function isAtRisk(order: OrderTiming, budgets: StageBudgets, now: number): boolean {
  return assessLateness(order, budgets, now).status === 'at_risk';
}

/** A digest line (protocol.md, `digest`): hashing happens at the edges, the format lives here. */
export function digestLine(entity: string, id: string, version: number): string {
  return `${entity}:${id}:${version}\n`;
}
