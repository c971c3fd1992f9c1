/**
 * The hand-off rule the seed business lost by hand (domain.md): an order delivered (stage 10)
 * whose installation is not booked within the delivered stage's budget (48 h by default) is
 * flagged `missing_handoff`, once. Pure: candidates and the clock in, the orders to flag out.
 */
import type { StageBudgets } from '@shared/stages';

export interface DeliveredOrder {
  id: string;
  stage: number;
  stageEnteredAt: string;
  causes: readonly string[];
  /** status of its active (not cancelled) installation job, null when it has none */
  jobStatus: string | null;
}

export const HANDOFF_STAGE = 10;
export const DEFAULT_HANDOFF_HOURS = 48;

export function ordersToFlag(orders: readonly DeliveredOrder[], budgets: StageBudgets, now: number): string[] {
  const hours = budgets[HANDOFF_STAGE] ?? DEFAULT_HANDOFF_HOURS;
  const limit = hours * 3_600_000;
  return orders
    .filter((o) => o.stage === HANDOFF_STAGE && !o.causes.includes('missing_handoff'))
    .filter((o) => o.jobStatus === null || o.jobStatus === 'unbooked')
    .filter((o) => now - Date.parse(o.stageEnteredAt) > limit)
    .map((o) => o.id)
    .sort();
}
