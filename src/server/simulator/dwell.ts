/** How long the simulated floor keeps an order in a stage (sim ms). Mostly within budget. */
import { DEFAULT_BUDGETS } from '@shared/stages';
import type { Cause } from '@shared/vocab';
import type { Rng } from '@server/simulator/prng';

const HOUR = 3_600_000;

export function dwellMs(rng: Rng, stage: number, slow = false): number {
  const budget = DEFAULT_BUDGETS[stage] ?? null;
  if (budget == null) return rng.range(2, 30) * HOUR * (slow ? 2 : 1);
  const factor = slow ? rng.range(1.4, 2.8) : rng.chance(0.9) ? rng.range(0.3, 0.95) : rng.range(1.05, 2.2);
  return budget * factor * HOUR;
}

/** A cause that fits what goes wrong in a stage. */
export function causeFor(rng: Rng, stage: number): Cause {
  const byStage: Record<number, Cause[]> = {
    1: ['customer_reschedule'], 2: ['design_rework', 'site_problem'], 3: ['board_shortage'], 4: ['board_shortage', 'machine_fault'],
    5: ['machine_fault', 'quality_rework'], 6: ['machine_fault'], 7: ['quality_rework'], 8: ['missing_handoff'], 9: ['logistics'],
    10: ['installer_shortage', 'missing_handoff'], 11: ['customer_reschedule', 'site_problem'],
  };
  return rng.pick(byStage[stage] ?? ['quality_rework']);
}
