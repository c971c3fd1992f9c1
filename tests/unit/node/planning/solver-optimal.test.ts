// On random small instances the solver's objective equals a brute-force optimum (issue 6, item 9),
// for each job plan model (every family's installation jobs), including plan C's bought overtime.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { PlanKind } from '@shared/plans';
import { planModel } from '@node/planning/plan-models';
import { solveAssignment, type AssignmentModel } from '@node/planning/solver';
import { smallProblem } from './fixtures';

/** Every assignment of options (or none) to jobs; slots over capacity buy extra if they may. */
function bruteForce(m: AssignmentModel): number {
  const byJob: number[][] = Array.from({ length: m.jobs }, () => []);
  m.options.forEach((o, i) => byJob[o.job]!.push(i));
  const used = new Array<number>(m.slots.length).fill(0);
  let best = Infinity;
  const visit = (j: number, cost: number) => {
    if (j === m.jobs) {
      let total = cost;
      for (let s = 0; s < m.slots.length; s++) {
        const over = used[s]! - Math.max(0, m.slots[s]!.free);
        if (over <= 0) continue;
        if (over > (m.slots[s]!.extraMax ?? 0)) return;
        total += over * (m.slots[s]!.extraCost ?? 0);
      }
      best = Math.min(best, total);
      return;
    }
    visit(j + 1, cost + m.unplacedCost[j]!);
    for (const i of byJob[j]!) {
      const o = m.options[i]!;
      used[o.slot]!++;
      visit(j + 1, cost + o.cost);
      used[o.slot]!--;
    }
  };
  visit(0, 0);
  return best;
}

// one kind per distinct model: any crew for 3 days, the same crew for 14, overtime, any crew for 14
// (wait_carrier, push_downstream and the switch plans' re-booking use reschedule's model)
const KINDS: PlanKind[] = ['reassign', 'reschedule', 'capacity', 'book_missing'];

describe('plan solver', () => {
  for (const kind of KINDS) {
    it(`plan ${kind}: HiGHS finds the brute-force optimum on random small instances`, async () => {
      await fc.assert(
        fc.asyncProperty(smallProblem, async (p) => {
          const pm = planModel(p, kind);
          const r = await solveAssignment(pm.model);
          expect(r.status).toBe('optimal');
          const brute = bruteForce(pm.model);
          expect(Math.abs(r.objective - brute)).toBeLessThan(0.5);
          // and the solution it reports is feasible: each job once, no slot beyond free + bought extra
          const used = new Array<number>(pm.model.slots.length).fill(0);
          r.choice.forEach((c) => c >= 0 && used[pm.model.options[c]!.slot]!++);
          used.forEach((u, s) => expect(u).toBeLessThanOrEqual(Math.max(0, pm.model.slots[s]!.free) + r.extra[s]!));
        }),
        { numRuns: 100, seed: Number(process.env.DUTYDESK_SEED ?? 20261125) },
      );
    });
  }
});
